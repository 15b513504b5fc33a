/**
 * What to say when Slack will not let the bot post in a channel: `not_in_channel` (a public
 * channel the bot was not invited to) or `channel_not_found` (a private channel it was not invited
 * to, which it cannot even see, or a wrong id). The fix is the same: an invite
 * (https://docs.slack.dev/reference/methods/chat.postMessage, errors; private channels cannot be
 * joined by the app itself, someone in them runs `/invite`).
 */

/** Slack's answers that mean "not a member of this channel". */
export type MembershipCode = 'not_in_channel' | 'channel_not_found';

/** The sentence with the fix, for the person who asked and for the log. */
export function notInChannelText(channel: string, code: MembershipCode): string {
  return code === 'not_in_channel'
    ? `mm2-doctor is not a member of channel ${channel} (Slack: not_in_channel): run \`/invite @mm2-doctor\` in that channel`
    : `mm2-doctor cannot see channel ${channel} (Slack: channel_not_found): it is private and the bot was not invited, or the id is wrong; run \`/invite @mm2-doctor\` in that channel, or fix the channel id in the config`;
}
