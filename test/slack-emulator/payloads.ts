// The payloads Slack sends an app, shaped as documented and as Slack's own SDK test servers send them
// (python-slack-sdk mock_socket_mode_server.py; slack.md §4.4):
// - slash command: https://api.slack.com/interactivity/slash-commands#app_command_handling
// - Events API `event_callback` with `app_mention`: https://api.slack.com/apis/events-api#callback-field,
//   https://api.slack.com/events/app_mention (a mention is also a message users see in the channel)
// - `block_actions`: https://api.slack.com/reference/interaction-payloads/block-actions
// Each command and interaction gets a fresh response_url on the emulator.
import { randomBytes } from 'node:crypto';
import { apiMessage, type Core } from './core.ts';
import type { ResponseUrl, ResponseUrls, Shown } from './response-url.ts';
import type { UserSeed } from './workspace.ts';

export interface SlashCommandInput {
  command: string;
  text?: string;
  /** Channel id; defaults to the workspace's first channel. */
  channel?: string;
  /** User id; defaults to the workspace's first user. */
  user?: string;
}

export interface MentionInput {
  channel?: string;
  user?: string;
  /** The message text; `<@bot>` is prepended when it does not mention the bot. */
  text: string;
  /** Parent ts when the mention is a thread reply. */
  thread_ts?: string;
}

export interface BlockActionInput {
  channel?: string;
  user?: string;
  /** The message carrying the element (a channel message, or the user's ephemeral message). */
  message_ts: string;
  action_id: string;
}

export interface Built {
  payload: Record<string, unknown>;
  responseUrl?: ResponseUrl;
}

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
}

function who(core: Core, input: { channel?: string; user?: string }): { channel: string; channelName: string; user: UserSeed } {
  const { seed } = core.workspace;
  const channel = core.workspace.resolve(input.channel ?? seed.channels[0]?.id ?? '');
  const user = core.workspace.user(input.user ?? seed.users[0]?.id ?? '');
  if (!channel) throw new Error(`emulator: unknown channel ${input.channel}`);
  if (!user) throw new Error(`emulator: unknown user ${input.user}`);
  return { channel: channel.id, channelName: channel.name, user };
}

export function slashCommand(core: Core, urls: ResponseUrls, input: SlashCommandInput): Built {
  const { seed } = core.workspace;
  const { channel, channelName, user } = who(core, input);
  const responseUrl = urls.create(channel, user.id);
  return {
    responseUrl,
    payload: {
      token: seed.verificationToken, team_id: seed.teamId, team_domain: seed.teamDomain, channel_id: channel,
      channel_name: channelName, user_id: user.id, user_name: user.name, command: input.command, text: input.text ?? '',
      api_app_id: seed.appId, is_enterprise_install: 'false', response_url: responseUrl.url, trigger_id: triggerId(),
    },
  };
}

/** Wraps an inner event the way the Events API delivers it. */
export function eventCallback(core: Core, event: Record<string, unknown>): Record<string, unknown> {
  const { seed } = core.workspace;
  return {
    token: seed.verificationToken, team_id: seed.teamId, api_app_id: seed.appId, event, type: 'event_callback',
    event_id: core.newId('Ev'), event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: seed.teamId, user_id: seed.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** The user's message lands in the channel (or thread), then the app_mention event describes it. */
export function appMention(core: Core, input: MentionInput): Record<string, unknown> {
  const { channel, user } = who(core, input);
  const mention = `<@${core.workspace.seed.botUserId}>`;
  const text = input.text.includes(mention) ? input.text : `${mention} ${input.text}`;
  const message = core.store.add({ channel, text, user: user.id, ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}), via: 'user' });
  return eventCallback(core, {
    type: 'app_mention', user: user.id, text, ts: message.ts, channel, event_ts: message.ts, team: core.workspace.seed.teamId,
    ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
  });
}

function findElement(blocks: unknown[] | undefined, actionId: string): { block_id?: string; element: Record<string, unknown> } | undefined {
  for (const block of (blocks ?? []) as Record<string, unknown>[]) {
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory] as Record<string, unknown>[];
    const element = candidates.find((e) => e?.action_id === actionId);
    if (element) return { block_id: block.block_id as string | undefined, element };
  }
  return undefined;
}

/** A click on an element of a message the user can see; throws if no such element exists there. */
export function blockAction(core: Core, urls: ResponseUrls, input: BlockActionInput): Built {
  const { seed } = core.workspace;
  const { channel, channelName, user } = who(core, input);
  const inChannel = core.store.find(channel, input.message_ts);
  const ephemeral = inChannel ? undefined : core.store.findEphemeral(channel, input.message_ts);
  if (ephemeral && ephemeral.user !== user.id) throw new Error(`emulator: ${user.id} cannot see ephemeral ${input.message_ts}`);
  const shown: Shown | undefined = inChannel ? { kind: 'channel', message: inChannel } : ephemeral ? { kind: 'ephemeral', message: ephemeral } : undefined;
  if (!shown) throw new Error(`emulator: no message ${input.message_ts} in ${channel}`);
  const found = findElement(shown.message.blocks, input.action_id);
  if (!found) throw new Error(`emulator: message ${input.message_ts} has no element with action_id ${input.action_id}`);
  const responseUrl = urls.create(channel, user.id, shown);
  const { element } = found;
  return {
    responseUrl,
    payload: {
      type: 'block_actions', user: { id: user.id, username: user.name, name: user.name, team_id: seed.teamId },
      api_app_id: seed.appId, token: seed.verificationToken,
      container: { type: 'message', message_ts: shown.message.ts, channel_id: channel, is_ephemeral: shown.kind === 'ephemeral' },
      trigger_id: triggerId(), team: { id: seed.teamId, domain: seed.teamDomain }, enterprise: null, is_enterprise_install: false,
      channel: { id: channel, name: channelName },
      ...(inChannel ? { message: apiMessage(core, inChannel) } : {}),
      state: { values: {} }, response_url: responseUrl.url,
      actions: [{
        action_id: input.action_id, block_id: found.block_id, type: element.type,
        ...(element.text ? { text: element.text } : {}), ...(element.value !== undefined ? { value: element.value } : {}),
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      }],
    },
  };
}
