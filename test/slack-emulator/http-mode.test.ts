// A real Bolt App in HTTP mode receiving signed requests from the emulator: commands, events,
// interactivity, the url_verification challenge, and refusals of bad, stale and missing signatures.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from './emulator.ts';
import { quietLogger } from './helpers.ts';
import type { HttpMode } from './http-mode.ts';

describe('HTTP mode with a real Bolt app', () => {
  let emu: SlackEmulator;
  let app: App;
  let slack: HttpMode;
  let ops: string;
  let commandsHandled: string[];

  beforeEach(async () => {
    emu = await SlackEmulator.start();
    ops = emu.channelId('mm2-ops');
    commandsHandled = [];
    app = new App({ token: emu.botToken, signingSecret: emu.signingSecret, logger: quietLogger(), clientOptions: { slackApiUrl: emu.apiUrl } });
    app.command('/mm2', async ({ command, ack, respond }) => {
      commandsHandled.push(command.text);
      await ack({ text: 'on it' });
      await respond({
        response_type: 'in_channel',
        text: `pong ${command.text}`,
        blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'rerun', text: { type: 'plain_text', text: 'Re-run' }, value: command.text }] }],
      });
    });
    app.action('rerun', async ({ ack, respond, action }) => {
      await ack();
      await respond({ replace_original: true, text: `re-ran ${'value' in action ? action.value : ''}` });
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ thread_ts: event.ts, text: 'looking' });
    });
    const server = (await app.start(0)) as Server;
    slack = emu.http(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  });

  afterEach(async () => {
    await app.stop();
    await emu.stop();
  });

  it('delivers a signed slash command whose 200 body and response_url reply users see', async () => {
    const reply = await slack.slashCommand({ command: '/mm2', text: 'ping', channel: ops, user: emu.userId('bob') });
    const posted = await emu.waitFor(() => emu.messages(ops).find((m) => m.text === 'pong ping'));

    expect(reply.status).toBe(200);
    expect(commandsHandled).toEqual(['ping']);
    expect(emu.ephemeral('bob').map((m) => [m.via, m.text])).toEqual([['ack', 'on it']]);
    expect(posted.via).toBe('response_url');
  });

  it.each([
    ['bad', 'a signature made with another secret'],
    ['stale', 'a timestamp more than 5 minutes old'],
    ['missing', 'no signature headers'],
  ] as const)('answers 401 to %s signatures (%s) and runs no handler', async (signature, _why) => {
    const reply = await slack.slashCommand({ command: '/mm2', text: 'ping', channel: ops }, { signature });

    expect(reply.status).toBe(401);
    expect(commandsHandled).toEqual([]);
    expect(emu.ephemeral('alice')).toEqual([]);
  });

  it('echoes the url_verification challenge', async () => {
    const reply = await slack.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');

    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('delivers app_mention events as JSON and the bot replies in the thread', async () => {
    const reply = await slack.appMention({ channel: ops, text: 'diagnose svl please' });
    const mentionTs = (reply.payload.event as { ts: string }).ts;
    const answer = await emu.waitFor(() => emu.thread(ops, mentionTs)[1]);

    expect(reply.status).toBe(200);
    expect(answer.text).toBe('looking');
    expect(emu.messages(ops).map((m) => m.text)).toEqual([`<@${emu.botUserId}> diagnose svl please`]);
  });

  it('delivers a button click as payload=<json>, and replace_original edits the clicked message', async () => {
    await slack.slashCommand({ command: '/mm2', text: 'status', channel: ops });
    const original = await emu.waitFor(() => emu.messages(ops).find((m) => m.text === 'pong status'));

    const click = await slack.blockAction({ channel: ops, message_ts: original.ts, action_id: 'rerun' });
    await emu.waitFor(() => original.text === 're-ran status');

    expect(click.status).toBe(200);
    expect(emu.messages(ops)).toHaveLength(1);
    expect(original.history.map((h) => h.text)).toEqual(['pong status']);
  });
});
