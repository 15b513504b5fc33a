/**
 * Incident-thread assistance, after `@mm2-doctor` in a thread: read the thread once
 * (conversations.replies; scopes channels:history / groups:history), explain the logs people
 * pasted, and post a fresh diagnosis of each mirror the thread names (with those logs), each in
 * the thread. Every step goes through the command runner, so access rules and audit apply.
 */
import type { webApi } from '@slack/bolt';
import type { MirrorRef } from '../model/diagnosis.ts';
import type { SlackDeps } from './deps.ts';
import { runOn } from './present.ts';
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
  threadTs: string;
  inThread: boolean;
  user: string;
  /** The mention's own text (read even when the thread cannot be). */
  text: string;
  /** The bot's user id (Bolt's context, from auth.test at start-up): its own messages are skipped. */
  botUserId: string | undefined;
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
  const { client, channel, threadTs, user } = input;
  const messages = await readThread(input, deps);
  const mirrors = deps.runner.doctor.mirrors();
  const scan = scanThread(messages, mirrors, input.botUserId);
  const post = (text: string, extra: { logs?: { text: string; origin: string } } = {}) =>
    runOn(new ChannelSurface(client, channel, deps.surface, { threadTs }), deps, { text, via: 'mention', user, channel, thread: threadTs, ...extra }, { ephemeral: false });

  if (scan.logText !== '') await post(`explain\n${scan.logText}`);

  let targets: MirrorRef[] = scan.mirrors.slice(0, MAX_MIRRORS);
  if (targets.length === 0) {
    const groups = await deps.groups(user);
    const visible = mirrors.filter((m) => deps.runner.policy.mayAsk({ user, channel, groups }, 'diagnose', m).allowed);
    if (visible.length === 1) targets = visible;
    else {
      await new ChannelSurface(client, channel, deps.surface, { threadTs }).show(renderWhichMirror(visible));
      return;
    }
  }
  const logs = scan.logText !== '' ? { text: scan.logText, origin: 'thread' } : undefined;
  for (const m of targets) await post(`diagnose ${m.name}`, logs ? { logs } : {});
}
