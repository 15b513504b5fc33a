/**
 * Block Kit for a diagnosis: verdict and root cause first, its evidence and steps below, then the
 * other findings and what could not be evaluated. Pure: returns a draft that src/slack fits into
 * Slack's limits and sends. Every Kafka-derived string is escaped (./escape.ts).
 */
import type { types } from '@slack/bolt';
import { reusedAge, type Diagnosis } from '../../model/diagnosis.ts';
import { formatDuration } from '../../util/duration.ts';
import type { Finding, Severity } from '../../model/finding.ts';
import { quietStateOf, type Report } from '../../model/report.ts';
import type { RunbookContext } from '../../model/runbook-context.ts';
import { stepsFor, type Step } from '../../runbook/steps.ts';
import { context, header, section } from './blocks.ts';
import { code, codeBlock, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import { evidenceText } from '../words/evidence.ts';
import { checksNotEvaluated, notEvaluatedReasons } from '../words/not-evaluated.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';

type KnownBlock = types.KnownBlock;

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' };
const EVIDENCE_SHOWN = 8;

/** `svl->confluent: critical — No consumer group on svl has committed offsets` (mrkdwn-escaped). */
export function verdictLine(report: Report): string {
  const root = report.rootCause;
  const quiet = quietStateOf(report.findings);
  const why = root ? root.title : report.verdict === 'ok' ? (quiet.kind === 'flowing' ? 'checkpoints flow, no problem found' : quietPhrase(quiet)) : 'not every fact could be gathered';
  return esc(`${report.mirror.name}: ${shownVerdict(report.verdict, quiet)} — ${why}`);
}

/** Steps of a finding; a runbook gap must not take the whole reply down. */
function safeSteps(f: Finding, ctx: RunbookContext): Step[] {
  try {
    return stepsFor(f, ctx);
  } catch {
    return [];
  }
}

function evidence(f: Finding, max = EVIDENCE_SHOWN): string {
  const lines = f.evidence.slice(0, max).map((e) => `• ${esc(e.label)}: ${esc(evidenceText(e.value))}`);
  if (f.evidence.length > max) lines.push(`• … ${f.evidence.length - max} more`);
  return lines.join('\n');
}

function stepLines(steps: readonly Step[], withCommands: boolean): string {
  return steps.map((s, i) => `${i + 1}. ${esc(s.text)}${withCommands && s.command ? `\n${codeBlock(s.command)}` : ''}`).join('\n');
}

/** Another finding: severity, title, a little evidence; its steps are behind "Show commands". */
function findingBlock(f: Finding): KnownBlock {
  return section([`*${SEVERITY_LABEL[f.severity]}* ${esc(f.title)} ${code(f.code)}`, evidence(f, 3)].filter(Boolean).join('\n'));
}

/** Each reason once, with the checks it stopped; check errors after. */
function unevaluated(report: Report): { count: number; lines: string[] } {
  const reasons = notEvaluatedReasons(report);
  const lines = reasons.map((r) => `• ${esc(r.reason)}${r.kind ? ` _(${esc(r.kind)})_` : ''}: ${r.checks.length} check${r.checks.length === 1 ? '' : 's'} (${r.checks.map(esc).join(', ')})`);
  for (const e of report.errors) lines.push(`• check ${esc(e.check)} failed: ${esc(e.message)}`);
  return { count: checksNotEvaluated(reasons) + report.errors.length, lines };
}

/** The whole diagnosis as a draft; `title` replaces the header (e.g. for watch updates). */
export function renderDiagnosis(d: Diagnosis, opts: { title?: string } = {}): SlackDraft {
  const { report, runbook } = d;
  const root = report.rootCause;
  const blocks: KnownBlock[] = [header(opts.title ?? `${report.mirror.name}: ${report.verdict}`)];
  if (root) {
    blocks.push(section(`*Root cause* (${root.severity}): ${esc(root.title)} ${code(root.code)}`));
    if (root.evidence.length > 0) blocks.push(section(`*Evidence*\n${evidence(root)}`));
    const steps = safeSteps(root, runbook);
    if (steps.length > 0) blocks.push(section(`*Steps*\n${stepLines(steps, true)}`));
  } else {
    blocks.push(section(report.verdict === 'ok' ? 'No problem found: checkpoints are written.' : '*Verdict unknown*: facts the checks need could not be gathered (below).'));
  }
  const others = report.findings.filter((f) => f !== root);
  if (others.length > 0) {
    blocks.push({ type: 'divider' }, section(`*Other findings* (${others.length}); their steps are under Show commands`));
    for (const f of others) blocks.push(findingBlock(f));
  }
  const gaps = unevaluated(report);
  if (gaps.lines.length > 0) blocks.push(section(`*Not evaluated* (${gaps.count} check${gaps.count === 1 ? '' : 's'})\n${gaps.lines.join('\n')}`));
  const reused = reusedAge(d);
  const when = reused === undefined ? `diagnosed in ${(report.durationMs / 1000).toFixed(1)} s` : `facts read ${formatDuration(reused)} ago, shared with another check`;
  blocks.push(context(`${esc(report.mirror.sourceAlias)} → ${esc(report.mirror.targetAlias)} · ${when} · read-only`));
  return { text: verdictLine(report), blocks };
}

/** "Show commands": every step command of every finding, root cause first, ready to paste. */
export function renderCommands(d: Diagnosis): SlackDraft {
  const { report, runbook } = d;
  const blocks: KnownBlock[] = [header(`${report.mirror.name}: commands`)];
  for (const f of report.findings) {
    const steps = safeSteps(f, runbook).filter((s) => s.command);
    if (steps.length === 0) continue;
    const script = steps.map((s) => `# ${s.text}\n${s.command}`).join('\n\n');
    blocks.push(section(`*${esc(f.title)}* ${code(f.code)}\n${codeBlock(script)}`));
  }
  if (blocks.length === 1) blocks.push(section('No commands to run for this diagnosis.'));
  return { text: esc(`${report.mirror.name}: commands for the troubleshooting steps`), blocks };
}
