// The content checks every message-posting path shares (chat.postMessage, chat.postEphemeral,
// chat.update, response_url, a slash command's immediate response), with Slack's error codes from
// https://api.slack.com/methods/chat.postMessage#errors: `no_text` (neither text nor blocks),
// `msg_too_long` (text above 40 000 characters; the 2018 changelog speaks of truncation, the method page
// lists this error: the emulator rejects, the stricter reading), `invalid_blocks_format`, `invalid_blocks`
// with `errors` and `response_metadata.messages` ("[ERROR] … [json-pointer:/blocks/0/text/text]"), and
// `msg_blocks_too_long` for the undocumented cumulative block text cap (bolt-js#2509, #2867).
import { blocksTextLength, validateBlocks } from './block-kit.ts';

const MAX_TEXT = 40_000;

export interface ContentLimits {
  /** Cap on the summed `text` of all blocks; Slack was seen rejecting 11 341, so the default is lower. */
  maxBlocksText: number;
}

type ContentResult =
  | { ok: true; text: string; blocks?: unknown[] }
  | { ok: false; body: Record<string, unknown> };

/** Blocks arrive JSON-encoded in form bodies (@slack/web-api) and as arrays in JSON bodies. */
function decodeBlocks(raw: unknown): { blocks?: unknown; badFormat: boolean } {
  if (raw === undefined || raw === '') return { badFormat: false };
  if (typeof raw !== 'string') return { blocks: raw, badFormat: false };
  try {
    return { blocks: JSON.parse(raw), badFormat: false };
  } catch {
    return { badFormat: true };
  }
}

export function checkContent(params: Record<string, unknown>, limits: ContentLimits): ContentResult {
  const text = typeof params.text === 'string' ? params.text : '';
  const { blocks, badFormat } = decodeBlocks(params.blocks);
  if (badFormat) return { ok: false, body: { ok: false, error: 'invalid_blocks_format' } };
  const hasBlocks = Array.isArray(blocks) ? blocks.length > 0 : blocks !== undefined;
  if (text === '' && !hasBlocks) return { ok: false, body: { ok: false, error: 'no_text' } };
  if (text.length > MAX_TEXT) return { ok: false, body: { ok: false, error: 'msg_too_long' } };
  if (!hasBlocks) return { ok: true, text };
  const issues = validateBlocks(blocks);
  if (issues.length > 0) {
    const errors = issues.map((i) => `${i.message} [json-pointer:${i.pointer}]`);
    return {
      ok: false,
      body: { ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } },
    };
  }
  if (blocksTextLength(blocks) > limits.maxBlocksText) return { ok: false, body: { ok: false, error: 'msg_blocks_too_long' } };
  return { ok: true, text, blocks: blocks as unknown[] };
}
