/**
 * `/mm2 failover <mirror> [group]`: if the consumers moved to the target now, where would each
 * checkpointed group resume, and how many records would it re-read or skip? From the diagnosis:
 * the real Doctor computes the readiness (src/doctor/failover.ts) over the same facts.
 */
import type { Command } from '../src/runtime/command.ts';
import { failoverReadiness } from '../src/doctor/failover.ts';
import { mirrorArg } from './args.ts';

const usage = '<mirror> [group]';

export const failover: Command = {
  name: 'failover',
  aliases: ['fo'],
  usage,
  summary: 'Where each group would resume on the target, and what it would re-read',
  details: [
    'Per group and partition: the offset a consumer would start at on the target (the group\'s target offset, else the newest checkpoint), its position per the offset syncs, and the records re-read or skipped.',
    'ready: within max(1000, offset.lag.max) re-reads per partition; degraded: more, or cannot be told; not ready: a partition starts at auto.offset.reset, skips records, or MM2 is still catching up.',
  ],
  prepare(args) {
    const mirror = mirrorArg(args, 'failover', usage, 2);
    const group = args[1];
    return {
      mirror,
      progress: (m) => `Working out failover readiness of ${m.name}…`,
      async run(ctx, m) {
        const diagnosis = await ctx.doctor.diagnose(m);
        const readiness = diagnosis.failover ?? failoverReadiness(diagnosis.facts);
        return { kind: 'failover', diagnosis, readiness, ...(group !== undefined ? { group } : {}) };
      },
    };
  },
};
