/** A watch's posts in words, for the Slack renderer (which escapes them) and any other. */
import { watchChange, type WatchState, type WatchTally } from '../../monitor/watch.ts';
import { formatDuration } from '../../util/duration.ts';

/** Header of a change post: `svl->confluent: warning → critical`. */
export function changeTitle(mirror: string, from: WatchState, to: WatchState): string {
  if (watchChange(from, to)?.verdict) return `${mirror}: ${from.verdict} → ${to.verdict}`;
  return `${mirror}: ${to.verdict}, root cause changed`;
}

/** The closing summary: how long, how many checks and changes, where it ended. */
export function closingSummary(w: WatchTally, endedAt: number, why: 'expired' | 'stopped'): string {
  const lasted = formatDuration(Math.max(0, endedAt - w.startedAt));
  const root = w.last.rootCause ? ` — ${w.last.rootCause.title}` : '';
  const failures = w.failures > 0 ? `, ${w.failures} failed` : '';
  const verb = why === 'stopped' ? 'stopped' : 'ended';
  const start = watchChange(w.first, w.last) ? `started ${w.first.verdict}` : 'unchanged since the start';
  return `Watch of ${w.mirror} ${verb} after ${lasted}: ${w.checks} check${w.checks === 1 ? '' : 's'}, ${w.changes} change${w.changes === 1 ? '' : 's'}${failures}. Now ${w.last.verdict}${root} (${start}).`;
}

/** What a started watch does: `Watching svl->confluent for 30m, re-diagnosing every 1m; …`. */
export function watchPlan(w: Pick<WatchTally, 'mirror' | 'startedAt' | 'endsAt' | 'intervalMs'>): string {
  return `Watching ${w.mirror} for ${formatDuration(w.endsAt - w.startedAt)}, re-diagnosing every ${formatDuration(w.intervalMs)}; posting here only when the verdict or root cause changes.`;
}
