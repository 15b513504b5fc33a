/** What `/mm2 history` reads: the {@link HistoryView} of a mirror. */
import type { SharedState } from '../coordination/state.ts';
import type { HistoryEntry } from '../history/entry.ts';
import type { HistoryStore } from '../history/store.ts';
import { verdictChanges } from '../monitor/changes.ts';
import type { AlertState } from '../monitor/incident.ts';
import type { HistoryView } from '../runtime/command.ts';
import { alertKey } from './alert-job.ts';

/** An alert check's change as a history entry (only verdict and root cause are known). */
function asEntry(mirror: string, c: { at: number; verdict: HistoryEntry['verdict']; rootCause: HistoryEntry['rootCause'] }): HistoryEntry {
  return { mirror, at: c.at, verdict: c.verdict, rootCause: c.rootCause, findings: [], durationMs: 0, origin: 'alert' };
}

/**
 * History for `/mm2 history`: this process's history file, merged with the changes the poster's
 * alert checks keep in shared state (so any replica shows what the poster saw).
 */
export function historyView(store: HistoryStore, state?: SharedState): (mirror: string, limit: number) => Promise<HistoryView> {
  return async (mirror, limit) => {
    const local = await store.list(mirror);
    let shared: HistoryEntry[] = [];
    if (state) {
      await state.refresh().catch(() => undefined);
      shared = (state.get<AlertState>(alertKey(mirror))?.changes ?? []).map((c) => asEntry(mirror, c));
    }
    const seen = new Set(local.map((e) => `${e.at}|${e.verdict}|${e.rootCause}`));
    const all = [...local, ...shared.filter((e) => !seen.has(`${e.at}|${e.verdict}|${e.rootCause}`))];
    const since = all.reduce<number | null>((min, e) => (min === null || e.at < min ? e.at : min), null);
    return { changes: verdictChanges(all, limit), entries: all.length, since };
  };
}
