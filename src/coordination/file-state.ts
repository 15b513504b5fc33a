/**
 * Shared state for a single replica (no `coordination:`): one JSON file in the state directory,
 * replaced atomically (temp file, fsync, rename) on every write, so a restart keeps the last
 * digest and the open incidents and never posts an incident's alert twice.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SharedState } from './state.ts';

/** State in one local file. */
export class FileState implements SharedState {
  private map = new Map<string, unknown>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly file: string) {}

  /** Opens (or starts) the file. */
  static async open(file: string): Promise<FileState> {
    const s = new FileState(file);
    await mkdir(dirname(file), { recursive: true });
    await s.refresh();
    return s;
  }

  async refresh(): Promise<void> {
    try {
      this.map = new Map(Object.entries(JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }

  put(key: string, value: unknown): Promise<void> {
    const run = this.queue.then(async () => {
      if (value === null) this.map.delete(key);
      else this.map.set(key, structuredClone(value));
      const tmp = `${this.file}.tmp`;
      const h = await open(tmp, 'w', 0o600);
      try {
        await h.writeFile(JSON.stringify(Object.fromEntries(this.map)));
        await h.sync();
      } finally {
        await h.close();
      }
      await rename(tmp, this.file);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
