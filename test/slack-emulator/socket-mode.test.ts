// A real Bolt App in Socket Mode against the emulator: commands acked and answered, reconnection
// after Slack's `disconnect`, an abrupt drop and a half-open socket, events retried until acked.
import { App, RespondError } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from './emulator.ts';
import { gate, quietLogger, socketModeApp } from './helpers.ts';

describe('Socket Mode with a real Bolt app', () => {
  let emu: SlackEmulator;
  let app: App | undefined;
  let ops: string;

  beforeEach(async () => {
    emu = await SlackEmulator.start({ ackTimeoutMs: 250 });
    ops = emu.channelId('mm2-ops');
  });

  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await emu.stop();
  });

  it('answers /mm2 ping: ack payload, then respond() via response_url, then chat.postMessage', async () => {
    // The plain App({ socketMode, clientOptions }) form: Bolt 5.1 copies clientOptions into the
    // Socket Mode client, so apps.connections.open reaches the emulator too.
    app = new App({ token: emu.botToken, appToken: emu.appToken, socketMode: true, logger: quietLogger(), clientOptions: { slackApiUrl: emu.apiUrl } });
    app.command('/mm2', async ({ command, ack, respond, client }) => {
      await ack({ text: `checking ${command.text}` });
      await respond({ text: 'pong' });
      await client.chat.postMessage({ channel: command.channel_id, text: `pong for <@${command.user_id}>` });
    });
    await app.start();
    expect(emu.calls('apps.connections.open')).toHaveLength(1);
    expect(emu.calls('auth.test')).toHaveLength(1);

    const sent = emu.socket.slashCommand({ command: '/mm2', text: 'ping', channel: ops, user: emu.userId('alice') });
    const posted = await emu.waitFor(() => emu.messages(ops).find((m) => m.text.startsWith('pong for')));

    expect(posted.text).toBe(`pong for <@${emu.userId('alice')}>`);
    expect(posted.user).toBe(emu.botUserId);
    expect(sent.delivery.outcome).toBe('acked');
    expect(emu.ephemeral('alice').map((m) => [m.via, m.text])).toEqual([['ack', 'checking ping'], ['response_url', 'pong']]);
    expect(emu.ephemeral('bob')).toEqual([]);
  });

  it('shows the user operation_timeout when the command is not acked in time', async () => {
    app = socketModeApp(emu);
    const held = gate();
    app.command('/mm2', async ({ ack }) => {
      await held.wait;
      await ack();
    });
    await app.start();

    const sent = emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: ops });
    const notice = await emu.waitFor(() => emu.ephemeral('alice').find((m) => m.via === 'slack'));
    held.release();
    await emu.waitFor(() => emu.socket.acks.find((a) => a.envelope_id === sent.envelope_id));

    expect(notice.text).toBe('/mm2 failed with the error "operation_timeout"');
    expect(sent.delivery.outcome).toBe('timed_out');
    expect(emu.socket.acks.find((a) => a.envelope_id === sent.envelope_id)?.late).toBe(true);
  });

  it('reconnects through apps.connections.open after disconnect refresh_requested', async () => {
    app = socketModeApp(emu);
    app.command('/mm2', async ({ ack }) => {
      await ack({ text: 'pong' });
    });
    await app.start();

    emu.socket.disconnect('refresh_requested');
    await emu.waitFor(() => emu.socket.accepted === 2 && emu.socket.connections === 1, 3000);
    emu.socket.slashCommand({ command: '/mm2', text: 'ping', channel: ops });

    await emu.waitFor(() => emu.ephemeral('alice').find((m) => m.text === 'pong'));
    expect(emu.calls('apps.connections.open')).toHaveLength(2);
  });

  it('keeps a command in flight and reconnects after an abrupt drop', async () => {
    app = socketModeApp(emu);
    const held = gate();
    app.command('/mm2', async ({ command, ack, respond, client }) => {
      await ack();
      if (command.text === 'slow') await held.wait;
      await respond({ text: `done ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: `report ${command.text}` });
    });
    await app.start();

    const slow = emu.socket.slashCommand({ command: '/mm2', text: 'slow', channel: ops });
    await emu.waitFor(() => slow.delivery.outcome === 'acked');
    emu.socket.drop();
    await emu.waitFor(() => emu.socket.connections === 0);
    held.release();

    await emu.waitFor(() => emu.messages(ops).find((m) => m.text === 'report slow'));
    await emu.waitFor(() => emu.socket.accepted === 2 && emu.socket.connections === 1, 3000);
    emu.socket.slashCommand({ command: '/mm2', text: 'fast', channel: ops });
    await emu.waitFor(() => emu.messages(ops).find((m) => m.text === 'report fast'));

    expect(emu.ephemeral('alice').map((m) => m.text)).toEqual(['done slow', 'done fast']);
  });

  it('reconnects when the socket goes half-open (pings unanswered)', async () => {
    app = socketModeApp(emu);
    app.command('/mm2', async ({ ack }) => {
      await ack({ text: 'pong' });
    });
    await app.start();

    emu.socket.freeze();
    await emu.waitFor(() => emu.socket.accepted === 2 && emu.socket.connections === 1, 3000);
    emu.socket.slashCommand({ command: '/mm2', text: 'ping', channel: ops });

    await emu.waitFor(() => emu.ephemeral('alice').find((m) => m.text === 'pong'));
    expect(emu.calls('apps.connections.open')).toHaveLength(2);
  });

  it('retries an event delivered while the app was reconnecting, with retry_attempt', async () => {
    app = socketModeApp(emu);
    const retries: (number | undefined)[] = [];
    app.event('app_mention', async ({ event, context, client }) => {
      retries.push(context.retryNum);
      await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: 'looking' });
    });
    await app.start();

    emu.socket.drop();
    await emu.waitFor(() => emu.socket.connections === 0);
    const sent = emu.socket.appMention({ channel: ops, text: 'why no checkpoints?' });
    const mentionTs = (sent.payload.event as { ts: string }).ts;
    const reply = await emu.waitFor(() => emu.thread(ops, mentionTs)[1], 3000);

    expect(reply.text).toBe('looking');
    expect(sent.delivery.attempts).toBeGreaterThan(1);
    expect(retries).toEqual([sent.delivery.attempts - 1]);
  });

  it('turns away a sixth respond() with 404 used_url', async () => {
    app = socketModeApp(emu);
    const statuses: (number | string)[] = [];
    app.command('/mm2', async ({ ack, respond }) => {
      await ack();
      for (let i = 1; i <= 6; i++) {
        try {
          await respond({ text: `update ${i}` });
          statuses.push(200);
        } catch (error) {
          statuses.push(error instanceof RespondError ? error.statusCode : String(error));
        }
      }
    });
    await app.start();

    emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: ops });
    await emu.waitFor(() => statuses.length === 6);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(emu.ephemeral('alice').map((m) => m.text)).toEqual(['update 1', 'update 2', 'update 3', 'update 4', 'update 5']);
  });
});
