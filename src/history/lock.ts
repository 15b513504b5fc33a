/**
 * One process per history file: appends from two processes would interleave with a compaction's
 * rename and lose entries. The lock file holds the owner's pid; a lock whose process is gone (a
 * crash, kill -9) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';

/** Thrown when another live process holds the history file. */
export class HistoryLockedError extends Error {
  override name = 'HistoryLockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path`; returns its release. */
export async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const h = await open(path, 'wx', 0o600);
      await h.writeFile(String(process.pid));
      await h.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || alive(owner))) {
      throw new HistoryLockedError(`${path} is held by process ${owner}; give each bot replica its own history file`);
    }
    await rm(path, { force: true });
  }
  throw new HistoryLockedError(`could not take ${path}`);
}
