/** What the digest and alert jobs run with. */
import type { Logger } from '@slack/bolt';
import type { Leadership } from '../coordination/leadership.ts';
import type { SharedState } from '../coordination/state.ts';
import type { Doctor } from '../model/diagnosis.ts';
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

