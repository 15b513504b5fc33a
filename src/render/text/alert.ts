/**
 * Alerts as terminal text: the alert of an open incident with its diagnosis, a thread reply, and
 * the resolved alert. The same sentences as the Slack alert (../words/alert.ts), with dates in UTC.
 */
import type { Diagnosis } from '../../model/diagnosis.ts';
import type { AlertAction, Incident } from '../../monitor/incident.ts';
import { alertLine, noRootCause, replyPhrase, resolvedSentence, updatesNote } from '../words/alert.ts';
import { renderTerminal } from './report.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

function rootText(i: Pick<Incident, 'verdict' | 'rootCause' | 'rootTitle'>): string {
  return i.rootCause ? `${i.rootTitle ?? i.rootCause} [${i.rootCause}]` : noRootCause(i);
}

/** The alert of an open incident, then its latest diagnosis; ends with a newline. */
export function renderAlertText(i: Incident, d: Diagnosis): string {
  return `${alertLine(i)}\nIncident ${i.id} open since ${iso(i.openedAt)}${updatesNote(i)}\n\n${renderTerminal(d.report, d.runbook)}`;
}

/** A reply in the alert's thread: an update, a reminder or the resolution; ends with a newline. */
export function renderAlertReplyText(a: Exclude<AlertAction, { kind: 'open' }>, now: number): string {
  return `${a.incident.id} ${replyPhrase(a, now)}${a.kind === 'resolve' ? '' : `: ${rootText(a.incident)}`}\n`;
}

/** The alert once its incident is resolved; ends with a newline. */
export function renderAlertResolvedText(i: Incident, resolvedAt: number, verdict: string): string {
  return `${i.id} ${i.mirror}: resolved\nIncident ${i.id} from ${iso(i.openedAt)} to ${iso(resolvedAt)}\nResolved: ${resolvedSentence(i, resolvedAt, verdict)}\n`;
}
