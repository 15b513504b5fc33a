/** `/mm2 status`: every mirror the caller may see on one screen, worst first. */
import type { Command, CommandContext, StatusRow } from '../src/runtime/command.ts';
import type { MirrorRef } from '../src/model/diagnosis.ts';
import { quietStateOf } from '../src/model/report.ts';
import { expectArgs } from './args.ts';
import { mapLimit } from '../src/util/map-limit.ts';

// Diagnoses open Kafka and Connect connections; a handful at a time keeps a big config polite.
const CONCURRENCY = 4;

async function row(ctx: CommandContext, mirror: MirrorRef): Promise<StatusRow> {
  const counts = { critical: 0, warning: 0, info: 0 };
  try {
    const { report } = await ctx.doctor.diagnose(mirror);
    for (const f of report.findings) counts[f.severity] += 1;
    const root = report.rootCause;
    return { mirror, verdict: report.verdict, rootCause: root ? { code: root.code, title: root.title } : null, quiet: quietStateOf(report.findings), counts, durationMs: report.durationMs };
  } catch (error) {
    return { mirror, verdict: 'unknown', rootCause: null, counts, durationMs: 0, errorRef: ctx.logError(error) };
  }
}


export const status: Command = {
  name: 'status',
  aliases: ['s', 'ls'],
  usage: '',
  summary: 'Every mirror on one screen: verdict and root cause',
  prepare(args) {
    expectArgs(args, 'status', '', 0, 0);
    return {
      progress: () => 'Diagnosing every mirror…',
      async run(ctx) {
        const all = ctx.doctor.mirrors();
        const visible = all.filter((m) => ctx.visible(m));
        return { kind: 'status', rows: await mapLimit(visible, CONCURRENCY, (m) => row(ctx, m)), hidden: all.length - visible.length };
      },
    };
  },
};
