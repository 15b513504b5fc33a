/**
 * The alert state machine of one mirror, pure: an observation (the verdict of a check) and the
 * previous state in, the next state and the Slack actions out. An incident opens when the verdict
 * reaches the threshold, is updated when its verdict or root cause changes, reminded after the
 * re-notify interval, and resolved when the verdict falls below the threshold. One incident,
 * one alert: while it is open no second alert is opened.
 */
import { crc32 } from 'node:zlib';
import type { FindingCode, Verdict } from '../model/finding.ts';
import { verdictRank } from '../model/verdict.ts';
import { changeOf } from './changes.ts';

/** An incident as kept in shared state. */
export interface Incident {
  /** `INC-…`, shown in every message of the incident. */
  id: string;
  mirror: string;
  channel: string;
  /** `opening`: the alert is being posted (set before posting, so a new leader can check). */
  status: 'opening' | 'open';
  openedAt: number;
  /** Verdict and root cause when opened, for the resolve message. */
  first: { verdict: Verdict; rootCause: FindingCode | null };
  verdict: Verdict;
  rootCause: FindingCode | null;
  rootTitle: string | null;
  /** The alert message, once posted. */
  ts: string | null;
  lastNotifiedAt: number;
  updates: number;
}

/** A verdict or root cause change seen by the alert checks (shared, so every replica can show it). */
export interface SeenChange {
  at: number;
  verdict: Verdict;
  rootCause: FindingCode | null;
}

/** One mirror's alert state. */
export interface AlertState {
  mirror: string;
  lastVerdict: Verdict;
  lastRootCause?: FindingCode | null;
  lastCheckedAt: number;
  incident: Incident | null;
  /** The last verdict and root cause changes, oldest first (at most {@link MAX_SEEN}). */
  changes?: SeenChange[];
}

/** Changes kept in {@link AlertState.changes}. */
export const MAX_SEEN = 20;

/** What a check found. */
export interface Observation {
  verdict: Verdict;
  rootCause: { code: FindingCode; title: string } | null;
  at: number;
}

/** The rules for one mirror. */
export interface AlertPolicy {
  channel: string;
  /** Open an incident at this verdict or worse (`alerts.threshold`). */
  threshold: Exclude<Verdict, 'ok'>;
  /** 0: no reminders. */
  renotifyMs: number;
}

/** What to post. */
export type AlertAction =
  | { kind: 'open'; incident: Incident }
  | { kind: 'update'; incident: Incident; from: { verdict: Verdict; rootCause: FindingCode | null } }
  | { kind: 'remind'; incident: Incident }
  | { kind: 'resolve'; incident: Incident; resolvedAt: number; verdict: Verdict };

/** `INC-` and six characters from the mirror and the opening time. */
export function incidentId(mirror: string, openedAt: number): string {
  return `INC-${crc32(`${mirror}@${openedAt}`).toString(36).toUpperCase().padStart(6, '0').slice(-6)}`;
}

/** True when `verdict` is at or above the threshold. */
export function breaches(verdict: Verdict, threshold: AlertPolicy['threshold']): boolean {
  return verdictRank(verdict) >= verdictRank(threshold);
}

/** One step of the machine: the next state, what to post, and whether verdict or root cause changed. */
export interface IncidentStep {
  next: AlertState;
  actions: AlertAction[];
  /** The verdict or root cause differs from the last check's (or this is the first check). */
  changed: boolean;
}

/** The next state and the actions for `obs`. Pure. */
export function stepIncident(prev: AlertState | undefined, mirror: string, obs: Observation, policy: AlertPolicy): IncidentStep {
  const inc = prev?.incident ?? null;
  const bad = breaches(obs.verdict, policy.threshold);
  const root = obs.rootCause?.code ?? null;
  const seen = prev?.changes ?? [];
  const now = { verdict: obs.verdict, rootCause: root };
  const moved = !prev || changeOf({ verdict: prev.lastVerdict, rootCause: prev.lastRootCause ?? null }, now) !== null;
  const changes = moved ? [...seen, { at: obs.at, verdict: obs.verdict, rootCause: root }].slice(-MAX_SEEN) : seen;
  const base = { mirror, lastVerdict: obs.verdict, lastRootCause: root, lastCheckedAt: obs.at, changes };

  if (!inc) {
    if (!bad) return { next: { ...base, incident: null }, actions: [], changed: moved };
    const incident: Incident = {
      id: incidentId(mirror, obs.at),
      mirror,
      channel: policy.channel,
      status: 'opening',
      openedAt: obs.at,
      first: { verdict: obs.verdict, rootCause: root },
      verdict: obs.verdict,
      rootCause: root,
      rootTitle: obs.rootCause?.title ?? null,
      ts: null,
      lastNotifiedAt: obs.at,
      updates: 0,
    };
    return { next: { ...base, incident }, actions: [{ kind: 'open', incident }], changed: moved };
  }

  if (!bad) return { next: { ...base, incident: null }, actions: [{ kind: 'resolve', incident: inc, resolvedAt: obs.at, verdict: obs.verdict }], changed: moved };

  if (changeOf(inc, now)) {
    const incident: Incident = { ...inc, verdict: obs.verdict, rootCause: root, rootTitle: obs.rootCause?.title ?? null, lastNotifiedAt: obs.at, updates: inc.updates + 1 };
    return { next: { ...base, incident }, actions: [{ kind: 'update', incident, from: { verdict: inc.verdict, rootCause: inc.rootCause } }], changed: moved };
  }

  if (policy.renotifyMs > 0 && obs.at - inc.lastNotifiedAt >= policy.renotifyMs) {
    const incident: Incident = { ...inc, lastNotifiedAt: obs.at };
    return { next: { ...base, incident }, actions: [{ kind: 'remind', incident }], changed: moved };
  }
  return { next: { ...base, incident: inc }, actions: [], changed: moved };
}
