// The payloads Slack sends an app, shaped as documented and as Slack's own SDK test servers send them
// (python-slack-sdk mock_socket_mode_server.py; slack.md §4.4):
// - slash command: https://api.slack.com/interactivity/slash-commands#app_command_handling
// - Events API `event_callback` with `app_mention`: https://api.slack.com/apis/events-api#callback-field,
//   https://api.slack.com/events/app_mention (a mention is also a message users see in the channel)
// - `block_actions`: https://api.slack.com/reference/interaction-payloads/block-actions; a click in
//   an App Home carries `container.type: "view"` and the `view`, and no response_url (there is no
//   message to respond to);
// - `message` in a direct message (message.im): https://docs.slack.dev/reference/events/message.im,
//   `channel_type: "im"`;
// - `app_home_opened`: https://docs.slack.dev/reference/events/app_home_opened (`tab`, and `view` once
//   the app has published one);
// - `function_executed`: https://docs.slack.dev/reference/events/function_executed (`function`,
//   `inputs`, `function_execution_id`, `workflow_execution_id`, a per-execution `bot_access_token`).
// Each command and message interaction gets a fresh response_url on the emulator.
import { randomBytes } from 'node:crypto';
import { checkParameters } from './app-config.ts';
import { apiMessage, type Core, type StepExecution } from './core.ts';
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

export interface DirectMessageInput {
  /** The person writing to the app (id); defaults to the workspace's first user. */
  user?: string;
  text: string;
  /** Parent ts when the message is a reply in a DM thread. */
  thread_ts?: string;
}

/** The user writes in the app's Messages tab: the message lands in their DM with the bot. */
export function directMessage(core: Core, input: DirectMessageInput): { event: Record<string, unknown>; channel: string } {
  const user = core.workspace.user(input.user ?? core.workspace.seed.users[0]?.id ?? '');
  if (!user) throw new Error(`emulator: unknown user ${input.user}`);
  const dm = core.workspace.resolve(user.id);
  if (!dm) throw new Error(`emulator: no DM with ${user.id}`);
  const message = core.store.add({ channel: dm.id, text: input.text, user: user.id, ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}), via: 'user' });
  return {
    channel: dm.id,
    event: {
      type: 'message', channel: dm.id, user: user.id, text: input.text, ts: message.ts, event_ts: message.ts, channel_type: 'im', team: core.workspace.seed.teamId,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
  };
}

/** The user opens the app's Home tab. */
export function homeOpened(core: Core, userId: string): Record<string, unknown> {
  const user = core.workspace.user(userId);
  if (!user) throw new Error(`emulator: unknown user ${userId}`);
  const dm = core.workspace.resolve(user.id);
  const home = core.homes.get(user.id);
  const { seed } = core.workspace;
  return {
    type: 'app_home_opened', user: user.id, channel: dm?.id, tab: 'home', event_ts: `${(Date.now() / 1000).toFixed(6)}`,
    ...(home ? { view: { ...home.view, id: home.id, hash: home.hash, team_id: seed.teamId, app_id: seed.appId, bot_id: seed.botId, root_view_id: home.id } } : {}),
  };
}

export interface HomeActionInput {
  user?: string;
  action_id: string;
  /** Which of several elements with this action_id (their `value`). */
  value?: string;
}

/** A click on an element of the user's App Home; throws when the Home shows no such element. */
export function homeAction(core: Core, input: HomeActionInput): Built {
  const { seed } = core.workspace;
  const user = core.workspace.user(input.user ?? seed.users[0]?.id ?? '');
  if (!user) throw new Error(`emulator: unknown user ${input.user}`);
  const home = core.homes.get(user.id);
  if (!home) throw new Error(`emulator: ${user.id} has no App Home published`);
  let found: { block_id?: string; element: Record<string, unknown> } | undefined;
  for (const block of (home.view.blocks ?? []) as Record<string, unknown>[]) {
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory] as Record<string, unknown>[];
    const element = candidates.find((e) => e?.action_id === input.action_id && (input.value === undefined || e.value === input.value));
    if (element) {
      found = { block_id: block.block_id as string | undefined, element };
      break;
    }
  }
  if (!found) throw new Error(`emulator: the App Home of ${user.id} has no element ${input.action_id}${input.value !== undefined ? ` with value ${input.value}` : ''}`);
  const { element } = found;
  return {
    payload: {
      type: 'block_actions', user: { id: user.id, username: user.name, name: user.name, team_id: seed.teamId },
      api_app_id: seed.appId, token: seed.verificationToken, container: { type: 'view', view_id: home.id },
      trigger_id: triggerId(), team: { id: seed.teamId, domain: seed.teamDomain }, enterprise: null, is_enterprise_install: false,
      view: { ...home.view, id: home.id, hash: home.hash, team_id: seed.teamId, app_id: seed.appId, bot_id: seed.botId, root_view_id: home.id, state: { values: {} } },
      actions: [{
        action_id: input.action_id, block_id: found.block_id, type: element.type,
        ...(element.text ? { text: element.text } : {}), ...(element.value !== undefined ? { value: element.value } : {}),
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      }],
    },
  };
}

export interface StepInput {
  callback_id: string;
  inputs: Record<string, unknown>;
}

/** A workflow reaches the app's custom step: a new execution with its own token. */
export function functionExecuted(core: Core, input: StepInput): { event: Record<string, unknown>; step: StepExecution } {
  const def = core.rules.step(input.callback_id);
  if (def) {
    const problems = checkParameters(input.inputs, def.input_parameters, 'input');
    if (problems.length > 0) throw new Error(`emulator: Workflow Builder would not run ${input.callback_id}: ${problems.join('; ')}`);
  }
  const { seed } = core.workspace;
  const step: StepExecution = {
    id: core.newId('Fx'), workflowExecutionId: core.newId('Wx'), callbackId: input.callback_id, inputs: input.inputs,
    token: `xwfp-${seed.teamId}-${randomBytes(12).toString('hex')}`, status: 'running',
  };
  core.steps.set(step.id, step);
  const params = (p: Record<string, { type: string; title?: string; description?: string }> | undefined, required: string[] = []) =>
    Object.entries(p ?? {}).map(([name, d]) => ({ name, type: d.type, title: d.title ?? name, description: d.description ?? '', is_required: required.includes(name) }));
  return {
    step,
    event: {
      type: 'function_executed',
      function: {
        id: core.newId('Fn'), callback_id: input.callback_id, title: def?.title ?? input.callback_id, description: def?.description ?? '', type: 'app',
        input_parameters: params(def?.input_parameters.properties, def?.input_parameters.required),
        output_parameters: params(def?.output_parameters.properties, def?.output_parameters.required),
        app_id: seed.appId, date_created: 1_700_000_000, date_updated: 1_700_000_000, date_deleted: 0,
      },
      inputs: input.inputs, function_execution_id: step.id, workflow_execution_id: step.workflowExecutionId,
      event_ts: `${(Date.now() / 1000).toFixed(6)}`, bot_access_token: step.token,
    },
  };
}
