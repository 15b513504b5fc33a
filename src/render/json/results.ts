/**
 * Command results as JSON (`mm2-doctor <command> --json`): the data the Slack and text renderers
 * show, for scripts. Every result carries its `kind`; a diagnosis inside a result becomes the public
 * report shape of ./report.ts under `report` (its facts stay out: they are large and hold raw
 * config), and offsets (bigint) become decimal strings as there. Pure.
 */
import type { CommandResult } from '../../runtime/command.ts';
import type { Diagnosis } from '../../model/diagnosis.ts';
import { renderJson, type JsonReport } from './report.ts';

function report(d: Diagnosis): JsonReport {
  return renderJson(d.report, d.runbook);
}

/** The result as a JSON-safe object (bigints still in; {@link renderResultJsonText} turns them into strings). */
export function renderResultJson(result: CommandResult): Record<string, unknown> {
  switch (result.kind) {
    case 'diagnosis':
      return { kind: result.kind, report: report(result.diagnosis) };
    case 'groups': {
      const { diagnosis, ...rest } = result;
      return { ...rest, mirror: diagnosis.report.mirror.name, verdict: diagnosis.report.verdict, report: report(diagnosis) };
    }
    case 'checkpoints': {
      const { diagnosis, ...rest } = result;
      return { ...rest, mirror: diagnosis.report.mirror.name, topic: diagnosis.facts.topicNames.checkpoints, verdict: diagnosis.report.verdict };
    }
    case 'watch': {
      const { diagnosis, ...rest } = result;
      return { ...rest, report: report(diagnosis) };
    }
    case 'status':
      return { kind: result.kind, hidden: result.hidden, rows: result.rows.map((r) => ({ ...r, mirror: r.mirror.name })) };
    case 'help':
      return { kind: result.kind, commands: result.commands.map((c) => ({ name: c.name, usage: c.usage, summary: c.summary })), mirrors: result.mirrors, ...(result.problem ? { problem: result.problem.replace(/`/g, '') } : {}) };
    case 'denied':
      return { kind: result.kind, reason: result.reason.replace(/`/g, '') };
    default:
      return { ...result };
  }
}

/** The result as JSON text, 2-space indented, bigints as decimal strings. */
export function renderResultJsonText(result: CommandResult): string {
  return JSON.stringify(renderResultJson(result), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
