/**
 * An alert's sentences in words, shared by the Slack and terminal renderers: what a thread reply
 * says after the incident id, and how a resolved incident is summed up. Renderers escape and
 * style them (the root cause is styled per format, so it is not part of these phrases).
 */
import { changeOf } from '../../monitor/changes.ts';
import type { AlertAction, Incident } from '../../monitor/incident.ts';
import { formatDuration } from '../../util/duration.ts';

/** `svl->confluent: critical — No consumer group …`: the notification line of an open incident. */
export function alertLine(i: Incident): string {
  return `${i.id} ${i.mirror}: ${i.verdict} — ${i.rootTitle ?? 'see the diagnosis'}`;
}

/** ` · 2 updates in the thread`, or where updates go while there are none. */
export function updatesNote(i: Incident): string {
  return i.updates > 0 ? ` · ${i.updates} update${i.updates === 1 ? '' : 's'} in the thread` : ' · updates go to this thread';
}

/** When there is no root cause to name. */
export function noRootCause(i: Pick<Incident, 'verdict'>): string {
  return i.verdict === 'unknown' ? 'not every fact could be gathered' : 'no root cause named';
}

/**
 * A thread reply after the incident id: `root cause changed`, `warning → critical`, `still critical
 * after 1h` (each followed by the root cause), or `resolved: svl->confluent is ok again after 6h.`
 */
export function replyPhrase(a: Exclude<AlertAction, { kind: 'open' }>, now: number): string {
  const i = a.incident;
  switch (a.kind) {
    case 'update':
      return changeOf(a.from, i)?.verdict ? `${a.from.verdict} → ${i.verdict}` : 'root cause changed';
    case 'remind':
      return `still ${i.verdict} after ${formatDuration(now - i.openedAt)}`;
    case 'resolve':
      return `resolved: ${i.mirror} is ${a.verdict} again after ${formatDuration(a.resolvedAt - i.openedAt)}.`;
  }
}

/** `svl->confluent is ok again after 6h. It was critical (no-consumer-groups), with 1 change (see the thread).` */
export function resolvedSentence(i: Incident, resolvedAt: number, verdict: string): string {
  const was = `${i.first.verdict}${i.first.rootCause ? ` (${i.first.rootCause})` : ''}`;
  return `${i.mirror} is ${verdict} again after ${formatDuration(resolvedAt - i.openedAt)}. It was ${was}${i.updates > 0 ? `, with ${i.updates} change${i.updates === 1 ? '' : 's'} (see the thread)` : ''}.`;
}
