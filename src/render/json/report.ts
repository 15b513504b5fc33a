/**
 * Machine-readable report. The shape is a public contract:
 * `{ mirror, verdict, rootCause: {code, title} | null, findings: [{code, severity, title, evidence, steps}], durationMs }`.
 * Offsets (bigint) become decimal strings.
 */
import type { EvidenceValue, FindingCode, Severity, Verdict } from '../../model/finding.ts';
import type { Report } from '../../model/report.ts';
import type { RunbookContext } from '../../model/runbook-context.ts';
import { stepsFor, type Step } from '../../runbook/steps.ts';

/** JSON-safe evidence value. */
export type JsonEvidenceValue = string | number | boolean | null | string[];

/** The JSON report. */
export interface JsonReport {
  mirror: { name: string; sourceAlias: string; targetAlias: string };
  verdict: Verdict;
  rootCause: { code: FindingCode; title: string } | null;
  findings: {
    code: FindingCode;
    severity: Severity;
    title: string;
    evidence: { label: string; value: JsonEvidenceValue }[];
    steps: Step[];
  }[];
  durationMs: number;
}

function jsonValue(v: EvidenceValue): JsonEvidenceValue {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** The report as a JSON-safe object (no bigint, no undefined). */
export function renderJson(report: Report, ctx: RunbookContext): JsonReport {
  return {
    mirror: { name: report.mirror.name, sourceAlias: report.mirror.sourceAlias, targetAlias: report.mirror.targetAlias },
    verdict: report.verdict,
    rootCause: report.rootCause ? { code: report.rootCause.code, title: report.rootCause.title } : null,
    findings: report.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      title: f.title,
      evidence: f.evidence.map((e) => ({ label: e.label, value: jsonValue(e.value) })),
      steps: stepsFor(f, ctx).map((s) => (s.command ? { text: s.text, command: s.command } : { text: s.text })),
    })),
    durationMs: report.durationMs,
  };
}

/** The report as JSON text (2-space indented). */
export function renderJsonText(report: Report, ctx: RunbookContext): string {
  return JSON.stringify(renderJson(report, ctx), null, 2);
}
