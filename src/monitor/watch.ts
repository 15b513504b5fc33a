/**
 * A watch as the monitor sees it: what it compares between diagnoses (verdict and root cause) and
 * the tally its closing summary reports. Pure; the Slack adapter (src/slack/watch/) runs watches,
 * keeps them in a file and posts in their threads.
 */
import type { Diagnosis } from '../model/diagnosis.ts';
import type { Verdict } from '../model/finding.ts';

/** What a watch compares between diagnoses. */
export interface WatchState {
  verdict: Verdict;
  rootCause: { code: string; title: string } | null;
}

/** A watch's counts and its first and latest state. */
export interface WatchTally {
  /** Canonical mirror name. */
  mirror: string;
  startedAt: number;
  endsAt: number;
  intervalMs: number;
  checks: number;
  changes: number;
  /** Diagnoses that failed outright (internal errors), not cluster trouble. */
  failures: number;
  first: WatchState;
  last: WatchState;
}

/** The state a diagnosis puts a watch in. */
export function stateOf(d: Diagnosis): WatchState {
  const root = d.report.rootCause;
  return { verdict: d.report.verdict, rootCause: root ? { code: root.code, title: root.title } : null };
}

/** A change is a different verdict or a different root cause (by code). */
export function changed(a: WatchState, b: WatchState): boolean {
  return a.verdict !== b.verdict || (a.rootCause?.code ?? null) !== (b.rootCause?.code ?? null);
}
