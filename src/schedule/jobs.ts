/** What the digest and alert jobs run with. */
import type { Logger } from '@slack/bolt';
import type { Leadership } from '../coordination/leadership.ts';
import type { SharedState } from '../coordination/state.ts';
import type { Doctor } from '../engine/doctor.ts';
import type { Poster } from './poster.ts';

/** Dependencies of the jobs; the Doctor should record history (`recordingDoctor`). */
export interface JobDeps {
  doctor: Doctor;
  state: SharedState;
  leadership: Leadership;
  poster: Poster;
  now(): number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Logs an unexpected error and returns the reference users see instead. */
  errorRef(error: unknown): string;
}

/** Maps with at most `limit` promises in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
