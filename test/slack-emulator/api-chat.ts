// chat.postMessage, chat.postEphemeral, chat.update and chat.delete as documented at
// https://api.slack.com/methods/chat.postMessage (threads: `thread_ts`, `reply_broadcast`),
// https://api.slack.com/methods/chat.postEphemeral (`user_not_in_channel`),
// https://api.slack.com/methods/chat.update (`message_not_found`, `cant_update_message`),
// https://api.slack.com/methods/chat.delete (`cant_delete_message`) and
// https://docs.slack.dev/reference/methods/chat.getPermalink (no scope; `message_not_found`).
// A message the bot posts in a direct message is also a `message` event in that conversation
// (https://docs.slack.dev/reference/events/message.im: every message in the DM, the app's own
// included, which is why Bolt ignores the app's own by default); the emulator sends it to the app
// when it subscribes to message.im.
import { apiMessage, botChannel, fail, isResult, ok, type ApiResult, type Core } from './core.ts';
import { checkContent } from './message-content.ts';
import type { StoredMessage } from './store.ts';

export type MethodRun = (core: Core, args: Record<string, unknown>) => ApiResult | Promise<ApiResult>;

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1';
}

/**
 * The thread a reply joins. A reply's own ts resolves to its parent, as in Slack. An unknown ts is
 * answered with `thread_not_found`: Slack's behaviour there is not documented, and silently posting
 * top-level would hide the bot's bug.
 */
function threadRoot(core: Core, channel: string, threadTs: unknown): string | ApiResult | undefined {
  if (threadTs === undefined || threadTs === '') return undefined;
  const parent = typeof threadTs === 'string' ? core.store.find(channel, threadTs) : undefined;
  if (!parent) return fail('thread_not_found');
  return parent.thread_ts ?? parent.ts;
}

function botMessage(core: Core, ts: unknown, channel: string, denied: string): StoredMessage | ApiResult {
  const message = typeof ts === 'string' ? core.store.find(channel, ts) : undefined;
  if (!message) return fail('message_not_found');
  if (message.user !== core.workspace.seed.botUserId) return fail(denied);
  return message;
}

const postMessage: MethodRun = (core, args) => {
  const channel = botChannel(core, args.channel, true);
  if (isResult(channel)) return channel;
  const content = checkContent(args, core.options.content);
  if (!content.ok) return { body: content.body };
  const thread = threadRoot(core, channel.id, args.thread_ts);
  if (typeof thread === 'object') return thread;
  const { botUserId, botId } = core.workspace.seed;
  const message = core.store.add({
    channel: channel.id,
    text: content.text,
    blocks: content.blocks,
    user: botUserId,
    bot_id: botId,
    ...(thread ? { thread_ts: thread, reply_broadcast: truthy(args.reply_broadcast) } : {}),
    via: 'chat.postMessage',
  });
  if (channel.isIm) {
    core.deliverEvent('message.im', {
      type: 'message', channel: channel.id, user: botUserId, bot_id: botId, app_id: core.workspace.seed.appId, text: message.text,
      ts: message.ts, event_ts: message.ts, channel_type: 'im', ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    });
  }
  return ok({ channel: channel.id, ts: message.ts, message: apiMessage(core, message) });
};

const getPermalink: MethodRun = (core, args) => {
  const channel = botChannel(core, args.channel, false);
  if (isResult(channel)) return channel;
  const message = typeof args.message_ts === 'string' ? core.store.find(channel.id, args.message_ts) : undefined;
  if (!message) return fail('message_not_found');
  const thread = message.thread_ts && message.thread_ts !== message.ts ? `?thread_ts=${message.thread_ts}&cid=${channel.id}` : '';
  return ok({ channel: channel.id, permalink: `https://${core.workspace.seed.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}${thread}` });
};

const postEphemeral: MethodRun = (core, args) => {
  const channel = botChannel(core, args.channel, true);
  if (isResult(channel)) return channel;
  const user = typeof args.user === 'string' ? core.workspace.user(args.user) : undefined;
  if (!user) return fail('user_not_found');
  if (!core.workspace.isMember(channel, user.id)) return fail('user_not_in_channel');
  const content = checkContent(args, core.options.content);
  if (!content.ok) return { body: content.body };
  const thread = threadRoot(core, channel.id, args.thread_ts);
  if (typeof thread === 'object') return thread;
  const message = core.store.addEphemeral({
    channel: channel.id,
    user: user.id,
    text: content.text,
    blocks: content.blocks,
    ...(thread ? { thread_ts: thread } : {}),
    via: 'chat.postEphemeral',
  });
  return ok({ message_ts: message.ts });
};

const update: MethodRun = (core, args) => {
  const channel = botChannel(core, args.channel, false);
  if (isResult(channel)) return channel;
  const message = botMessage(core, args.ts, channel.id, 'cant_update_message');
  if (isResult(message)) return message;
  const content = checkContent(args, core.options.content);
  if (!content.ok) return { body: content.body };
  core.store.edit(message, { text: content.text, blocks: content.blocks }, core.workspace.seed.botUserId);
  return ok({ channel: channel.id, ts: message.ts, text: message.text, message: apiMessage(core, message) });
};

const remove: MethodRun = (core, args) => {
  const channel = botChannel(core, args.channel, false);
  if (isResult(channel)) return channel;
  const message = botMessage(core, args.ts, channel.id, 'cant_delete_message');
  if (isResult(message)) return message;
  core.store.remove(message);
  return ok({ channel: channel.id, ts: message.ts });
};

export const chatMethods: Record<string, MethodRun> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
};
