// Block Kit limits from slack.md §3.3, each checked at its boundary: the last accepted value and the
// first rejected one, with the json-pointer Slack would name.
import { describe, expect, it } from 'vitest';
import { validateBlocks } from './block-kit.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain('Run'), action_id: 'run', ...extra });
const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const messages = (blocks: unknown) => validateBlocks(blocks).map((i) => `${i.message} [json-pointer:${i.pointer}]`);

describe('validateBlocks', () => {
  it.each([
    ['section text', (n: number) => [{ type: 'section', text: mrkdwn('x'.repeat(n)) }], 3000, '/blocks/0/text/text'],
    ['section field', (n: number) => [{ type: 'section', fields: [plain('x'.repeat(n))] }], 2000, '/blocks/0/fields/0/text'],
    ['header text', (n: number) => [{ type: 'header', text: plain('x'.repeat(n)) }], 150, '/blocks/0/text/text'],
    ['block_id', (n: number) => [{ type: 'divider', block_id: 'b'.repeat(n) }], 255, '/blocks/0/block_id'],
    ['action_id', (n: number) => [{ type: 'actions', elements: [button({ action_id: 'a'.repeat(n) })] }], 255, '/blocks/0/elements/0/action_id'],
    ['button text', (n: number) => [{ type: 'actions', elements: [button({ text: plain('x'.repeat(n)) })] }], 75, '/blocks/0/elements/0/text/text'],
    ['button value', (n: number) => [{ type: 'actions', elements: [button({ value: 'v'.repeat(n) })] }], 2000, '/blocks/0/elements/0/value'],
    ['button url', (n: number) => [{ type: 'actions', elements: [button({ url: 'u'.repeat(n) })] }], 3000, '/blocks/0/elements/0/url'],
    ['markdown block', (n: number) => [{ type: 'markdown', text: 'm'.repeat(n) }], 12_000, '/blocks/0/text'],
  ])('%s: accepts the limit, rejects one character more', (_what, make, limit, pointer) => {
    expect(messages(make(limit))).toEqual([]);
    expect(messages(make(limit + 1))).toContain(`must be less than ${limit + 1} characters [json-pointer:${pointer}]`);
  });

  it.each([
    ['section fields', (n: number) => [{ type: 'section', fields: repeat(n, () => plain('f')) }], 10, '/blocks/0/fields'],
    ['actions elements', (n: number) => [{ type: 'actions', elements: repeat(n, (i) => button({ action_id: `a${i}` })) }], 25, '/blocks/0/elements'],
    ['context elements', (n: number) => [{ type: 'context', elements: repeat(n, () => mrkdwn('c')) }], 10, '/blocks/0/elements'],
    ['blocks', (n: number) => repeat(n, () => ({ type: 'divider' })), 50, '/blocks'],
  ])('%s: at most the limit', (_what, make, limit, pointer) => {
    expect(messages(make(limit))).toEqual([]);
    expect(messages(make(limit + 1))).toEqual([`no more than ${limit} items allowed [json-pointer:${pointer}]`]);
  });

  it('rejects empty section text', () => {
    expect(messages([{ type: 'section', text: mrkdwn('') }])).toContain('must be more than 0 characters [json-pointer:/blocks/0/text/text]');
  });

  it('rejects unknown block types', () => {
    expect(messages([{ type: 'carousel' }])).toEqual(['unsupported block type: carousel [json-pointer:/blocks/0/type]']);
  });

  it('checks text object shapes', () => {
    expect(messages([{ type: 'header', text: mrkdwn('Title') }])).toEqual(['must be one of: plain_text [json-pointer:/blocks/0/text/type]']);
    expect(messages([{ type: 'section', text: 'bare string' }])).toEqual(['must provide an object [json-pointer:/blocks/0/text]']);
    expect(messages([{ type: 'section', text: { type: 'mrkdwn', text: 'x', emoji: true } }])).toContain(
      'invalid additional property: emoji [json-pointer:/blocks/0/text]',
    );
    expect(messages([{ type: 'section', text: { type: 'plain_text' } }])).toEqual(['missing required field: text [json-pointer:/blocks/0/text]']);
  });

  it('rejects an action_id used twice in one message', () => {
    const blocks = [{ type: 'actions', elements: [button(), button()] }];
    expect(messages(blocks)).toEqual(['`action_id` "run" already exists [json-pointer:/blocks/0/elements/1/action_id]']);
  });

  it('rejects unknown properties on blocks and unknown elements', () => {
    expect(messages([{ type: 'divider', text: mrkdwn('x') }])).toEqual(['invalid additional property: text [json-pointer:/blocks/0]']);
    expect(messages([{ type: 'actions', elements: [{ type: 'slider', action_id: 's' }] }])).toEqual([
      'failed to match all allowed schemas [json-pointer:/blocks/0/elements/0]',
    ]);
  });
});
