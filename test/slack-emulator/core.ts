// State and options shared by the emulator's Web API, Socket Mode, HTTP-mode and response_url parts.
import type { AppRules } from './app-config.ts';
import type { ContentLimits } from './message-content.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import type { MessageStore, StoredFile, StoredMessage } from './store.ts';
import type { Channel, Workspace } from './workspace.ts';

export interface EmulatorOptions {
  /** Per-channel limit on chat.postMessage / chat.update; `false` turns it off. */
  rateLimit: RateLimitOptions | false;
  /** How long Slack waits for a Socket Mode ack before it retries an event or fails a command (Slack: 3 s). */
  ackTimeoutMs: number;
  /** Event redeliveries after the first attempt (Slack: 3, https://api.slack.com/apis/events-api#retries). */
  maxEventRetries: number;
  /** response_url budget (Slack: 5 uses within 30 minutes). */
  responseUrlMaxUses: number;
  responseUrlTtlMs: number;
  /** After a `disconnect` (other than "warning"), how long Slack leaves the socket open. */
  disconnectGraceMs: number;
  /** Interval of the server's WebSocket pings; 0 sends none. */
  pingIntervalMs: number;
  /** Concurrent Socket Mode connections per app (Slack: 10). */
  maxConnections: number;
  content: ContentLimits;
}

export const DEFAULT_OPTIONS: EmulatorOptions = {
  rateLimit: { perSecond: 1, burst: 5 },
  ackTimeoutMs: 3000,
  maxEventRetries: 3,
  responseUrlMaxUses: 5,
  responseUrlTtlMs: 30 * 60 * 1000,
  disconnectGraceMs: 1000,
  pingIntervalMs: 10_000,
  maxConnections: 10,
  content: { maxBlocksText: 11_000 },
};

export interface ApiResult {
  body: Record<string, unknown>;
  status?: number;
  headers?: Record<string, string>;
}

export function ok(body: Record<string, unknown> = {}): ApiResult {
  return { body: { ok: true, ...body } };
}

export function fail(error: string, extra: Record<string, unknown> = {}): ApiResult {
  return { body: { ok: false, error, ...extra } };
}

export interface UploadedFile extends StoredFile {
  length: number;
  uploaded: boolean;
  channel?: string;
  messageTs?: string;
}

/** A user's App Home as the app last published it (views.publish). */
export interface HomeView {
  user: string;
  id: string;
  hash: string;
  view: Record<string, unknown>;
  /** Earlier views, oldest first. */
  history: Record<string, unknown>[];
}

/** One run of a workflow step (a `function_executed` event) and how the app completed it. */
export interface StepExecution {
  id: string;
  workflowExecutionId: string;
  callbackId: string;
  inputs: Record<string, unknown>;
  /** The per-execution `xwfp-` token; accepted until the step completes. */
  token: string;
  status: 'running' | 'completed' | 'failed';
  outputs?: Record<string, unknown>;
  error?: string;
}

export interface Core {
  options: EmulatorOptions;
  /** The app's configuration as Slack knows it (its manifest). */
  rules: AppRules;
  workspace: Workspace;
  store: MessageStore;
  files: Map<string, UploadedFile>;
  homes: Map<string, HomeView>;
  steps: Map<string, StepExecution>;
  /** Sends an Events API event to the app (Socket Mode), if it subscribes to it. */
  deliverEvent(subscription: string, event: Record<string, unknown>): void;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  newId(prefix: string): string;
  /** A fresh apps.connections.open URL carrying a one-time ticket. */
  openSocketUrl(): string;
}

/** A stored message as Slack's Web API returns it (conversations.history, chat.postMessage `message`). */
export function apiMessage(core: Core, m: StoredMessage): Record<string, unknown> {
  const { seed } = core.workspace;
  const isReply = m.thread_ts !== undefined && m.thread_ts !== m.ts;
  const replies = isReply ? [] : core.store.thread(m.channel, m.ts).slice(1);
  const threadTs = m.thread_ts ?? (replies.length > 0 ? m.ts : undefined);
  return {
    type: 'message',
    ...(m.subtype ? { subtype: m.subtype } : {}),
    user: m.user,
    ...(m.bot_id ? { bot_id: m.bot_id, app_id: seed.appId } : {}),
    team: seed.teamId,
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ts: m.ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(replies.length > 0
      ? { reply_count: replies.length, reply_users: [...new Set(replies.map((r) => r.user))], latest_reply: replies.at(-1)?.ts }
      : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    ...(m.reactions && Object.keys(m.reactions).length > 0
      ? { reactions: Object.entries(m.reactions).map(([name, users]) => ({ name, users, count: users.length })) }
      : {}),
    ...(m.files ? { files: m.files.map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.content.length })) } : {}),
  };
}

/**
 * The conversation `id` names as the bot sees it: `channel_not_found` when it does not exist or is
 * private without the bot, `not_in_channel` when the bot must be a member and is not.
 */
export function botChannel(core: Core, id: unknown, mustBeMember: boolean): Channel | ApiResult {
  const channel = typeof id === 'string' ? core.workspace.resolve(id) : undefined;
  if (!channel || !core.workspace.visibleToBot(channel)) return fail('channel_not_found');
  if (mustBeMember && !core.workspace.isMember(channel, core.workspace.seed.botUserId)) return fail('not_in_channel');
  return channel;
}

export function isResult(v: object): v is ApiResult {
  return 'body' in v;
}
