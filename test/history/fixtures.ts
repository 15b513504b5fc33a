/** History entries for tests. */
import type { HistoryEntry } from '../../src/history/entry.ts';

export const T0 = Date.UTC(2025, 5, 2, 10, 0, 0);

/** An entry for `mirror` at `T0 + i` minutes, ok unless told otherwise. */
export function fixEntry(i: number, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    mirror: 'svl->confluent',
    at: T0 + i * 60_000,
    verdict: 'ok',
    rootCause: null,
    findings: ['checkpoints-flowing'],
    durationMs: 800 + i,
    origin: 'command',
    ...patch,
  };
}
