/** The verdict changes in a mirror's history: what `/mm2 history <mirror>` shows. */
import type { FindingCode, Verdict } from '../model/finding.ts';
import type { HistoryEntry, HistoryOrigin } from '../history/entry.ts';

/** A point where the verdict or the root cause differs from the entry before it. */
export interface VerdictChange {
  at: number;
  from: { verdict: Verdict; rootCause: FindingCode | null } | null;
  to: { verdict: Verdict; rootCause: FindingCode | null };
  origin: HistoryOrigin;
  /** Diagnoses with this same verdict and root cause after the change (until the next one). */
  repeats: number;
}

/** The changes in `entries` (oldest first), newest first, at most `limit`. Pure. */
export function verdictChanges(entries: readonly HistoryEntry[], limit = 10): VerdictChange[] {
  const out: VerdictChange[] = [];
  let prev: HistoryEntry | undefined;
  for (const e of [...entries].sort((a, b) => a.at - b.at)) {
    if (prev && prev.verdict === e.verdict && prev.rootCause === e.rootCause) {
      out[out.length - 1]!.repeats += 1;
      continue;
    }
    out.push({
      at: e.at,
      from: prev ? { verdict: prev.verdict, rootCause: prev.rootCause } : null,
      to: { verdict: e.verdict, rootCause: e.rootCause },
      origin: e.origin,
      repeats: 0,
    });
    prev = e;
  }
  return out.reverse().slice(0, limit);
}
