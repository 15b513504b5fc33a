/**
 * The App Home (src/monitor/home.ts's overview) as a Home tab view: one section per mirror with its
 * verdict, root cause, failover readiness, last digest and open incident, and a Diagnose button.
 * Within the Home tab's limits (https://docs.slack.dev/reference/views/home-tab-views: at most 100
 * blocks; section text ≤ 3000 characters): at most HOME_ROWS mirrors, then "and N more mirrors".
 * Pure.
 */
import type { types } from '@slack/bolt';
import { HOME_ROWS, type HomeOverview, type HomeRow, type IncidentSeen } from '../../monitor/home.ts';
import { formatDuration } from '../../util/duration.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';
import { context, header, section, slackDate } from './blocks.ts';
import { ACTION_IDS } from './buttons.ts';
import { code, esc } from './escape.ts';
import { clampText, LIMITS } from './limits.ts';

type KnownBlock = types.KnownBlock;

/** Slack's cap on a Home view (https://docs.slack.dev/reference/views/home-tab-views). */
export const HOME_MAX_BLOCKS = 100;

/** A Home tab view, ready for views.publish. */
export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

const MARK: Record<string, string> = { ok: ':large_green_circle:', pending: ':large_blue_circle:', warning: ':large_yellow_circle:', unknown: ':white_circle:', critical: ':red_circle:' };

/**
 * The action ids of the Diagnose buttons: `mm2_home_diagnose:<row>`, since Slack rejects a view in
 * which two elements share an action_id; the button's value is the mirror's canonical name.
 */
export const HOME_DIAGNOSE_ACTION = new RegExp(`^${ACTION_IDS.homeDiagnose}:\\d+$`);

function diagnoseButton(mirror: string, row: number): types.Button {
  return { type: 'button', text: { type: 'plain_text', text: 'Diagnose', emoji: false }, action_id: `${ACTION_IDS.homeDiagnose}:${row}`, value: mirror };
}

function channelRef(channel: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : code(channel);
}

function incidentText(i: IncidentSeen): string {
  if (i.kind === 'alert') return `Incident: *${esc(i.id ?? 'open')}* open since ${slackDate(i.since)} in ${channelRef(i.channel)}`;
  return `Incident: watched in a thread in ${channelRef(i.channel)} since ${slackDate(i.since)}${i.until !== undefined ? `, until ${slackDate(i.until)}` : ''}`;
}

/** The first line and the result lines of a row. */
function statusLines(r: HomeRow, now: number): string[] {
  const name = `*${esc(r.mirror.name)}*`;
  const s = r.status;
  if (s.kind === 'none') return [r.refreshing ? `:hourglass_flowing_sand: ${name} — diagnosing…` : `:white_circle: ${name} — no recent result: press Diagnose`];
  const when = `checked ${formatDuration(Math.max(0, now - s.at))} ago${r.refreshing ? ', refreshing…' : ''}`;
  if (s.kind === 'failed') return [`:warning: ${name} — the diagnosis failed (ref ${code(s.ref)})`, when];
  const shown = shownVerdict(s.verdict, s.quiet);
  const why = s.rootCause ? `Root cause: ${esc(s.rootCause.title)}` : s.verdict === 'ok' ? esc(quietPhrase(s.quiet)) : 'not every fact could be gathered';
  const failover = s.failover === null ? 'failover readiness unknown' : s.failover.total === 0 ? 'no checkpointed group to fail over' : `failover: ${s.failover.ready} of ${s.failover.total} group${s.failover.total === 1 ? '' : 's'} ready`;
  return [`${MARK[shown] ?? ''} ${name} — ${shown}`, why, `${failover} · ${when}`];
}

function rowBlock(r: HomeRow, i: number, now: number): KnownBlock {
  const lines = statusLines(r, now);
  if (r.digest) lines.push(`Last digest: *${esc(r.digest.name)}* in ${channelRef(r.digest.channel)}, ${slackDate(r.digest.at)}`);
  if (r.incident) lines.push(incidentText(r.incident));
  return { type: 'section', text: { type: 'mrkdwn', text: clampText(lines.join('\n'), LIMITS.sectionText) }, accessory: diagnoseButton(r.mirror.name, i) };
}

/** What the person's last Diagnose click did, shown under the title. */
export type HomeNote = { kind: 'diagnosing' | 'diagnosed' | 'answered'; mirror: string };

function noteText(n: HomeNote): string {
  const where = 'your messages with mm2-doctor';
  if (n.kind === 'diagnosing') return `Diagnosing *${esc(n.mirror)}*… the answer arrives in ${where}.`;
  if (n.kind === 'diagnosed') return `Diagnosed *${esc(n.mirror)}*: the full answer is in ${where}.`;
  return `*${esc(n.mirror)}*: see ${where}.`;
}

/** The Home view of `o`, with a line on what the last click did. */
export function renderHome(o: HomeOverview, opts: { note?: HomeNote } = {}): HomeView {
  const blocks: KnownBlock[] = [header('MirrorMaker 2 mirrors')];
  const total = o.rows.length + o.more;
  const refreshing = o.rows.some((r) => r.refreshing);
  const reuse = o.reuseSeconds > 0 ? ` · results younger than ${o.reuseSeconds}s are reused` : '';
  blocks.push(context(`${total} mirror${total === 1 ? '' : 's'} you may ask about · ${refreshing ? 'refreshing…' : `as of ${slackDate(o.at)}`}${reuse} · Diagnose sends the full answer to your messages with mm2-doctor`));
  if (opts.note) blocks.push(section(clampText(noteText(opts.note), LIMITS.sectionText)));
  blocks.push({ type: 'divider' });
  if (total === 0) blocks.push(section('No mirror you may ask about is configured. Access rules in the mm2-doctor config decide which mirrors you see.'));
  // Rows beyond what fits are left for "and N more" (header, context, note, divider and that line take 5).
  const fit = Math.min(o.rows.length, HOME_ROWS, HOME_MAX_BLOCKS - 5);
  for (const [i, r] of o.rows.slice(0, fit).entries()) blocks.push(rowBlock(r, i, o.at));
  const more = o.more + o.rows.length - fit;
  if (more > 0) blocks.push(context(`…and ${more} more mirror${more === 1 ? '' : 's'}, not shown here: \`/mm2 status\` lists every mirror, \`/mm2 diagnose <mirror>\` diagnoses one.`));
  return { type: 'home', blocks };
}
