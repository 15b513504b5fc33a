/**
 * A watch as the monitor sees it: what it compares between diagnoses (verdict and root cause) and
 * the tally its closing summary reports. Pure; the Slack adapter (src/slack/watch/) runs watches,
 * keeps them in a file and posts in their threads.
 */
import type { Diagnosis } from '../model/diagnosis.ts';
import type { Verdict } from '../model/finding.ts';
import { changeOf, type ConclusionChange } from './changes.ts';

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

/** How `to` differs from `from` ({@link changeOf}, by the root cause's code); `null` when it does not. */
export function watchChange(from: WatchState, to: WatchState): ConclusionChange | null {
  return changeOf({ verdict: from.verdict, rootCause: from.rootCause?.code ?? null }, { verdict: to.verdict, rootCause: to.rootCause?.code ?? null });
}
