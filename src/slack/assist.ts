/**
 * Incident-thread assistance, after `@mm2-doctor` in a thread or a direct message: read the thread
 * once (conversations.replies; scopes channels:history / groups:history / im:history), explain the logs people
 * pasted, and post a fresh diagnosis of each mirror the thread names (with those logs), each in
 * the thread. Every step goes through the command runner, so access rules and audit apply.
 */
import type { webApi } from '@slack/bolt';
import type { MirrorRef } from '../model/diagnosis.ts';
import type { SlackDeps } from './deps.ts';
import { isPrivate, runOn } from './present.ts';
import { ChannelSurface } from './reply.ts';
import { scanThread, type ThreadMessage } from './thread.ts';
import { renderWhichMirror } from '../render/slack/reply.ts';

// Slack limits conversations.replies for non-Marketplace apps (2025-05 rate-limit change), so one page only.
const THREAD_LIMIT = 100;
const MAX_MIRRORS = 3;

/** A mention to assist with. */
export interface MentionInput {
  client: webApi.WebClient;
  channel: string;
  /** The thread to read. */
  threadTs: string;
  /** Where answers go: a thread, or the conversation itself (a direct message not in a thread). */
  replyTs: string | undefined;
  inThread: boolean;
  user: string;
  /** The mention's own text (read even when the thread cannot be). */
  text: string;
  /** The bot's user id (Bolt's context, from auth.test at start-up): its own messages are skipped. */
  botUserId: string | undefined;
  /** How the bot was addressed, for the audit. */
  via: 'mention' | 'dm';
}

async function readThread(input: MentionInput, deps: SlackDeps): Promise<ThreadMessage[]> {
  const own: ThreadMessage = { text: input.text, user: input.user };
  if (!input.inThread) return [own];
  try {
    const res = await input.client.conversations.replies({ channel: input.channel, ts: input.threadTs, limit: THREAD_LIMIT });
    return (res.messages as ThreadMessage[] | undefined) ?? [own];
  } catch (error) {
    deps.surface.warn(`conversations.replies failed in ${input.channel}: ${(error as { data?: { error?: string } }).data?.error ?? String(error)}; using the mention only`);
    return [own];
  }
}

/** Answers a mention that is not a command. */
export async function assistThread(input: MentionInput, deps: SlackDeps): Promise<void> {
  const { client, channel, replyTs, user } = input;
  const at = replyTs ? { threadTs: replyTs } : {};
  const messages = await readThread(input, deps);
  const mirrors = deps.runner.doctor.mirrors();
  const scan = scanThread(messages, mirrors, input.botUserId);
  const post = (text: string, extra: { logs?: { text: string; origin: string } } = {}) =>
    runOn(new ChannelSurface(client, channel, deps.surface, { ...at, asker: user }), deps, { text, via: input.via, user, channel, ...(replyTs ? { thread: replyTs } : {}), ...extra }, { ephemeral: false });

  // A denial is shown to the asker once (runOn keeps it private); nothing more is tried after it.
  if (scan.logText !== '' && isPrivate(await post(`explain\n${scan.logText}`))) return;

  let targets: MirrorRef[] = scan.mirrors.slice(0, MAX_MIRRORS);
  if (targets.length === 0) {
    const groups = await deps.groups(user);
    const visible = mirrors.filter((m) => deps.runner.policy.mayAsk({ user, channel, groups }, 'diagnose', m).allowed);
    if (visible.length === 1) targets = visible;
    else {
      await new ChannelSurface(client, channel, deps.surface, at).show(renderWhichMirror(visible));
      return;
    }
  }
  const logs = scan.logText !== '' ? { text: scan.logText, origin: 'thread' } : undefined;
  for (const m of targets) if (isPrivate(await post(`diagnose ${m.name}`, logs ? { logs } : {}))) return;
}
