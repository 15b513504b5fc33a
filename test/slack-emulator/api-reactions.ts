// reactions.add / reactions.remove (https://api.slack.com/methods/reactions.add,
// https://api.slack.com/methods/reactions.remove): the bot's progress markers on a message
// (:eyes: while working, :white_check_mark: when done; slack.md §5). Errors: `message_not_found`,
// `already_reacted`, `no_reaction`, `invalid_name` (colons or spaces in the emoji name).
import type { MethodRun } from './api-chat.ts';
import { botChannel, fail, isResult, ok } from './core.ts';

function react(on: boolean): MethodRun {
  return (core, args) => {
    const channel = botChannel(core, args.channel, true);
    if (isResult(channel)) return channel;
    if (typeof args.name !== 'string' || !/^[a-z0-9_+'-]+$/.test(args.name)) return fail('invalid_name');
    const message = typeof args.timestamp === 'string' ? core.store.find(channel.id, args.timestamp) : undefined;
    if (!message) return fail('message_not_found');
    if (!core.store.react(message, args.name, core.workspace.seed.botUserId, on)) return fail(on ? 'already_reacted' : 'no_reaction');
    return ok();
  };
}

export const reactionMethods: Record<string, MethodRun> = {
  'reactions.add': react(true),
  'reactions.remove': react(false),
};
