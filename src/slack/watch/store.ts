/**
 * Watches persisted in `<stateDir>/watches.json` so they survive a restart. Written atomically:
 * a temporary file in the same directory, then rename (atomic on POSIX filesystems), so a crash
 * mid-write leaves the previous file intact.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WatchTally } from '../../monitor/watch.ts';

/** One watch as stored: its tally, and the thread it reports in. */
export interface WatchRecord extends WatchTally {
  id: string;
  channel: string;
  threadTs: string;
  user: string;
}

const FILE = 'watches.json';

/** Reads and writes the watch file. */
export class WatchStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, FILE);
  }

  /** The stored watches; none when the file does not exist. A corrupt file is an error. */
  async load(): Promise<WatchRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = JSON.parse(text) as { version?: number; watches?: WatchRecord[] };
    return Array.isArray(parsed.watches) ? parsed.watches : [];
  }

  /** Replaces the file's content; writes are serialised. */
  save(watches: readonly WatchRecord[]): Promise<void> {
    const body = `${JSON.stringify({ version: 1, watches }, null, 2)}\n`;
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await mkdir(this.dir, { recursive: true });
      const tmp = path.join(this.dir, `.${FILE}.${process.pid}.${Date.now()}.tmp`);
      await writeFile(tmp, body, { mode: 0o600 });
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}
