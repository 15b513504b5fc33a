// response_url: each slash command and interaction gets its own URL on the emulator (/response/<id>).
// A JSON POST there shows a message to the user: `response_type` "ephemeral" (default, only the invoker
// sees it) or "in_channel", `replace_original` / `delete_original` acting on the message the interaction
// came from (or the last one this URL posted), `thread_ts`; Block Kit checked as for chat.postMessage.
// Docs: https://api.slack.com/interactivity/handling#message_responses and
// https://api.slack.com/interactivity/slash-commands#responding_with_messages ("up to 5 times within 30 minutes").
//
// Choices where Slack's docs are silent (the answers Bolt's respond() sees only as status codes):
// - every POST to a live URL counts as a use, even one rejected for bad blocks (the stricter reading);
// - the 6th use answers 404 `{ok:false,error:"used_url"}`, a use after the window 404 "expired_url",
//   an id the emulator never issued 404 "invalid_url"; content errors answer 400 with the Web API's body;
// - success is 200 `{ok:true}`;
// - without `replace_original: true` a POST adds a new message, for commands and block actions alike;
// - the immediate response (ack payload / HTTP 200 body) does not consume a use; if Slack cannot show it
//   (bad blocks) or the app never acks, the user sees Slack's own ephemeral
//   `/mm2 failed with the error "…"`, as Slack shows for `operation_timeout` and `dispatch_failed`.
import { fail, ok, type ApiResult, type Core } from './core.ts';
import { checkContent } from './message-content.ts';
import type { EphemeralMessage, StoredMessage, Via } from './store.ts';

export type Shown = { kind: 'channel'; message: StoredMessage } | { kind: 'ephemeral'; message: EphemeralMessage };

export interface ResponseUrl {
  id: string;
  url: string;
  channel: string;
  /** The user who ran the command or clicked; ephemeral responses are shown to them. */
  user: string;
  createdAt: number;
  uses: number;
  /** What `replace_original` / `delete_original` act on. */
  original?: Shown;
  posts: { at: number; status: number; body: unknown }[];
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

export class ResponseUrls {
  private readonly urls = new Map<string, ResponseUrl>();

  constructor(private readonly core: Core) {}

  create(channel: string, user: string, original?: Shown): ResponseUrl {
    const id = this.core.newId('R');
    const record: ResponseUrl = { id, url: `${this.core.baseUrl}/response/${id}`, channel, user, createdAt: Date.now(), uses: 0, original, posts: [] };
    this.urls.set(id, record);
    return record;
  }

  all(): ResponseUrl[] {
    return [...this.urls.values()];
  }

  /** A POST to /response/<id>. */
  handle(id: string, raw: Buffer): ApiResult {
    const record = this.urls.get(id);
    if (!record) return { status: 404, body: { ok: false, error: 'invalid_url' } };
    const result = this.use(record, raw);
    record.posts.push({ at: Date.now(), status: result.status ?? 200, body: result.body });
    return result;
  }

  private use(record: ResponseUrl, raw: Buffer): ApiResult {
    const { responseUrlMaxUses, responseUrlTtlMs } = this.core.options;
    if (Date.now() - record.createdAt > responseUrlTtlMs) return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (record.uses >= responseUrlMaxUses) return { status: 404, body: { ok: false, error: 'used_url' } };
    record.uses += 1;
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    if (typeof payload !== 'object' || payload === null) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    const result = this.show(record, payload as Record<string, unknown>, 'response_url');
    return result.body.ok ? result : { ...result, status: 400 };
  }

  /** The immediate response carried by a slash command's ack payload or HTTP 200 body, if any. */
  immediate(record: ResponseUrl, payload: unknown, command: string): void {
    if (typeof payload !== 'object' || payload === null) return;
    const body = payload as Record<string, unknown>;
    if (body.text === undefined && body.blocks === undefined) return;
    const shown = this.show(record, body, 'ack');
    if (!shown.body.ok) this.slackSays(record, `${command} failed with the error "${String(shown.body.error)}"`);
  }

  /** A notice from Slack itself to the invoking user (e.g. a command that timed out). */
  slackSays(record: ResponseUrl, text: string): void {
    this.core.store.addEphemeral({ channel: record.channel, user: record.user, text, via: 'slack' });
  }

  /** Shows a response to the user; shared by response_url POSTs and immediate (ack) responses. */
  show(record: ResponseUrl, payload: Record<string, unknown>, via: Via): ApiResult {
    const { store, workspace } = this.core;
    if (truthy(payload.delete_original)) {
      if (!record.original) return fail('message_not_found');
      if (record.original.kind === 'channel') store.remove(record.original.message);
      else store.removeEphemeral(record.original.message);
      record.original = undefined;
      return ok();
    }
    const content = checkContent(payload, this.core.options.content);
    if (!content.ok) return { body: content.body };
    const next = { text: content.text, blocks: content.blocks };
    if (truthy(payload.replace_original) && record.original) {
      store.edit(record.original.message, next);
      return ok();
    }
    const threadTs = typeof payload.thread_ts === 'string' ? { thread_ts: payload.thread_ts } : {};
    if (payload.response_type === 'in_channel') {
      const { botUserId, botId } = workspace.seed;
      const message = store.add({ channel: record.channel, ...next, user: botUserId, bot_id: botId, ...threadTs, via });
      record.original = { kind: 'channel', message };
    } else {
      const message = store.addEphemeral({ channel: record.channel, user: record.user, ...next, ...threadTs, via });
      record.original = { kind: 'ephemeral', message };
    }
    return ok();
  }
}
