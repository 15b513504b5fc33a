/** `/mm2 diagnose <mirror>`: the full diagnosis of one mirror (verdict, root cause, evidence, steps). */
import type { Command } from '../src/runtime/command.ts';
import { mirrorArg } from './args.ts';

const usage = '<mirror>';

export const diagnose: Command = {
  name: 'diagnose',
  aliases: ['d', 'check'],
  usage,
  summary: 'Why a mirror writes no checkpoints: verdict and root cause first, then evidence and steps',
  details: ['<mirror> is a mirror name (`<source>-><target>`, or with → or spaces around the arrow) or its source alias when only one mirror starts there.'],
  prepare(args) {
    const mirror = mirrorArg(args, 'diagnose', usage, 1);
    return {
      mirror,
      progress: (m) => `Diagnosing ${m.name}…`,
      run: async (ctx, m) => ({
        kind: 'diagnosis',
        diagnosis: await ctx.doctor.diagnose(m, ctx.logs ? { logsText: ctx.logs.text, logsOrigin: ctx.logs.origin } : {}),
      }),
    };
  },
};
