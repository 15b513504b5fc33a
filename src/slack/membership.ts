/**
 * Channel membership: Slack refuses chat.postMessage to a public channel the bot is not in with
 * `not_in_channel`, and to a private one it was not invited to with `channel_not_found` (the channel
 * is invisible to it). Digests and alerts then fail on every run, so the bot checks every configured
 * channel at start-up (conversations.info `is_member`, scopes channels:read / groups:read;
 * https://docs.slack.dev/reference/methods/conversations.info), logs each channel's problem once
 * with the fix, and tells whoever asked for a post (`/mm2 digest now`) to `/invite @mm2-doctor`.
 */
import type { webApi } from '@slack/bolt';
import { UsageError } from '../model/diagnosis.ts';
import { notInChannelText, type MembershipCode } from '../render/words/membership.ts';

/** `not_in_channel` or `channel_not_found` when that is why a Web API call failed. */
export function membershipProblem(error: unknown): MembershipCode | undefined {
  const code = (error as { data?: { error?: string } } | undefined)?.data?.error;
  return code === 'not_in_channel' || code === 'channel_not_found' ? code : undefined;
}

/** A post the bot may not make; its message (shown to the user who asked) says how to fix it. */
export class NotInChannelError extends UsageError {
  override name = 'NotInChannelError';

  constructor(readonly channel: string, readonly code: MembershipCode) {
    super(`${notInChannelText(channel, code)}, then try again.`);
  }
}

/** Remembers which channels the bot cannot post in, so each is logged once (again after it worked). */
export class ChannelMembership {
  private readonly reported = new Set<string>();

  constructor(private readonly log: { warn(message: string): void }) {}

  /** Logs the channel's problem with the fix, once until the channel works again. */
  problem(channel: string, code: MembershipCode, what?: string): void {
    if (this.reported.has(channel)) return;
    this.reported.add(channel);
    this.log.warn(`${what ? `${what}: ` : ''}${notInChannelText(channel, code)}; until then nothing is posted there.`);
  }

  /** A post to the channel worked. */
  fine(channel: string): void {
    this.reported.delete(channel);
  }

  /** Checks the channels (`what` names the digest or alert using each) and logs each one the bot is not in. */
  async check(client: webApi.WebClient, channels: readonly { channel: string; what: string }[]): Promise<void> {
    const byChannel = new Map<string, string[]>();
    for (const c of channels) byChannel.set(c.channel, [...(byChannel.get(c.channel) ?? []), c.what]);
    await Promise.all([...byChannel].map(async ([channel, whats]) => {
      const what = whats.join(', ');
      try {
        const res = await client.conversations.info({ channel });
        if (res.channel?.is_member === false) this.problem(channel, 'not_in_channel', what);
      } catch (error) {
        const code = membershipProblem(error);
        if (code) this.problem(channel, code, what);
        else this.log.warn(`${what}: could not check channel ${channel}: ${(error as { data?: { error?: string } }).data?.error ?? String(error)}`);
      }
    }));
  }
}
