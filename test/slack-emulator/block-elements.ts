// Block Kit composition objects and interactive elements, checked the way Slack's schema
// validator reports problems: one message per problem, ending in a `[json-pointer:…]`.
// Limits: https://api.slack.com/reference/block-kit/composition-objects#text and
// https://api.slack.com/reference/block-kit/block-elements#button (button text ≤ 75, value ≤ 2000,
// url ≤ 3000, action_id ≤ 255), as tabulated in /work/shared/reference/slack.md §3.3.
// Phrases seen in real Slack responses: "must be less than 3001 characters", "must be more than 0
// characters", "must provide an object", "missing required field: x", "invalid additional property: x",
// "no more than 50 items allowed", "`action_id` \"x\" already exists", "failed to match all allowed schemas".

export interface Issue {
  message: string;
  pointer: string;
}

export type TextType = 'plain_text' | 'mrkdwn';

/** State shared across one message: Slack rejects an action_id or block_id used twice. */
export interface Seen {
  actionIds: Set<string>;
  blockIds: Set<string>;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function issue(pointer: string, message: string): Issue {
  return { pointer, message };
}

export function checkLength(value: unknown, pointer: string, max: number, min = 0): Issue[] {
  if (typeof value !== 'string') return [issue(pointer, 'must be a string')];
  if (value.length < min) return [issue(pointer, `must be more than ${min - 1} characters`)];
  if (value.length > max) return [issue(pointer, `must be less than ${max + 1} characters`)];
  return [];
}

export function checkProps(obj: Record<string, unknown>, pointer: string, allowed: readonly string[]): Issue[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => issue(pointer, `invalid additional property: ${k}`));
}

const TEXT_PROPS: Record<TextType, readonly string[]> = {
  plain_text: ['type', 'text', 'emoji'],
  mrkdwn: ['type', 'text', 'verbatim'],
};

/** A text object `{type, text}` of one of `types`, whose text has 1…max characters. */
export function checkText(value: unknown, pointer: string, types: readonly TextType[], max: number): Issue[] {
  if (!isObject(value)) return [issue(pointer, 'must provide an object')];
  const type = value.type;
  if (type === undefined) return [issue(pointer, 'missing required field: type')];
  if (!types.includes(type as TextType)) return [issue(`${pointer}/type`, `must be one of: ${types.join(', ')}`)];
  if (value.text === undefined) return [issue(pointer, 'missing required field: text')];
  const problems = [
    ...checkProps(value, pointer, TEXT_PROPS[type as TextType]),
    ...checkLength(value.text, `${pointer}/text`, max, 1),
  ];
  // Where either text type is allowed, Slack first says neither schema matched.
  if (problems.length > 0 && types.length > 1) problems.unshift(issue(pointer, 'failed to match all allowed schemas'));
  return problems;
}

function checkActionId(el: Record<string, unknown>, pointer: string, seen: Seen): Issue[] {
  if (el.action_id === undefined) return [];
  const problems = checkLength(el.action_id, `${pointer}/action_id`, 255, 1);
  if (typeof el.action_id === 'string') {
    if (seen.actionIds.has(el.action_id)) problems.push(issue(`${pointer}/action_id`, `\`action_id\` "${el.action_id}" already exists`));
    seen.actionIds.add(el.action_id);
  }
  return problems;
}

const BUTTON_PROPS = ['type', 'text', 'action_id', 'url', 'value', 'style', 'confirm', 'accessibility_label'] as const;

function checkButton(el: Record<string, unknown>, pointer: string): Issue[] {
  const problems = [...checkProps(el, pointer, BUTTON_PROPS), ...checkText(el.text, `${pointer}/text`, ['plain_text'], 75)];
  if (el.value !== undefined) problems.push(...checkLength(el.value, `${pointer}/value`, 2000, 1));
  if (el.url !== undefined) problems.push(...checkLength(el.url, `${pointer}/url`, 3000, 1));
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
    problems.push(issue(`${pointer}/style`, 'must be one of: primary, danger'));
  }
  return problems;
}

/** Interactive element types Slack accepts in actions blocks and section accessories. */
const OTHER_ELEMENTS = new Set([
  'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select',
  'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select',
  'multi_channels_select', 'overflow', 'datepicker', 'timepicker', 'datetimepicker', 'checkboxes',
  'radio_buttons', 'plain_text_input', 'workflow_button', 'rich_text_input', 'email_text_input',
  'number_input', 'url_text_input', 'file_input', 'image',
]);

export function checkElement(value: unknown, pointer: string, seen: Seen): Issue[] {
  if (!isObject(value)) return [issue(pointer, 'must provide an object')];
  if (value.type === undefined) return [issue(pointer, 'missing required field: type')];
  if (value.type === 'button') return [...checkButton(value, pointer), ...checkActionId(value, pointer, seen)];
  if (value.type === 'image') return checkImageElement(value, pointer);
  if (typeof value.type === 'string' && OTHER_ELEMENTS.has(value.type)) return checkActionId(value, pointer, seen);
  return [issue(pointer, 'failed to match all allowed schemas')];
}

export function checkImageElement(el: Record<string, unknown>, pointer: string): Issue[] {
  const problems: Issue[] = [];
  if (el.image_url === undefined && el.slack_file === undefined) problems.push(issue(pointer, 'missing required field: image_url'));
  if (el.image_url !== undefined) problems.push(...checkLength(el.image_url, `${pointer}/image_url`, 3000, 1));
  if (el.alt_text === undefined) problems.push(issue(pointer, 'missing required field: alt_text'));
  else problems.push(...checkLength(el.alt_text, `${pointer}/alt_text`, 2000, 1));
  return problems;
}
