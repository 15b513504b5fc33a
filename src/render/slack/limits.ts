/**
 * Block Kit limits, enforced before anything is sent so Slack never rejects a reply: long sections
 * are split at line boundaries (code fences closed and reopened), oversize texts clamped, and a
 * reply that needs more than one message is split into parts. Numbers from
 * https://api.slack.com/reference/block-kit/blocks (table in /work/shared/reference/slack.md §3.3).
 */
import type { types } from '@slack/bolt';
import { esc, unesc } from './escape.ts';

type KnownBlock = types.KnownBlock;

export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  actionId: 255,
  /** Slack's cumulative cap on block text is undocumented; rejections were seen near 11 300 (bolt-js#2509, #2867). */
  messageBlocksText: 9000,
  /** Fallback `text`: the notification line, kept short. */
  fallbackText: 3000,
} as const;

/** One message ready for chat.postMessage / response_url / chat.update. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A rendered reply before fitting: any number of blocks, plus buttons for its first message. */
export interface SlackDraft {
  text: string;
  blocks: KnownBlock[];
  actions?: types.ActionsBlock;
}

/** Cuts `s` to `max` characters with an ellipsis, never inside an `&amp;`-style escape. */
export function clampText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.length - 6 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const fences = cut.split('```').length - 1;
  if (fences % 2 === 1) cut = `${cut.slice(0, Math.max(0, max - 5))}…\`\`\``;
  else cut = `${cut}…`;
  return cut.length > max ? cut.slice(0, max) : cut;
}

/**
 * Splits mrkdwn into chunks of at most `max` characters at line breaks; a code block cut in two
 * is closed at the end of one chunk and reopened in the next. Over-long lines are cut.
 */
export function splitMrkdwn(text: string, max: number = LIMITS.sectionText): string[] {
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let cur = '';
  let inFence = false;
  const close = () => (inFence ? '```' : '');
  for (const raw of text.split('\n')) {
    const fences = raw.split('```').length - 1;
    const line = clampText(raw, max - 8);
    const candidate = cur === '' ? line : `${cur}\n${line}`;
    if (candidate.length + close().length > max && cur !== '') {
      chunks.push(cur + close());
      cur = inFence && line.startsWith('```') ? line.slice(3) : (inFence ? '```' : '') + line;
    } else {
      cur = candidate;
    }
    if (fences % 2 === 1) inFence = !inFence;
  }
  chunks.push(cur);
  return chunks.filter((c) => c.trim() !== '');
}

function clampPlain<T extends { type: string; text: string }>(t: T, max: number): T {
  return t.text.length <= max ? t : { ...t, text: clampText(t.text, max) };
}

/** One block brought within its own limits (sections may become several). */
export function fitBlock(block: KnownBlock): KnownBlock[] {
  switch (block.type) {
    case 'section': {
      const fields = block.fields?.slice(0, LIMITS.sectionFields).map((f) => clampPlain(f, LIMITS.fieldText));
      const base = { ...block, ...(fields ? { fields } : {}) };
      if (!block.text || block.text.text.length <= LIMITS.sectionText) return [base];
      const parts = block.text.type === 'mrkdwn' ? splitMrkdwn(block.text.text) : [clampText(block.text.text, LIMITS.sectionText)];
      return parts.map((text, i) => {
        const { block_id: id, accessory, fields: fs, ...rest } = base;
        const keep = i === 0 ? { ...(id ? { block_id: id } : {}), ...(accessory ? { accessory } : {}), ...(fs ? { fields: fs } : {}) } : {};
        return { ...rest, ...keep, text: { ...block.text!, text } } as KnownBlock;
      });
    }
    case 'header':
      return [{ ...block, text: clampPlain(block.text, LIMITS.headerText) }];
    case 'context':
      return [{ ...block, elements: block.elements.slice(0, LIMITS.contextElements).map((e) => ('text' in e && typeof e.text === 'string' ? clampPlain(e as { type: string; text: string }, LIMITS.sectionText) : e)) as typeof block.elements }];
    case 'actions':
      return [{ ...block, elements: block.elements.slice(0, LIMITS.actionsElements).map(fitButton) }];
    default:
      return [block];
  }
}

function fitButton<E extends types.ActionsBlockElement>(e: E): E {
  if (e.type !== 'button') return e;
  return {
    ...e,
    text: clampPlain(e.text, LIMITS.buttonText),
    ...(e.value !== undefined ? { value: e.value.slice(0, LIMITS.buttonValue) } : {}),
  };
}

