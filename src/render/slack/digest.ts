/**
 * Block Kit for digests: one compact channel message (per mirror: verdict, root cause, progress
 * since the last digest, connector states, what changed) and the detail messages for its thread
 * (the full diagnosis of each mirror that is not ok, through ./report.ts). Pure; the
 * fitting to Slack's limits, redaction and sending are src/slack/reply.ts's.
 */
import type { types } from '@slack/bolt';
import { formatDuration } from '../../util/duration.ts';
import type { Diagnosis } from '../../model/diagnosis.ts';
import { VERDICT_ORDER } from '../../model/verdict.ts';
import { header, markedContext, section, slackDate } from './blocks.ts';
import { renderDiagnosis } from './report.ts';
import { code, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import type { Digest, MirrorLine } from '../../monitor/digest.ts';
import { changePhrase, connectorsPhrase, progressPhrase } from '../words/digest.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';

type KnownBlock = types.KnownBlock;

/** Mirrors per section: keeps each section well under 3000 characters. */
const MIRRORS_PER_SECTION = 4;
/** Above this many mirrors, ok mirrors without changes share one line. */
const DETAILED_MIRRORS = 15;
/** Missed slots a digest names one by one; more are summarised by count, first and last. */
const MAX_LISTED_COVERS = 10;
/** Thread messages with a full diagnosis; the rest are named in one last message. */
const MAX_DETAILS = 8;

/** The block_id that marks a posted digest, so a new leader can tell whether it was posted. */
export function digestMarker(name: string, slot: number): string {
  return `mm2-digest:${name}:${slot}`.slice(0, 255);
}

function mirrorText(l: MirrorLine): string {
  const why = l.error !== undefined ? `diagnosis failed: ${esc(l.error)}` : l.rootCause ? `${esc(l.rootCause.title)} ${code(l.rootCause.code)}` : l.verdict === 'ok' ? esc(quietPhrase(l.quiet)) : 'not every fact could be gathered';
  const lines = [`*${esc(l.mirror)}* — ${shownVerdict(l.verdict, l.quiet)}: ${why}`];
  const facts = [progressPhrase(l), connectorsPhrase(l.connectors)].filter(Boolean).map(esc);
  if (facts.length > 0) lines.push(facts.join(' · '));
  if (l.failover) lines.push(`failover: ${esc(l.failover)}`);
  if (l.reusedAgeMs !== undefined) lines.push(`_facts read ${formatDuration(l.reusedAgeMs)} ago, shared with another check_`);
  if (l.changes.length > 0) lines.push(`_changed:_ ${esc(l.changes.map(changePhrase).join('; '))}`);
  return lines.join('\n');
}

function summaryLine(d: Digest): string {
  const counts = [...VERDICT_ORDER].reverse().filter((v) => d.counts[v] > 0).map((v) => `${d.counts[v]} ${v}`);
  const changed = d.lines.filter((l) => l.changes.length > 0).length;
  const since = d.since === null ? 'first digest' : d.changed ? `${changed} changed since the last digest (${formatDuration(d.at - d.since)} ago)` : `nothing changed since the last digest (${formatDuration(d.at - d.since)} ago)`;
  return `*${d.lines.length} mirror${d.lines.length === 1 ? '' : 's'}*: ${counts.join(', ') || 'none configured'} · ${since}`;
}

/** Options of {@link renderDigest}. */
export interface RenderDigestOptions {
  /** Scheduled slots this message also stands for (missed while the poster changed). */
  covers?: readonly number[];
  /** Slots older than `covers` were missed too (too many, or too long ago, to list). */
  coversMore?: boolean;
  /** Posted after its slot (ms): a new poster caught up with a slot nobody posted. */
  late?: number;
  /** The digest is a preview or posted on request, not on its schedule. */
  onRequest?: boolean;
}

/** The channel message of a digest. Its marker block comes second so it stays in the first part. */
export function renderDigest(d: Digest, opts: RenderDigestOptions = {}): SlackDraft {
  const when = opts.onRequest ? `On request ${slackDate(d.at)}` : `Scheduled ${slackDate(d.slot)}${opts.late !== undefined ? `, posted late ${slackDate(opts.late)}` : ''}`;
  const c = opts.covers ?? [];
  const listed = c.length <= MAX_LISTED_COVERS ? c.map(slackDate).join(', ') : `${c.length} missed slots, ${slackDate(c[0]!)} … ${slackDate(c.at(-1)!)}`;
  const covers = c.length > 0 ? ` · also stands for ${listed}${opts.coversMore ? ' and older ones' : ''} (missed while the poster changed)` : '';
  const details = d.lines.some((l) => l.verdict !== 'ok') ? ' · details in the thread' : '';
  const blocks: KnownBlock[] = [
    header(`MM2 digest: ${d.name}`),
    markedContext(`${when}${covers}${details} · mm2-doctor, read-only`, digestMarker(d.name, d.slot)),
    section(summaryLine(d)),
  ];
  const quiet = d.lines.length > DETAILED_MIRRORS ? d.lines.filter((l) => l.verdict === 'ok' && l.changes.length === 0) : [];
  const shown = d.lines.filter((l) => !quiet.includes(l));
  for (let i = 0; i < shown.length; i += MIRRORS_PER_SECTION) blocks.push(section(shown.slice(i, i + MIRRORS_PER_SECTION).map(mirrorText).join('\n\n')));
  if (quiet.length > 0) blocks.push(section(`_${quiet.length} more ok, unchanged:_ ${quiet.map((l) => esc(l.mirror)).join(', ')}`));
  if (d.removed.length > 0) blocks.push(section(`_No longer in this digest:_ ${d.removed.map(esc).join(', ')}`));
  const bad = d.lines.length - d.counts.ok;
  return { text: esc(`MM2 digest ${d.name}: ${bad === 0 ? `all ${d.lines.length} ok` : `${bad} of ${d.lines.length} not ok`}${d.changed && d.since !== null ? ', changed' : ''}`), blocks };
}

/** The thread under a digest: the full diagnosis of each mirror that is not ok (worst first). */
export function renderDigestDetails(d: Digest, diagnoses: ReadonlyMap<string, Diagnosis>): SlackDraft[] {
  const bad = d.lines.filter((l) => l.verdict !== 'ok');
  const out: SlackDraft[] = [];
  for (const l of bad.slice(0, MAX_DETAILS)) {
    const diag = diagnoses.get(l.mirror);
    if (diag) out.push(renderDiagnosis(diag));
    else out.push({ text: esc(`${l.mirror}: diagnosis failed`), blocks: [section(`*${esc(l.mirror)}*: the diagnosis failed: ${esc(l.error ?? 'unknown error')}`)] });
  }
  const rest = bad.slice(MAX_DETAILS);
  if (rest.length > 0) {
    out.push({ text: esc(`${rest.length} more mirrors not ok`), blocks: [section(`${rest.length} more mirror${rest.length === 1 ? '' : 's'} not ok: ${rest.map((l) => code(l.mirror)).join(', ')}. Run ${code('/mm2 diagnose <mirror>')} for each.`)] });
  }
  return out;
}
