/** Pure parts of a watch: what counts as a change, and the words for changes and the close. */
import type { Diagnosis } from '../../model/diagnosis.ts';
import { formatDuration } from '../../util/duration.ts';
import type { WatchRecord, WatchState } from './store.ts';

/** The state a diagnosis puts a watch in. */
export function stateOf(d: Diagnosis): WatchState {
  const root = d.report.rootCause;
  return { verdict: d.report.verdict, rootCause: root ? { code: root.code, title: root.title } : null };
}

/** A change is a different verdict or a different root cause (by code). */
export function changed(a: WatchState, b: WatchState): boolean {
  return a.verdict !== b.verdict || (a.rootCause?.code ?? null) !== (b.rootCause?.code ?? null);
}

/** Header of a change post: `svl->confluent: warning → critical`. */
export function changeTitle(mirror: string, from: WatchState, to: WatchState): string {
  if (from.verdict !== to.verdict) return `${mirror}: ${from.verdict} → ${to.verdict}`;
  return `${mirror}: ${to.verdict}, root cause changed`;
}

/** The closing summary (plain words; the caller escapes). */
export function closingSummary(w: WatchRecord, endedAt: number, why: 'expired' | 'stopped'): string {
  const lasted = formatDuration(Math.max(0, endedAt - w.startedAt));
  const root = w.last.rootCause ? ` — ${w.last.rootCause.title}` : '';
  const failures = w.failures > 0 ? `, ${w.failures} failed` : '';
  const verb = why === 'stopped' ? 'stopped' : 'ended';
  const start = w.first.verdict === w.last.verdict && (w.first.rootCause?.code ?? null) === (w.last.rootCause?.code ?? null) ? 'unchanged since the start' : `started ${w.first.verdict}`;
  return `Watch of ${w.mirror} ${verb} after ${lasted}: ${w.checks} check${w.checks === 1 ? '' : 's'}, ${w.changes} change${w.changes === 1 ? '' : 's'}${failures}. Now ${w.last.verdict}${root} (${start}).`;
}
