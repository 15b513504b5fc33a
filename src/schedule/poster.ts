/**
 * How schedules reach Slack: posts, thread replies and in-place updates through the Slack
 * adapter's surfaces (src/slack/reply.ts: Block Kit limits, redaction), and a look for a
 * message's marker block, which tells a new poster whether its predecessor's post went out.
 */
import type { webApi } from '@slack/bolt';
import { fitMessages, type SlackDraft } from '../render/slack/limits.ts';
import { ChannelMembership, membershipProblem, NotInChannelError } from '../slack/membership.ts';
import { ChannelSurface, safe, type SurfaceDeps } from '../slack/reply.ts';

/** What digests and alerts do in Slack. */
export interface Poster {
  /** Posts to the channel (parts beyond the first go in its thread); returns the message ts. */
  post(channel: string, draft: SlackDraft): Promise<string>;
  reply(channel: string, threadTs: string, draft: SlackDraft): Promise<void>;
  /** Replaces a message in place with the first part of `draft` (chat.update). */
  update(channel: string, ts: string, draft: SlackDraft): Promise<void>;
  /** The ts of a channel message posted at or after `oldest` (ms) whose block_id is `marker`. */
  findMarker(channel: string, marker: string, oldest: number): Promise<string | null>;
  /** Whether the thread under `threadTs` has a reply with a block whose block_id is `marker`. */
  findReply(channel: string, threadTs: string, marker: string): Promise<boolean>;
}


/**
 * A Poster over a Web API client (Bolt's `app.client`; a WebClient retries 429s after Retry-After).
 * A channel the bot is not in fails with {@link NotInChannelError} and is logged once, with the fix.
 */
export function slackPoster(client: webApi.WebClient, deps: SurfaceDeps, membership = new ChannelMembership({ warn: deps.warn })): Poster {
  const inChannel = async <T>(channel: string, work: () => Promise<T>): Promise<T> => {
    try {
      const out = await work();
      membership.fine(channel);
      return out;
    } catch (error) {
      const code = membershipProblem(error);
      if (!code) throw error;
      membership.problem(channel, code);
      throw new NotInChannelError(channel, code);
    }
  };
  const poster: Poster = {
    async post(channel, draft) {
      // Posted here rather than through ChannelSurface, which does not hand out the ts it got.
      const [first, ...rest] = fitMessages(draft);
      const m = safe(first ?? { text: draft.text, blocks: [] }, deps);
      const res = await client.chat.postMessage({ channel, text: m.text, ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}) });
      if (!res.ts) throw new Error(`chat.postMessage to ${channel} returned no ts`);
      for (const part of rest) await new ChannelSurface(client, channel, deps, { threadTs: res.ts }).show(part);
      return res.ts;
    },
    async reply(channel, threadTs, draft) {
      await new ChannelSurface(client, channel, deps, { threadTs }).show(draft);
    },
    async update(channel, ts, draft) {
      const [first] = fitMessages(draft);
      if (first) await new ChannelSurface(client, channel, deps, { updateTs: ts }).show(first);
    },
    async findMarker(channel, marker, oldest) {
      const res = await client.conversations.history({ channel, oldest: (oldest / 1000).toFixed(6), limit: 100 });
      const hit = (res.messages ?? []).find((m) => (m.blocks ?? []).some((b) => b.block_id === marker));
      return hit?.ts ?? null;
    },
    async findReply(channel, threadTs, marker) {
      // conversations.replies pages by cursor; a digest thread holds at most a few dozen replies.
      let cursor: string | undefined;
      do {
        const res = await client.conversations.replies({ channel, ts: threadTs, limit: 200, ...(cursor && { cursor }) });
        if ((res.messages ?? []).some((m) => m.ts !== threadTs && (m.blocks ?? []).some((b) => b.block_id === marker))) return true;
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return false;
    },
  };
  return {
    post: (channel, draft) => inChannel(channel, () => poster.post(channel, draft)),
    reply: (channel, ts, draft) => inChannel(channel, () => poster.reply(channel, ts, draft)),
    update: (channel, ts, draft) => inChannel(channel, () => poster.update(channel, ts, draft)),
    findMarker: (channel, marker, oldest) => inChannel(channel, () => poster.findMarker(channel, marker, oldest)),
    findReply: (channel, ts, marker) => inChannel(channel, () => poster.findReply(channel, ts, marker)),
  };
}
