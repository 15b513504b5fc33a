// The app as configured by its manifest: scopes enforced, App Home views, direct messages (and the
// bot's own DM messages coming back as events), workflow steps and their completion, and requests
// signed with a timestamp from the future.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { ErrorCode, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from './emulator.ts';
import type { ManifestLike } from './app-config.ts';
import { quietLogger, socketModeApp } from './helpers.ts';

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect((error as WebAPIPlatformError | undefined)?.code).toBe(ErrorCode.PlatformError);
  return (error as WebAPIPlatformError).data;
}

const STEP = {
  title: 'Diagnose',
  input_parameters: { properties: { mirror: { type: 'string' }, channel_id: { type: 'slack#/types/channel_id' } }, required: ['mirror'] },
  output_parameters: { properties: { verdict: { type: 'string' }, count: { type: 'integer' } }, required: ['verdict'] },
};

const manifest = (over: Partial<ManifestLike> = {}): ManifestLike => ({
  features: { app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false }, slash_commands: [{ command: '/mm2' }] },
  oauth_config: { scopes: { bot: ['chat:write', 'im:history'] } },
  settings: { event_subscriptions: { bot_events: ['app_home_opened', 'message.im'] }, org_deploy_enabled: true, function_runtime: 'remote', socket_mode_enabled: true },
  functions: { diagnose_mirror: STEP },
  ...over,
});

