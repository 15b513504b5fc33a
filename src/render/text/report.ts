/**
 * Plain-text report for a terminal: verdict and root cause first, then its evidence and numbered
 * steps with commands, then the other findings, what was not evaluated, and check errors. Readable
 * without colour; pure (returns a string).
 */
import { quietStateOf, type Report } from '../../model/report.ts';
import type { Finding } from '../../model/finding.ts';
import type { RunbookContext } from '../../model/runbook-context.ts';
import { stepsFor } from '../../runbook/steps.ts';
import { evidenceText } from '../words/evidence.ts';
import { checksNotEvaluated, notEvaluatedReasons } from '../words/not-evaluated.ts';
import { quietPhrase } from '../words/verdict.ts';

const INDENT = '    ';

function evidenceLines(f: Finding, indent: string): string[] {
  return f.evidence.map((e) => `${indent}${e.label}: ${evidenceText(e.value)}`);
}

function stepLines(f: Finding, ctx: RunbookContext, indent: string): string[] {
  const out: string[] = [];
  stepsFor(f, ctx).forEach((s, i) => {
    out.push(`${indent}${i + 1}. ${s.text}`);
    if (s.command) out.push(`${indent}   $ ${s.command}`);
  });
  return out;
}

/** Renders a report as text lines joined with `\n` (ends with a newline). */
export function renderTerminal(report: Report, ctx: RunbookContext): string {
  const { mirror } = report;
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const out: string[] = [
    `${mirror.name} (${mirror.sourceAlias} -> ${mirror.targetAlias}): ${report.verdict.toUpperCase()}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`,
  ];

  const root = report.rootCause;
  if (root) {
    out.push('', `Root cause [${root.severity}] ${root.code}: ${root.title}`, '', 'Evidence:', ...evidenceLines(root, '  '), '', 'Steps:', ...stepLines(root, ctx, '  '));
  } else if (report.verdict === 'ok') {
    const quiet = quietStateOf(report.findings);
    // Not "no problem" while a group waits for its first checkpoint: the numbers will still move.
    out.push('', quiet.kind === 'pending' ? `Pending, no problem found yet: ${quietPhrase(quiet)}` : 'No problem found.');
  }

  const others = report.findings.filter((f) => f !== root);
  if (others.length > 0) {
    out.push('', root ? 'Other findings:' : 'Findings:');
    for (const f of others) {
      out.push('', `  [${f.severity}] ${f.code}: ${f.title}`, ...evidenceLines(f, INDENT));
      if (f.severity !== 'info' || !root) out.push(`${INDENT}Steps:`, ...stepLines(f, ctx, `${INDENT}  `));
    }
  }

  const reasons = notEvaluatedReasons(report);
  if (reasons.length > 0) {
    const n = checksNotEvaluated(reasons);
    out.push('', `Not evaluated (${n} check${n === 1 ? '' : 's'}):`);
    for (const r of reasons) out.push(`  ${r.reason}${r.kind ? ` (${r.kind})` : ''}: ${r.checks.join(', ')}`);
  }
  if (report.errors.length > 0) {
    out.push('', 'Check errors:');
    for (const e of report.errors) out.push(`  ${e.check}: ${e.message}`);
  }
  out.push('', `Gathered in ${report.durationMs} ms.`);
  return `${out.join('\n')}\n`;
}
