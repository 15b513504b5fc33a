/** `/mm2 help [command]`: generated from the registry, plus the mirrors the caller may ask about. */
import type { Command } from '../src/runtime/command.ts';
import { UsageError } from '../src/model/diagnosis.ts';
import { expectArgs } from './args.ts';

export const help: Command = {
  name: 'help',
  aliases: ['h', 'usage'],
  usage: '[command]',
  summary: 'This list, or the details of one command',
  prepare(args) {
    expectArgs(args, 'help', '[command]', 0, 1);
    return {
      async run(ctx) {
        const mirrors = ctx.doctor.mirrors().filter((m) => ctx.visible(m)).map((m) => m.name);
        const word = args[0]?.toLowerCase();
        if (word === undefined) return { kind: 'help', commands: ctx.commands, mirrors };
        const topic = ctx.commands.find((c) => c.name === word || c.aliases.includes(word));
        if (!topic) throw new UsageError(`Unknown command \`${word}\`.`);
        return { kind: 'help', commands: ctx.commands, mirrors, topic };
      },
    };
  },
};
