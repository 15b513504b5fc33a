/**
 * What the schedules posted lately, for the App Home (src/monitor/home.ts): each digest's last post
 * (where, when, which mirrors it showed) and the open alert incidents, read from the shared state
 * the poster keeps, so every replica's Home shows what the poster did.
 */
import type { SharedState } from '../coordination/state.ts';
import type { Activity, DigestSeen, IncidentSeen } from '../monitor/home.ts';
import type { AlertState } from '../monitor/incident.ts';
import { alertKey } from './alert-job.ts';
import type { DigestConfig } from './config.ts';
import { digestKey, type DigestState } from './digest-job.ts';

/** Reads the newest digests and incidents from `state`; `mirrors` are those alerts may run for. */
export function scheduleActivity(digests: readonly DigestConfig[], mirrors: readonly string[], state: SharedState): () => Promise<Activity> {
  return async () => {
    await state.refresh().catch(() => undefined);
    const seen: DigestSeen[] = [];
    for (const d of digests) {
      const s = state.get<DigestState>(digestKey(d.name));
      if (!s?.posted || !s.last) continue;
      const shown = [...s.last.entries.map((e) => e.mirror), ...Object.keys(s.last.failed)];
      seen.push({ name: d.name, channel: s.posted.channel, ts: s.posted.ts, at: s.last.at, mirrors: shown });
    }
    const incidents: IncidentSeen[] = [];
    for (const m of mirrors) {
      const inc = state.get<AlertState>(alertKey(m))?.incident;
      if (inc) incidents.push({ kind: 'alert', mirror: m, channel: inc.channel, ts: inc.ts, since: inc.openedAt, id: inc.id });
    }
    return { digests: seen, incidents };
  };
}
