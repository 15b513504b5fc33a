/**
 * Block Kit for alerts: the alert message (updated in place while its incident is open, then
 * marked resolved), and the short replies in its thread. Pure; diagnoses are rendered by
 * ./report.ts.
 */
import type { types } from '@slack/bolt';
import { formatDuration } from '../../util/duration.ts';
import type { Diagnosis } from '../../model/diagnosis.ts';
import { header, markedContext, section, slackDate } from './blocks.ts';
import { renderDiagnosis } from './report.ts';
import { code, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import type { AlertAction, Incident } from '../../monitor/incident.ts';

type KnownBlock = types.KnownBlock;

/** The block_id that marks an incident's alert, so a new leader can tell whether it was posted. */
export function incidentMarker(id: string): string {
  return `mm2-incident:${id}`;
}

function marker(i: Incident, text: string): KnownBlock {
  return markedContext(text, incidentMarker(i.id));
}

function rootText(i: Pick<Incident, 'verdict' | 'rootCause' | 'rootTitle'>): string {
  return i.rootCause ? `${esc(i.rootTitle ?? i.rootCause)} ${code(i.rootCause)}` : i.verdict === 'unknown' ? 'not every fact could be gathered' : 'no root cause named';
}

/** The alert message of an open incident, with the latest diagnosis. */
export function renderAlert(i: Incident, d: Diagnosis): SlackDraft {
  const draft = renderDiagnosis(d, { title: `${i.id} ${i.mirror}: ${i.verdict}` });
  const updates = i.updates > 0 ? ` · ${i.updates} update${i.updates === 1 ? '' : 's'} in the thread` : ' · updates go to this thread';
  return {
    text: esc(`${i.id} ${i.mirror}: ${i.verdict} — ${i.rootTitle ?? 'see the diagnosis'}`),
    // The marker goes right under the header: chat.update keeps only the first part of a long reply.
    blocks: [draft.blocks[0]!, marker(i, `Incident ${i.id} open since ${slackDate(i.openedAt)}${updates} · mm2-doctor, read-only`), ...draft.blocks.slice(1)],
  };
}

/** The alert message once its incident is resolved (replaces the alert in place). */
export function renderAlertResolved(i: Incident, resolvedAt: number, verdict: string): SlackDraft {
  const was = `${i.first.verdict}${i.first.rootCause ? ` (${i.first.rootCause})` : ''}`;
  return {
    text: esc(`${i.id} ${i.mirror}: resolved`),
    blocks: [
      header(`${i.id} ${i.mirror}: resolved`),
      marker(i, `Incident ${i.id} from ${slackDate(i.openedAt)} to ${slackDate(resolvedAt)} · mm2-doctor, read-only`),
      section(`*Resolved*: ${esc(i.mirror)} is ${esc(verdict)} again after ${formatDuration(resolvedAt - i.openedAt)}. It was ${esc(was)}${i.updates > 0 ? `, with ${i.updates} change${i.updates === 1 ? '' : 's'} (see the thread)` : ''}.`),
    ],
  };
}

/** The thread reply for an update, reminder or resolution. */
export function renderAlertReply(a: Exclude<AlertAction, { kind: 'open' }>, now: number): SlackDraft {
  const i = a.incident;
  let text: string;
  switch (a.kind) {
    case 'update': {
      const dir = a.from.verdict === i.verdict ? 'root cause changed' : `${a.from.verdict} → ${i.verdict}`;
      text = `*${i.id}* ${dir}: ${rootText(i)}`;
      break;
    }
    case 'remind':
      text = `*${i.id}* still ${i.verdict} after ${formatDuration(now - i.openedAt)}: ${rootText(i)}`;
      break;
    case 'resolve':
      text = `*${i.id}* resolved: ${esc(i.mirror)} is ${esc(a.verdict)} again after ${formatDuration(a.resolvedAt - i.openedAt)}.`;
      break;
  }
  return { text: esc(`${i.id} ${i.mirror}: ${a.kind === 'resolve' ? 'resolved' : i.verdict}`), blocks: [section(text)] };
}
