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
  /** Waits (tests advance a fake clock instead); default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A post another replica started this recently may still be under way (its poster lost the role
 * during a rebalance but had confirmed it just before): wait this long before deciding that post
 * never happened.
 */
export const POST_GRACE_MS = 15_000;

/** Waits until `startedAt + POST_GRACE_MS`, if that is still ahead. */
export async function waitOutGrace(startedAt: number, deps: JobDeps): Promise<void> {
  const left = startedAt + POST_GRACE_MS - deps.now();
  if (left <= 0) return;
  await (deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(left);
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
