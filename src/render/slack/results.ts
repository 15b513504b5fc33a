/**
 * Block Kit for every command result other than a plain diagnosis (./report.ts): status,
 * groups, checkpoints, log explanations, watches, help, denials and errors. Pure functions.
 */
import type { types } from '@slack/bolt';
import type { CommandInfo, CommandResult, GroupRow, StatusRow } from '../../runtime/command.ts';
import { checkpointTable } from '../text/table.ts';
import { formatDuration } from '../../util/duration.ts';
import type { Diagnosis } from '../../model/diagnosis.ts';
import type { LogEntry, LogExplanation } from '../../model/log-explanation.ts';
import { networkSentence, tooLargeText } from '../words/logs.ts';
import { context, header, section } from './blocks.ts';
import { renderDiagnosis, verdictLine } from './report.ts';
import { code, codeBlock, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import { renderScheduleResult } from './schedule.ts';
import { renderWatchStarted } from './watch.ts';
import { renderFailoverSlack } from './failover.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';

type KnownBlock = types.KnownBlock;

/** Rows per section: keeps each under Slack's 3000 characters with long group names. */
const ROWS_PER_SECTION = 15;

function chunked<T>(rows: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += n) out.push(rows.slice(i, i + n));
  return out;
}

function statusLine(r: StatusRow): string {
  const why = r.errorRef ? `diagnosis failed (ref ${r.errorRef})` : r.rootCause ? `${esc(r.rootCause.title)} ${code(r.rootCause.code)}` : r.verdict === 'ok' ? esc(quietPhrase(r.quiet)) : 'not every fact could be gathered';
  const counts = (['critical', 'warning', 'info'] as const).filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${s}`).join(', ');
  return `*${esc(r.mirror.name)}*: ${shownVerdict(r.verdict, r.quiet)} — ${why}${counts ? ` _(${counts})_` : ''}`;
}

function renderStatus(rows: readonly StatusRow[], hidden: number): SlackDraft {
  const blocks: KnownBlock[] = [header('MirrorMaker 2 status')];
  if (rows.length === 0) blocks.push(section('No mirror you may ask about is configured.'));
  for (const part of chunked(rows, ROWS_PER_SECTION)) blocks.push(section(part.map(statusLine).join('\n')));
  if (hidden > 0) blocks.push(context(`${hidden} more mirror${hidden > 1 ? 's' : ''} not shown: access rules`));
  const bad = rows.filter((r) => r.verdict !== 'ok').length;
  return { text: esc(`${rows.length} mirror${rows.length === 1 ? '' : 's'}: ${bad === 0 ? 'all ok' : `${bad} not ok`}`), blocks };
}

function groupLine(r: GroupRow): string {
  const head = `${code(r.group)} (${esc(r.state)})`;
  if (r.checkpointed && r.reasons.length === 0) return `• ${head}: checkpointed ${formatDuration(r.lastCheckpointAgeMs ?? 0)} ago`;
  const done = r.checkpointed ? `checkpointed ${formatDuration(r.lastCheckpointAgeMs ?? 0)} ago, but` : 'not checkpointed:';
  const reasons = r.reasons.map((x) => `${esc(x.title)}${x.mirrorWide ? ' (mirror-wide)' : ''} ${code(x.code)}`);
  return `• ${head}: ${done} ${reasons.length > 0 ? reasons.join('; ') : 'no finding names this group yet'}`;
}

function renderGroups(d: Diagnosis, rows: readonly GroupRow[], unavailable?: string): SlackDraft {
  const name = d.report.mirror.name;
  const done = rows.filter((r) => r.checkpointed).length;
  // No group could be listed: "0 of 0 checkpointed" would read as a count.
  const count = unavailable && rows.length === 0 ? 'the groups could not be listed' : `${done} of ${rows.length} group${rows.length === 1 ? '' : 's'} checkpointed`;
  const blocks: KnownBlock[] = [header(`${name}: consumer groups`), section(`${verdictLine(d.report)}\n${count[0]!.toUpperCase()}${count.slice(1)}.`)];
  if (unavailable) blocks.push(section(`*Incomplete*: ${esc(unavailable)}`));
  for (const part of chunked(rows, ROWS_PER_SECTION)) blocks.push(section(part.map(groupLine).join('\n')));
  return { text: esc(`${name}: ${unavailable && rows.length === 0 ? count : `${done} of ${rows.length} groups checkpointed`}`), blocks };
}

function renderCheckpoints(result: Extract<CommandResult, { kind: 'checkpoints' }>): SlackDraft {
  const { diagnosis: d, rows } = result;
  const topic = d.facts.topicNames.checkpoints;
  const who = result.group !== undefined ? ` for ${code(result.group)}` : '';
  const groups = new Set(rows.map((r) => r.group)).size;
  const blocks: KnownBlock[] = [header(`${d.report.mirror.name}: checkpoints`)];
  if (result.unavailable) blocks.push(section(`*Unavailable*: ${esc(result.unavailable)}`));
  else if (rows.length === 0) blocks.push(section(`No checkpoint${who} in ${code(topic)}. ${verdictLine(d.report)}`));
  else {
    blocks.push(section(`${rows.length} checkpoint${rows.length === 1 ? '' : 's'}${who} (${groups} group${groups === 1 ? '' : 's'}) in ${code(topic)}, newest per partition:`));
    const lines = checkpointTable(rows);
    const headLine = lines[0] ?? '';
    for (const part of chunked(lines.slice(1), 40)) blocks.push(section(codeBlock([headLine, ...part])));
  }
  const notes = [result.truncated ? 'read stopped at its record limit' : '', result.corrupt > 0 ? `${result.corrupt} record(s) did not decode` : ''].filter(Boolean);
  if (notes.length > 0) blocks.push(context(esc(notes.join('; '))));
  return { text: esc(result.unavailable ? `${d.report.mirror.name}: checkpoints could not be read` : `${d.report.mirror.name}: ${rows.length} checkpoints`), blocks };
}

function entryText(e: LogEntry, sample: boolean): string {
  const times = e.first ? ` _${esc(e.first)}${e.last && e.last !== e.first ? ` … ${esc(e.last)}` : ''}_` : '';
  const lines = [`*${esc(e.title)}* ×${e.count}${times}`];
  if (e.reason) lines.push(esc(e.reason));
  if (e.action) lines.push(`_Fix:_ ${esc(e.action)}`);
  if (sample && e.sample) lines.push(codeBlock(e.sample));
  return lines.join('\n');
}

/** Causes and red herrings get their own section with a sample line; the rest one line each. */
const LOG_SECTIONS: { kind: LogEntry['kind']; title: string; detailed: boolean }[] = [
  { kind: 'cause', title: 'Causes', detailed: true },
  { kind: 'red-herring', title: 'Red herrings (do not affect checkpoints)', detailed: true },
  { kind: 'network', title: 'Network lines', detailed: false },
  { kind: 'evidence', title: 'Healthy signals', detailed: false },
  { kind: 'unrecognized', title: 'Not recognized (WARN/ERROR lines no rule knows)', detailed: false },
];

/** The log explanation: causes, red herrings with why, network summary. */
function renderLogs(x: LogExplanation): SlackDraft {
  if (x.tooLarge) return { text: 'Logs: too large to read', blocks: [header('Log explanation'), section(esc(tooLargeText(x.tooLarge)))] };
  const causes = x.entries.filter((e) => e.kind === 'cause');
  const blocks: KnownBlock[] = [header('Log explanation')];
  const summary = causes.length > 0 ? `${causes.length} cause${causes.length > 1 ? 's' : ''} of missing checkpoints: ${esc(causes.map((c) => c.title).join('; '))}` : "No line explains missing checkpoints: can't tell from these lines.";
  const network = networkSentence(x.network);
  blocks.push(section(`${summary}${network ? `\n*Network*: ${esc(network)}` : ''}\n_${x.lines} line${x.lines === 1 ? '' : 's'}, ${x.parsed} log record${x.parsed === 1 ? '' : 's'}${x.mentionedMirrors.length > 0 ? `; flows: ${esc(x.mentionedMirrors.join(', '))}` : ''}_`));
  for (const s of LOG_SECTIONS) {
    const entries = x.entries.filter((e) => e.kind === s.kind);
    if (entries.length === 0) continue;
    if (s.detailed) {
      blocks.push(section(`*${s.title}*`));
      for (const e of entries) blocks.push(section(entryText(e, true)));
    } else {
      blocks.push(section(`*${s.title}*\n${entries.map((e) => `• ${esc(e.title)} ×${e.count}`).join('\n')}`));
    }
  }
  return { text: causes.length > 0 ? esc(`Logs: ${causes[0]?.title ?? ''}`) : 'Logs: no cause of missing checkpoints found', blocks };
}

function helpLine(c: CommandInfo): string {
  return `${code(`/mm2 ${c.name}${c.usage ? ` ${c.usage}` : ''}`)} — ${esc(c.summary)}`;
}

function renderHelp(r: Extract<CommandResult, { kind: 'help' }>): SlackDraft {
  const blocks: KnownBlock[] = [];
  if (r.problem) blocks.push(section(esc(r.problem)));
  if (r.topic) {
    const t = r.topic;
    blocks.push(section([helpLine(t), ...(t.details ?? []).map(esc), t.aliases.length > 0 ? `_Also:_ ${t.aliases.map((a) => code(a)).join(', ')}` : ''].filter(Boolean).join('\n')));
  } else {
    blocks.push(section(`*mm2-doctor commands*\n${r.commands.map(helpLine).join('\n')}`));
  }
  blocks.push(context(r.mirrors.length > 0 ? `Mirrors: ${r.mirrors.map((m) => code(m)).join(', ')} (a source alias works too)` : 'No mirror you may ask about is configured.'));
  return { text: r.problem ? esc(r.problem) : 'mm2-doctor commands', blocks };
}

/** Any command result as a draft (no buttons; ./reply.ts adds those). */
export function renderResult(result: CommandResult): SlackDraft {
  switch (result.kind) {
    case 'diagnosis':
      return renderDiagnosis(result.diagnosis);
    case 'status':
      return renderStatus(result.rows, result.hidden);
    case 'groups':
      return renderGroups(result.diagnosis, result.rows, result.unavailable);
    case 'checkpoints':
      return renderCheckpoints(result);
    case 'failover':
      return renderFailoverSlack(result.readiness, result.diagnosis.report, result.group !== undefined ? { group: result.group } : {});
    case 'logs':
      return renderLogs(result.explanation);
    case 'watch':
      return renderWatchStarted(result.watch, result.diagnosis);
    case 'watch-stopped':
      return { text: result.stopped > 0 ? `Stopped ${result.stopped} watch${result.stopped > 1 ? 'es' : ''}` : 'No watch runs in this thread', blocks: [section(result.stopped > 0 ? `Stopped ${result.stopped} watch${result.stopped > 1 ? 'es' : ''} in this thread.` : 'No watch runs in this thread.')] };
    case 'help':
      return renderHelp(result);
    case 'denied':
      return { text: esc(result.reason), blocks: [section(esc(result.reason))] };
    case 'digest':
    case 'history':
      return renderScheduleResult(result);
    case 'error':
      return { text: `mm2-doctor failed (ref ${result.ref})`, blocks: [section(`mm2-doctor hit an internal error (ref \`${result.ref}\`); the details are in its log.`)] };
  }
}
