/** `/mm2 explain` + pasted log lines: what each kind of line means for checkpoints. */
import type { Command } from '../src/runtime/command.ts';
import { UsageError } from '../src/model/diagnosis.ts';
import { findLogText } from '../src/logs/slack.ts';

export const explain: Command = {
  name: 'explain',
  aliases: ['logs'],
  usage: '<log lines>',
  takesText: true,
  summary: 'What pasted MM2/Connect log lines mean: causes, red herrings, network trouble',
  details: ['Paste the lines after the command (Shift+Enter for new lines), or mention the bot in a thread that holds them.'],
  prepare(_args, rest) {
    // Fenced blocks, quoted and bare log lines (src/logs/slack.ts); text that looks like none is taken as is.
    const text = findLogText(rest).trim() || rest.trim();
    if (text === '') throw new UsageError('`explain` needs log lines pasted after it: `/mm2 explain <log lines>`');
    return { run: async (ctx) => ({ kind: 'logs', explanation: ctx.explainLogs(text) }) };
  },
};
