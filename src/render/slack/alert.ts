/**
 * Block Kit for alerts: the alert message (updated in place while its incident is open, then
 * marked resolved), and the short replies in its thread. Pure; diagnoses are rendered by
 * ./report.ts.
 */
import type { types } from '@slack/bolt';
import type { Diagnosis } from '../../model/diagnosis.ts';
import { header, markedContext, section, slackDate } from './blocks.ts';
import { renderDiagnosis } from './report.ts';
import { code, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import type { AlertAction, Incident } from '../../monitor/incident.ts';
import { alertLine, noRootCause, replyPhrase, resolvedSentence, updatesNote } from '../words/alert.ts';

type KnownBlock = types.KnownBlock;

/** The block_id that marks an incident's alert, so a new leader can tell whether it was posted. */
export function incidentMarker(id: string): string {
  return `mm2-incident:${id}`;
}

function marker(i: Incident, text: string): KnownBlock {
  return markedContext(text, incidentMarker(i.id));
}

function rootText(i: Pick<Incident, 'verdict' | 'rootCause' | 'rootTitle'>): string {
  return i.rootCause ? `${esc(i.rootTitle ?? i.rootCause)} ${code(i.rootCause)}` : noRootCause(i);
}

/** The alert message of an open incident, with the latest diagnosis. */
export function renderAlert(i: Incident, d: Diagnosis): SlackDraft {
  const draft = renderDiagnosis(d, { title: `${i.id} ${i.mirror}: ${i.verdict}` });
  return {
    text: esc(alertLine(i)),
    // The marker goes right under the header: chat.update keeps only the first part of a long reply.
    blocks: [draft.blocks[0]!, marker(i, `Incident ${i.id} open since ${slackDate(i.openedAt)}${updatesNote(i)} · mm2-doctor, read-only`), ...draft.blocks.slice(1)],
  };
}

/** The alert message once its incident is resolved (replaces the alert in place). */
export function renderAlertResolved(i: Incident, resolvedAt: number, verdict: string): SlackDraft {
  return {
    text: esc(`${i.id} ${i.mirror}: resolved`),
    blocks: [
      header(`${i.id} ${i.mirror}: resolved`),
      marker(i, `Incident ${i.id} from ${slackDate(i.openedAt)} to ${slackDate(resolvedAt)} · mm2-doctor, read-only`),
      section(`*Resolved*: ${esc(resolvedSentence(i, resolvedAt, verdict))}`),
    ],
  };
}

/** The thread reply for an update, reminder or resolution. */
export function renderAlertReply(a: Exclude<AlertAction, { kind: 'open' }>, now: number): SlackDraft {
  const i = a.incident;
  const text = `*${i.id}* ${esc(replyPhrase(a, now))}${a.kind === 'resolve' ? '' : `: ${rootText(i)}`}`;
  return { text: esc(`${i.id} ${i.mirror}: ${a.kind === 'resolve' ? 'resolved' : i.verdict}`), blocks: [section(text)] };
}
