/** `/mm2 explain` + pasted log lines: what each kind of line means for checkpoints. */
import type { Command } from '../src/chat/command.ts';
import { UsageError } from '../src/engine/doctor.ts';

/** Drops Slack/Markdown code fences and quote markers around pasted logs. */
export function unfence(text: string): string {
  return text
    .replace(/```[a-z]*\n?/gi, '\n')
    .split(/\r?\n/)
    .map((l) => l.replace(/^(?:>|&gt;) ?/, ''))
    .join('\n')
    .trim();
}

export const explain: Command = {
  name: 'explain',
  aliases: ['logs'],
  usage: '<log lines>',
  takesText: true,
  summary: 'What pasted MM2/Connect log lines mean: causes, red herrings, network trouble',
  details: ['Paste the lines after the command (Shift+Enter for new lines), or mention the bot in a thread that holds them.'],
  prepare(_args, rest) {
    const text = unfence(rest);
    if (text === '') throw new UsageError('`explain` needs log lines pasted after it: `/mm2 explain <log lines>`');
    return { run: async (ctx) => ({ kind: 'logs', explanation: ctx.explainLogs(text) }) };
  },
};
