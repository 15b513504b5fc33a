/**
 * What `/mm2 digest` and `/mm2 history` see of the schedules and history, and the results they
 * return (members of the chat layer's `CommandResult`; src/schedule/chat-render.ts renders them).
 */
import type { SharedState } from '../coordination/state.ts';
import { verdictChanges, type VerdictChange } from '../history/changes.ts';
import type { HistoryEntry } from '../history/entry.ts';
import type { HistoryStore } from '../history/store.ts';
import type { Digest } from './digest.ts';
import type { DigestControl, DigestPreview } from './control.ts';
import { alertKey } from './alert-job.ts';
import type { AlertState } from './incident.ts';

/** A mirror's verdict changes as `/mm2 history` shows them. */
export interface HistoryView {
  /** Newest first. */
  changes: VerdictChange[];
  /** Diagnoses the changes were taken from. */
  entries: number;
  /** The oldest of them; `null` when there is none. */
  since: number | null;
}

/** The schedules and history a command may use; each part is absent where it does not run. */
export interface ScheduleControl {
  digests?: DigestControl;
  history?(mirror: string, limit: number): Promise<HistoryView>;
}

/** The results of the digest and history commands. */
export type ScheduleResult =
  | { kind: 'digest'; action: 'preview'; preview: DigestPreview }
  | { kind: 'digest'; action: 'posted'; digest: Digest; channel: string; ts: string }
  | { kind: 'history'; mirror: string; view: HistoryView };

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
