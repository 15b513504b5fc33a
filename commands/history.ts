/** `history <mirror> [count]`: the last verdict and root cause changes of a mirror, newest first. */
import type { Command } from '../src/runtime/command.ts';
import { UsageError } from '../src/model/diagnosis.ts';
import { mirrorArg } from './args.ts';

const usage = '<mirror> [count]';
const DEFAULT_COUNT = 10;
const MAX_COUNT = 50;

export const history: Command = {
  name: 'history',
  aliases: ['hist'],
  usage,
  summary: 'The last verdict changes of a mirror, from every diagnosis kept',
  details: [`Shows the last ${DEFAULT_COUNT} changes (at most ${MAX_COUNT}): commands, watches, digests and alerts all count.`],
  prepare(args) {
    const mirror = mirrorArg(args, 'history', usage, 2);
    const count = args[1] === undefined ? DEFAULT_COUNT : Number(args[1]);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw new UsageError(`The count is a number from 1 to ${MAX_COUNT}: \`/mm2 history ${usage}\``);
    return {
      mirror,
      async run(ctx, m) {
        const read = ctx.schedules?.history;
        if (!read) throw new UsageError('This mm2-doctor keeps no history.');
        return { kind: 'history', mirror: m.name, view: await read(m.name, count) };
      },
    };
  },
};
