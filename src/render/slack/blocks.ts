/**
 * The Block Kit pieces every Slack renderer builds with: sections and context lines of mrkdwn,
 * plain-text headers, and dates Slack shows in each reader's own time zone. Callers escape the
 * text they pass (./escape.ts).
 */
import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
export const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text, emoji: false } });

/** A context line carrying `blockId`: the marker a new poster looks for to tell whether a post went out. */
export function markedContext(text: string, blockId: string): KnownBlock {
  return { ...context(text), block_id: blockId } as KnownBlock;
}

/** Slack shows this in each reader's own time zone; the fallback is UTC. */
export function slackDate(ms: number): string {
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso}>`;
}
