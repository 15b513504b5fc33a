/**
 * Recent results by id, so Share and Show commands show what the user saw instead of running
 * the diagnosis again. In memory, bounded, expiring; after a restart the buttons re-run instead.
 */
import { randomBytes } from 'node:crypto';
import type { RunOutcome } from '../runtime/runner.ts';

const TTL_MS = 30 * 60_000;
const MAX_ENTRIES = 200;

/** A bounded, expiring map of run outcomes. */
export class ResultCache {
  private readonly entries = new Map<string, { outcome: RunOutcome; user: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores an outcome for `user`; returns its id. */
  put(outcome: RunOutcome, user: string): string {
    const id = randomBytes(6).toString('hex');
    this.entries.set(id, { outcome, user, at: this.now() });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
    return id;
  }

  /** The outcome, when it is fresh and was produced for `user` (results are per caller: access rules). */
  get(id: string | undefined, user: string): RunOutcome | undefined {
    const e = id ? this.entries.get(id) : undefined;
    if (!e || e.user !== user || this.now() - e.at > TTL_MS) return undefined;
    return e.outcome;
  }
}
