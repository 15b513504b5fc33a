// Block Kit layout blocks in a message, validated against Slack's documented limits
// (https://api.slack.com/reference/block-kit/blocks; table in /work/shared/reference/slack.md §3.3):
// ≤ 50 blocks, section text 1–3000 and ≤ 10 fields of ≤ 2000, header plain_text ≤ 150, block_id ≤ 255,
// actions ≤ 25 elements, context ≤ 10 elements, markdown block ≤ 12 000. Unknown block types are rejected.
import {
  checkElement, checkImageElement, checkLength, checkProps, checkText, isObject, issue,
  type Issue, type Seen,
} from './block-elements.ts';

type BlockCheck = (block: Record<string, unknown>, pointer: string, seen: Seen) => Issue[];

function checkList(value: unknown, pointer: string, max: number): Issue[] {
  if (!Array.isArray(value)) return [issue(pointer, 'must provide an array')];
  if (value.length === 0) return [issue(pointer, 'must provide at least 1 item')];
  if (value.length > max) return [issue(pointer, `no more than ${max} items allowed`)];
  return [];
}

function checkEach(items: unknown, pointer: string, max: number, each: (item: unknown, pointer: string) => Issue[]): Issue[] {
  const problems = checkList(items, pointer, max);
  if (problems.length > 0 || !Array.isArray(items)) return problems;
  return items.flatMap((item, i) => each(item, `${pointer}/${i}`));
}

const section: BlockCheck = (b, p, seen) => {
  const problems = checkProps(b, p, ['type', 'block_id', 'text', 'fields', 'accessory', 'expand']);
  if (b.text === undefined && b.fields === undefined) problems.push(issue(p, 'missing required field: text'));
  if (b.text !== undefined) problems.push(...checkText(b.text, `${p}/text`, ['plain_text', 'mrkdwn'], 3000));
  if (b.fields !== undefined) {
    problems.push(...checkEach(b.fields, `${p}/fields`, 10, (f, fp) => checkText(f, fp, ['plain_text', 'mrkdwn'], 2000)));
  }
  if (b.accessory !== undefined) problems.push(...checkElement(b.accessory, `${p}/accessory`, seen));
  return problems;
};

const header: BlockCheck = (b, p) => [
  ...checkProps(b, p, ['type', 'block_id', 'text']),
  ...checkText(b.text, `${p}/text`, ['plain_text'], 150),
];

const divider: BlockCheck = (b, p) => checkProps(b, p, ['type', 'block_id']);

const context: BlockCheck = (b, p) => [
  ...checkProps(b, p, ['type', 'block_id', 'elements']),
  ...checkEach(b.elements, `${p}/elements`, 10, (el, ep) =>
    isObject(el) && el.type === 'image' ? checkImageElement(el, ep) : checkText(el, ep, ['plain_text', 'mrkdwn'], 3000)),
];

const actions: BlockCheck = (b, p, seen) => [
  ...checkProps(b, p, ['type', 'block_id', 'elements']),
  ...checkEach(b.elements, `${p}/elements`, 25, (el, ep) => checkElement(el, ep, seen)),
];

const image: BlockCheck = (b, p) => {
  const { type: _type, block_id: _id, title, ...rest } = b;
  const problems = [
    ...checkProps(b, p, ['type', 'block_id', 'image_url', 'slack_file', 'alt_text', 'title']),
    ...checkImageElement(rest, p),
  ];
  if (title !== undefined) problems.push(...checkText(title, `${p}/title`, ['plain_text'], 2000));
  return problems;
};

const markdown: BlockCheck = (b, p) => [
  ...checkProps(b, p, ['type', 'block_id', 'text']),
  ...checkLength(b.text, `${p}/text`, 12_000, 1),
];

const richText: BlockCheck = (b, p) => (Array.isArray(b.elements) ? [] : [issue(p, 'missing required field: elements')]);

const input: BlockCheck = (b, p, seen) => [
  ...checkText(b.label, `${p}/label`, ['plain_text'], 2000),
  ...(b.element === undefined ? [issue(p, 'missing required field: element')] : checkElement(b.element, `${p}/element`, seen)),
];

/** Blocks whose inner structure the emulator does not check beyond block_id. */
const unchecked: BlockCheck = () => [];

const BLOCKS: Record<string, BlockCheck> = {
  section, header, divider, context, actions, image, markdown, input,
  rich_text: richText, file: unchecked, video: unchecked, table: unchecked, context_actions: unchecked,
};

/** Every problem Slack would report for a message's `blocks`; empty when they would be accepted. */
/** `maxBlocks`: 50 in a message, 100 in a modal or Home tab view (block_ids and action_ids are unique across all of them). */
export function validateBlocks(blocks: unknown, opts: { maxBlocks?: number } = {}): Issue[] {
  const max = opts.maxBlocks ?? 50;
  if (!Array.isArray(blocks)) return [issue('/blocks', 'must provide an array')];
  if (blocks.length > max) return [issue('/blocks', `no more than ${max} items allowed`)];
  const seen: Seen = { actionIds: new Set(), blockIds: new Set() };
  return blocks.flatMap((block, i) => {
    const p = `/blocks/${i}`;
    if (!isObject(block)) return [issue(p, 'must provide an object')];
    if (block.type === undefined) return [issue(p, 'missing required field: type')];
    const check = typeof block.type === 'string' ? BLOCKS[block.type] : undefined;
    if (!check) return [issue(`${p}/type`, `unsupported block type: ${String(block.type)}`)];
    const problems = check(block, p, seen);
    if (block.block_id !== undefined) {
      problems.push(...checkLength(block.block_id, `${p}/block_id`, 255, 1));
      if (typeof block.block_id === 'string') {
        if (seen.blockIds.has(block.block_id)) problems.push(issue(`${p}/block_id`, `\`block_id\` "${block.block_id}" already exists`));
        seen.blockIds.add(block.block_id);
      }
    }
    return problems;
  });
}

/** The characters of every `text` string in the blocks, which Slack caps in total (§3.3 "cumulative"). */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blocksTextLength(v), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce(
    (n, [k, v]) => n + (k === 'text' && typeof v === 'string' ? v.length : blocksTextLength(v)),
    0,
  );
}