/** Characters of every `text` string in a value, as Slack sums them for its cumulative cap. */
export function blocksText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blocksText(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  return Object.entries(value).reduce((n, [k, v]) => n + (k === 'text' && typeof v === 'string' ? v.length : blocksText(v)), 0);
}

/**
 * Splits a draft into messages Slack accepts: at most 50 blocks and a conservative total text per
 * message; the draft's buttons go on the first; later parts carry a "part n/m" context line.
 */
export function fitMessages(draft: SlackDraft, label = 'continued'): SlackMessage[] {
  const blocks = draft.blocks.flatMap(fitBlock);
  const actions = draft.actions ? (fitBlock(draft.actions)[0] as KnownBlock) : undefined;
  const reserve = { blocks: 2, text: 400 + (actions ? blocksText(actions) : 0) };
  const pages: KnownBlock[][] = [[]];
  let used = 0;
  for (const b of blocks) {
    const page = pages[pages.length - 1]!;
    const size = blocksText(b);
    if (page.length > 0 && (page.length + 1 > LIMITS.blocksPerMessage - reserve.blocks || used + size > LIMITS.messageBlocksText - reserve.text)) {
      pages.push([b]);
      used = size;
    } else {
      page.push(b);
      used += size;
    }
  }
  const fallback = clampText(draft.text, LIMITS.fallbackText);
  return pages.map((page, i) => {
    if (i === 0) return { text: fallback, blocks: actions ? [...page, actions] : page };
    const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: `${label}, part ${i + 1}/${pages.length}` }] };
    return { text: clampText(`${draft.text} (part ${i + 1}/${pages.length})`, LIMITS.fallbackText), blocks: [note, ...page] };
  });
}

/** Problems Slack would reject a message for; empty when it is within the limits. */
export function checkMessage(m: SlackMessage): string[] {
  const issues: string[] = [];
  if (m.text === '' && m.blocks.length === 0) issues.push('no text');
  if (m.blocks.length > LIMITS.blocksPerMessage) issues.push(`${m.blocks.length} blocks`);
  if (blocksText(m.blocks) > LIMITS.messageBlocksText) issues.push(`${blocksText(m.blocks)} characters of block text`);
  m.blocks.forEach((b, i) => {
    const again = fitBlock(b);
    if (again.length !== 1 || JSON.stringify(again[0]) !== JSON.stringify(b)) issues.push(`block ${i} (${b.type}) exceeds a limit`);
    if (b.block_id !== undefined && b.block_id.length > LIMITS.blockId) issues.push(`block ${i} block_id too long`);
  });
  return issues;
}

/** The messages as plain text (for a file attachment): headers, sections, fields and context. */
export function messagesAsText(messages: readonly SlackMessage[]): string {
  const out: string[] = [];
  for (const m of messages) {
    for (const b of m.blocks) {
      if (b.type === 'header') out.push(b.text.text, '');
      else if (b.type === 'section') {
        if (b.text) out.push(unesc(b.text.text.replace(/```/g, '')));
        for (const f of b.fields ?? []) out.push(unesc(f.text));
        out.push('');
      } else if (b.type === 'context') {
        out.push(b.elements.map((e) => ('text' in e && typeof e.text === 'string' ? unesc(e.text) : '')).join(' '), '');
      } else if (b.type === 'divider') out.push('---', '');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** A message of plain text only (a placeholder such as "Diagnosing svl->confluent…"). */
export function plainMessage(text: string): SlackMessage {
  return { text: esc(text), blocks: [] };
}

/** A message Slack would reject, as escaped plain text within the fallback limit. */
export function asPlainText(m: SlackMessage): SlackMessage {
  return { text: clampText(esc(messagesAsText([m])), LIMITS.fallbackText), blocks: [] };
}

/** The last message a reply may still send when `hidden` more parts do not fit: a note in their place. */
export function partsNotShown(last: SlackMessage, hidden: number): SlackMessage {
  const note = `${hidden} more part(s) not shown here: use Share in channel to get the whole reply (as a file when long).`;
  return { text: last.text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }] };
}

/** A reply too long for a thread as a text file: its title, content and the comment posted with it. */
export function replyAsFile(draft: SlackDraft, parts: number): { title: string; content: string; comment: string } {
  return { title: 'Full reply', content: messagesAsText([{ text: draft.text, blocks: draft.blocks }]), comment: `The whole reply (${parts} parts in Slack) as a file.` };
}