describe('the app as its manifest configures it', () => {
  let emu: SlackEmulator;
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await emu.stop();
  });

  it('answers missing_scope for a method whose scope the app was not granted', async () => {
    emu = await SlackEmulator.start({ manifest: manifest() });
    const bot = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
    const ops = emu.channelId('mm2-ops');
    await bot.chat.postMessage({ channel: ops, text: 'allowed' });
    expect(await platformError(bot.conversations.info({ channel: ops }))).toMatchObject({ error: 'missing_scope', needed: 'channels:read', provided: 'chat:write,im:history' });
    expect(await platformError(bot.conversations.info({ channel: emu.channelId('secret-infra') }))).toMatchObject({ error: 'channel_not_found' });
  });

  it('refuses what Slack would not send: an undeclared command, an event not subscribed, a DM to a read-only app', async () => {
    emu = await SlackEmulator.start({ manifest: manifest({ settings: { event_subscriptions: { bot_events: [] } }, features: { app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: true } } }) });
    expect(() => emu.socket.slashCommand({ command: '/other' })).toThrow(/not a slash command/);
    expect(() => emu.socket.appMention({ text: 'hi' })).toThrow(/does not subscribe to app_mention/);
    expect(() => emu.socket.directMessage({ text: 'hi' })).toThrow(/turned off/);
    expect(() => emu.socket.openHome(emu.userId('alice'))).toThrow(/no Home tab/);
  });

  it('publishes an App Home, validates it, and shows it in app_home_opened and in clicks', async () => {
    emu = await SlackEmulator.start({ manifest: manifest() });
    const bot = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
    const alice = emu.userId('alice');
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const button = { type: 'actions', elements: [{ type: 'button', action_id: 'go', value: 'svl', text: { type: 'plain_text', text: 'Go' } }] };

    expect(await platformError(bot.views.publish({ user_id: 'U0NOBODY1', view: { type: 'home', blocks: [] } }))).toMatchObject({ error: 'invalid_arguments' });
    const tooMany = await platformError(bot.views.publish({ user_id: alice, view: { type: 'home', blocks: Array.from({ length: 101 }, () => section('x')) } as never }));
    expect(tooMany.response_metadata?.messages).toEqual(['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]']);
    const bad = await platformError(bot.views.publish({ user_id: alice, view: { type: 'home', blocks: [...Array.from({ length: 60 }, () => section('x')), section('')] } as never }));
    expect(bad.response_metadata?.messages?.[0]).toMatch(/json-pointer:\/view\/blocks\/60\/text/);
    const go = (i: number) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` }, accessory: { type: 'button', action_id: 'go', value: String(i), text: { type: 'plain_text', text: 'Go' } } });
    const twice = await platformError(bot.views.publish({ user_id: alice, view: { type: 'home', blocks: [go(0), ...Array.from({ length: 59 }, () => section('x')), go(60)] } as never }));
    expect(twice.response_metadata?.messages).toEqual(['[ERROR] `action_id` "go" already exists [json-pointer:/view/blocks/60/accessory/action_id]']);

    const res = await bot.views.publish({ user_id: alice, view: { type: 'home', blocks: [section('hello'), button] } as never });
    expect(res.view?.type).toBe('home');
    expect(await platformError(bot.views.publish({ user_id: alice, hash: 'stale.hash', view: { type: 'home', blocks: [section('again')] } as never }))).toMatchObject({ error: 'hash_conflict' });
    expect(emu.home('alice')?.view.blocks).toHaveLength(2);

    const opened = emu.socket.openHome(alice);
    expect((opened.payload.event as { view?: { blocks: unknown[] } }).view?.blocks).toHaveLength(2);
    const click = emu.socket.homeAction({ user: alice, action_id: 'go' });
    expect(click.response_url).toBeUndefined();
    expect(click.payload).toMatchObject({ container: { type: 'view' }, actions: [{ action_id: 'go', value: 'svl' }] });
    expect(() => emu.socket.homeAction({ user: alice, action_id: 'nope' })).toThrow(/no element nope/);

    const off = await SlackEmulator.start({ manifest: manifest({ features: { app_home: { home_tab_enabled: false } } }) });
    const offBot = new WebClient(off.botToken, { slackApiUrl: off.apiUrl, logger: quietLogger() });
    expect(await platformError(offBot.views.publish({ user_id: alice, view: { type: 'home', blocks: [section('x')] } as never }))).toMatchObject({ error: 'not_enabled' });
    await off.stop();
  });

  it('delivers a DM as message.im and sends the bot\'s own DM reply back as an event, which Bolt ignores', async () => {
    emu = await SlackEmulator.start({ manifest: manifest() });
    app = socketModeApp(emu);
    const seen: { user?: string; bot_id?: string }[] = [];
    app.message(async ({ message, say }) => {
      seen.push(message as { user?: string; bot_id?: string });
      await say(`echo: ${(message as { text?: string }).text}`);
    });
    await app.start();

    const sent = emu.socket.directMessage({ user: emu.userId('alice'), text: 'hello' });
    await emu.waitFor(() => emu.dm('alice').find((m) => m.text === 'echo: hello'));
    await emu.waitFor(() => emu.socket.deliveries.filter((d) => d.outcome === 'acked').length === 2);

    expect(sent.channel).toMatch(/^D/);
    expect((sent.payload.event as { channel_type: string }).channel_type).toBe('im');
    const echo = emu.socket.deliveries[1]?.payload.event as { user: string; bot_id: string };
    expect(echo).toMatchObject({ user: emu.botUserId, bot_id: emu.seed.botId });
    expect(seen).toEqual([expect.objectContaining({ user: emu.userId('alice') })]); // ignoreSelf dropped the echo
  });

  it('runs a workflow step: inputs checked, outputs checked against the manifest, the xwfp token valid while it runs', async () => {
    emu = await SlackEmulator.start({ manifest: manifest() });
    expect(() => emu.socket.runStep({ callback_id: 'unknown_step', inputs: {} })).toThrow(/no workflow step unknown_step/);
    expect(() => emu.socket.runStep({ callback_id: 'diagnose_mirror', inputs: {} })).toThrow(/missing required input parameter mirror/);

    const run = emu.socket.runStep({ callback_id: 'diagnose_mirror', inputs: { mirror: 'svl', channel_id: emu.channelId('mm2-ops') } });
    const event = run.payload.event as { bot_access_token: string; function_execution_id: string; function: { callback_id: string } };
    expect(event.function.callback_id).toBe('diagnose_mirror');
    const step = new WebClient(event.bot_access_token, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
    await step.chat.postMessage({ channel: emu.channelId('mm2-ops'), text: 'working' });
    expect(await platformError(step.functions.completeSuccess({ function_execution_id: event.function_execution_id, outputs: { count: 'three' } }))).toMatchObject({ error: 'parameter_validation_failed' });
    await step.functions.completeSuccess({ function_execution_id: event.function_execution_id, outputs: { verdict: 'critical', count: 3 } });
    expect(emu.steps()[0]).toMatchObject({ status: 'completed', outputs: { verdict: 'critical', count: 3 } });
    expect(await platformError(step.chat.postMessage({ channel: emu.channelId('mm2-ops'), text: 'after' }))).toMatchObject({ error: 'invalid_auth' });
    const bot = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
    expect(await platformError(bot.functions.completeError({ function_execution_id: event.function_execution_id, error: 'late' }))).toMatchObject({ error: 'execution_not_in_running_state' });
  });

  it('refuses steps of an app that is not org-ready', async () => {
    emu = await SlackEmulator.start({ manifest: manifest({ settings: { org_deploy_enabled: false, function_runtime: 'remote' } }) });
    expect(() => emu.socket.runStep({ callback_id: 'diagnose_mirror', inputs: { mirror: 'svl' } })).toThrow(/org-ready/);
  });

  it('sends function_executed only to an app on the Events API', async () => {
    emu = await SlackEmulator.start({ manifest: manifest({ settings: { org_deploy_enabled: true, function_runtime: 'remote', socket_mode_enabled: true } }) });
    expect(() => emu.socket.runStep({ callback_id: 'diagnose_mirror', inputs: { mirror: 'svl' } })).toThrow(/Events API/);
  });
});

describe('request timestamps', () => {
  it('lets a plain Bolt 5.1 HTTPReceiver accept a timestamp from the future (one-sided check), which the bot must refuse itself', async () => {
    // node_modules/@slack/bolt/dist/receivers/verify-request.js: only `timestamp < now - 300` is stale.
    // When Bolt checks both sides this test fails, and the bot's own check can go.
    const emu = await SlackEmulator.start();
    const app = new App({ token: emu.botToken, signingSecret: emu.signingSecret, logger: quietLogger(), clientOptions: { slackApiUrl: emu.apiUrl } });
    app.command('/mm2', async ({ ack }) => ack());
    const server = (await app.start(0)) as Server;
    try {
      const slack = emu.http(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
      expect((await slack.slashCommand({ command: '/mm2', text: 'x' }, { signature: 'future' })).status).toBe(200);
      expect((await slack.slashCommand({ command: '/mm2', text: 'x' }, { signature: 'stale' })).status).toBe(401);
    } finally {
      await app.stop();
      await emu.stop();
    }
  });
});
