/**
 * The embedded history store: an append-only JSON-lines file in the bot's state directory, no
 * server needed. Each append is one write of a checksummed line followed by fsync, and resolves
 * only then, so an acknowledged entry survives a crash (kill -9, power loss). On open, a torn last
 * line (an append cut short) is cut off and damaged lines are skipped. Retention is applied by
 * rewriting the kept entries to a temporary file, fsync, and rename over the old file.
 */
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { decodeLog, encodeEntry, type LineProblem } from './codec.ts';
import type { HistoryEntry } from './entry.ts';
import { acquireLock } from './lock.ts';
import { DEFAULT_RETENTION, retain, type RetentionPolicy } from './retention.ts';
import type { HistoryStore } from './store.ts';

/** Options of {@link FileHistoryStore.open}. */
export interface FileHistoryOptions {
  retention?: RetentionPolicy;
  /** Appends between retention passes (default 1000). */
  compactEvery?: number;
  now?: () => number;
}

/** What opening the file found and repaired. */
export interface Recovery {
  entries: number;
  /** Bytes of a torn last line that were cut off. */
  tornBytes: number;
  skipped: { line: number; problem: LineProblem }[];
}

async function fsyncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function readOrEmpty(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** History in one local file; one process per file (a lock file enforces it). */
export class FileHistoryStore implements HistoryStore {
  private queue: Promise<unknown> = Promise.resolve();
  private sinceCompaction = 0;
  private closed = false;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    private size: number,
    private entries: HistoryEntry[],
    private readonly release: () => Promise<void>,
    private readonly policy: RetentionPolicy,
    private readonly compactEvery: number,
    private readonly now: () => number,
    readonly recovery: Recovery,
  ) {}

  /** Opens (or creates) the file, repairs a torn tail and applies retention. */
  static async open(file: string, opts: FileHistoryOptions = {}): Promise<FileHistoryStore> {
    const dir = dirname(file);
    await mkdir(dir, { recursive: true });
    const release = await acquireLock(`${file}.lock`);
    try {
      // A compaction that crashed before its rename leaves only a temporary file behind.
      for (const name of await readdir(dir)) if (name.startsWith(`${basename(file)}.`) && name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
      const bytes = await readOrEmpty(file);
      const log = decodeLog(bytes ?? Buffer.alloc(0));
      const handle = await open(file, 'a', 0o600);
      if (log.tornBytes > 0) {
        await handle.truncate(log.goodLength);
        await handle.sync();
      }
      if (!bytes) await fsyncDir(dir);
      const now = opts.now ?? Date.now;
      const store = new FileHistoryStore(file, handle, log.goodLength, log.entries, release, opts.retention ?? DEFAULT_RETENTION, opts.compactEvery ?? 1000, now, {
        entries: log.entries.length,
        tornBytes: log.tornBytes,
        skipped: log.skipped,
      });
      if (log.skipped.length > 0 || retain(log.entries, store.policy, now()).length < log.entries.length) await store.compact();
      return store;
    } catch (e) {
      await release();
      throw e;
    }
  }

  /** Runs `fn` after every earlier write: appends and compactions never interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`history ${this.file} is closed`);
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  append(entry: HistoryEntry): Promise<void> {
    return this.serial(async () => {
      const line = Buffer.from(encodeEntry(entry), 'utf8');
      try {
        await this.handle.appendFile(line);
        await this.handle.sync();
      } catch (e) {
        // A partial line must not prefix the next append; cut back to the last good length.
        await this.handle.truncate(this.size).catch(() => undefined);
        throw e;
      }
      this.size += line.length;
      this.entries.push(entry);
      // The entry is durable already; a failed retention pass is retried at the next one.
      if (++this.sinceCompaction >= this.compactEvery) await this.rewrite().catch(() => undefined);
    });
  }

  async list(mirror: string, opts: { limit?: number } = {}): Promise<HistoryEntry[]> {
    const oldest = this.now() - this.policy.maxAgeMs;
    const mine = this.entries.filter((e) => e.mirror === mirror && e.at >= oldest);
    const limit = Math.min(opts.limit ?? Infinity, this.policy.maxEntriesPerMirror);
    return mine.length > limit ? mine.slice(mine.length - limit) : mine;
  }

  /** Applies retention now by rewriting the file (temp file, fsync, rename). */
  compact(): Promise<void> {
    return this.serial(() => this.rewrite());
  }

  private async rewrite(): Promise<void> {
    this.sinceCompaction = 0;
    const kept = retain(this.entries, this.policy, this.now());
    const text = Buffer.from(kept.map(encodeEntry).join(''), 'utf8');
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const h = await open(tmp, 'w', 0o600);
      try {
        await h.writeFile(text);
        await h.sync();
      } finally {
        await h.close();
      }
      await rename(tmp, this.file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await fsyncDir(dirname(this.file));
    // The old handle still points at the replaced file; appends go to the new one from here.
    const old = this.handle;
    this.handle = await open(this.file, 'a', 0o600);
    await old.close();
    this.size = text.length;
    this.entries = kept;
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.handle.close();
      await this.release();
    });
    this.closed = true;
  }
}
