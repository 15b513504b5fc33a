/**
 * What counts as a change when a mirror is diagnosed again: a different verdict or a different
 * root cause (by code). Watches post on it, incidents are updated on it, digests list it, and
 * `/mm2 history` shows the points where it happened ({@link verdictChanges}).
 */
import type { FindingCode, Verdict } from '../model/finding.ts';
import type { HistoryEntry, HistoryOrigin } from '../history/entry.ts';

/** What a diagnosis concluded, as changes are judged: its verdict and its root cause's code. */
export interface Conclusion {
  verdict: Verdict;
  rootCause: string | null;
}

/** Which parts of a conclusion changed (at least one). */
export interface ConclusionChange {
  verdict: boolean;
  rootCause: boolean;
}

/** How `to` differs from `from`; `null` when it does not (the one definition of a change). */
export function changeOf(from: Conclusion, to: Conclusion): ConclusionChange | null {
  const verdict = from.verdict !== to.verdict;
  const rootCause = from.rootCause !== to.rootCause;
  return verdict || rootCause ? { verdict, rootCause } : null;
}

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
    if (prev && !changeOf(prev, e)) {
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
