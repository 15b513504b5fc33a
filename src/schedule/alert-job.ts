/**
 * Alert checks on the leader: each routed mirror is re-diagnosed (src/monitor/loop.ts), its
 * observation run through the incident state machine, and the resulting actions posted. An
 * incident's state is written as `opening` before its alert is posted and `open` (with the message
 * ts) after, so a new leader finds a half-posted alert by its marker rather than posting a second
 * one. Thread replies are recorded after they are posted: a crash in between may repeat one reply,
 * never an alert.
 */
import type { Diagnosis } from '../model/diagnosis.ts';
import { diagnoseEach, Monitor, type MonitorResult } from '../monitor/loop.ts';
import type { AlertsConfig } from './config.ts';
import { stepIncident, type AlertAction, type AlertState, type Observation } from '../monitor/incident.ts';
import { waitOutGrace, type JobDeps } from './jobs.ts';
import { incidentMarker, renderAlert, renderAlertReply, renderAlertResolved } from '../render/slack/alert.ts';

/** The state key of a mirror's alerts. */
export const alertKey = (mirror: string): string => `alert:${mirror}`;

const CLOCK_SLACK_MS = 60_000;

/** A state whose incident was left `opening` by a dead leader, settled by looking for its alert. */
async function settled(mirror: string, deps: JobDeps): Promise<AlertState | undefined> {
  let prev = deps.state.get<AlertState>(alertKey(mirror));
  if (prev?.incident?.status !== 'opening') return prev;
  // The alert may still be on its way from a replica that lost the role a moment ago.
  await waitOutGrace(prev.incident.lastNotifiedAt, deps);
  await deps.state.refresh();
  prev = deps.state.get<AlertState>(alertKey(mirror));
  const inc = prev?.incident;
  if (!prev || !inc || inc.status !== 'opening') return prev;
  const ts = await deps.poster.findMarker(inc.channel, incidentMarker(inc.id), inc.openedAt - CLOCK_SLACK_MS);
  deps.log.info(`alert ${inc.id} (${inc.mirror}): ${ts ? 'found its alert after a poster change' : 'was never posted; checking again'}`);
  // Never posted: forget it; the check below opens an incident again if the mirror is still bad.
  const next: AlertState = { ...prev, incident: ts ? { ...inc, status: 'open', ts } : null };
  await deps.state.put(alertKey(prev.mirror), next);
  return next;
}

async function act(a: AlertAction, next: AlertState, d: Diagnosis, deps: JobDeps): Promise<void> {
  const key = alertKey(next.mirror);
  const i = a.incident;
  if (a.kind === 'open') {
    await deps.state.put(key, next);
    const ts = await deps.poster.post(i.channel, renderAlert(i, d));
    await deps.state.put(key, { ...next, incident: { ...i, status: 'open', ts } } satisfies AlertState);
    deps.log.info(`alert ${i.id} opened for ${i.mirror}: ${i.verdict}`);
    return;
  }
  if (!i.ts) throw new Error(`incident ${i.id} has no alert message`);
  await deps.poster.reply(i.channel, i.ts, renderAlertReply(a, deps.now()));
  if (a.kind === 'update') await deps.poster.update(i.channel, i.ts, renderAlert(i, d));
  if (a.kind === 'resolve') await deps.poster.update(i.channel, i.ts, renderAlertResolved(i, a.resolvedAt, a.verdict));
  await deps.state.put(key, next);
}

/**
 * Acts on one mirror's re-diagnosis: runs it through the incident state machine and posts what
 * that says (after confirming this replica still posts). Returns the actions taken.
 */
async function onResult(r: MonitorResult, channel: string, cfg: AlertsConfig, deps: JobDeps): Promise<AlertAction['kind'][]> {
  const { mirror } = r;
  if (!r.ok) {
    deps.log.error(`alert check of ${mirror} failed (ref ${deps.errorRef(r.error)})`);
    return [];
  }
  const d = r.diagnosis;
  const root = d.report.rootCause;
  const obs: Observation = { verdict: d.report.verdict, rootCause: root ? { code: root.code, title: root.title } : null, at: r.at };
  const policy = { channel, threshold: cfg.threshold, renotifyMs: cfg.renotifyMinutes * 60_000 };
  const first = stepIncident(await settled(mirror, deps), mirror, obs, policy);
  if (first.actions.length === 0) {
    if (first.changed) await deps.state.put(alertKey(mirror), first.next);
    return [];
  }
  if (!(await deps.leadership.confirm())) return [];
  // Diagnosing takes seconds; a poster that lost the role meanwhile may have acted already.
  await deps.state.refresh();
  const { next, actions } = stepIncident(await settled(mirror, deps), mirror, obs, policy);
  for (const a of actions) await act(a, next, d, deps);
  return actions.map((a) => a.kind);
}

/** Checks one mirror now; returns the actions taken. */
export async function checkMirror(mirror: string, channel: string, cfg: AlertsConfig, deps: JobDeps): Promise<AlertAction['kind'][]> {
  const [r] = await diagnoseEach(deps.doctor, [mirror], { now: deps.now });
  return r ? onResult(r, channel, cfg, deps) : [];
}

/** The alert checks: every routed mirror each interval (`intervalMs`, default the config's), on the poster only. */
export function alertMonitor(cfg: AlertsConfig, deps: JobDeps, intervalMs = cfg.intervalSeconds * 1000): Monitor {
  return new Monitor({
    doctor: deps.doctor,
    intervalMs,
    now: deps.now,
    async round() {
      if (!deps.leadership.isLeader()) return null;
      await deps.state.refresh();
      return Object.keys(cfg.channels);
    },
    active: () => deps.leadership.isLeader(),
    async consume(r) {
      const channel = cfg.channels[r.mirror];
      if (channel && deps.leadership.isLeader()) await onResult(r, channel, cfg, deps);
    },
    onError: (e, mirror) => deps.log.error(mirror ? `alerts for ${mirror}: ${String(e)} (ref ${deps.errorRef(e)})` : `alert round failed (ref ${deps.errorRef(e)})`),
  });
}
