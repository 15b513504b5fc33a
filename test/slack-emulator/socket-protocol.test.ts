// The Socket Mode wire format seen by a bare `ws` client (URLs from the real WebClient): hello,
// envelope fields, one-time tickets, event redelivery with retry_attempt, warnings that keep the
// socket open, server pings, and the 10-connection limit.
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SlackEmulator } from './emulator.ts';
import { quietLogger } from './helpers.ts';

interface Frame {
  type: string;
  envelope_id?: string;
  reason?: string;
  retry_attempt?: number;
  retry_reason?: string;
  accepts_response_payload?: boolean;
  num_connections?: number;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

describe('Socket Mode wire protocol', () => {
  let emu: SlackEmulator;
  let opener: WebClient;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    emu = await SlackEmulator.start({ ackTimeoutMs: 150, pingIntervalMs: 50, disconnectGraceMs: 50 });
    opener = new WebClient(undefined, { slackApiUrl: emu.apiUrl, logger: quietLogger(), headers: { Authorization: `Bearer ${emu.appToken}` } });
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.terminate());
    await emu.stop();
  });

  /** Opens a connection and collects every JSON frame it receives. */
  async function connect(): Promise<{ ws: WebSocket; frames: Frame[] }> {
    const { url } = await opener.apps.connections.open();
    const ws = new WebSocket(String(url));
    sockets.push(ws);
    const frames: Frame[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await emu.waitFor(() => frames.length > 0);
    return { ws, frames };
  }

  it('greets with hello carrying num_connections, debug_info and connection_info', async () => {
    await connect();
    const { frames } = await connect();

    expect(frames[0]).toMatchObject({
      type: 'hello', num_connections: 2, debug_info: { host: expect.any(String) }, connection_info: { app_id: emu.seed.appId },
    });
  });

  it('accepts each apps.connections.open ticket once', async () => {
    const { url } = await opener.apps.connections.open();
    const first = new WebSocket(String(url));
    sockets.push(first);
    await new Promise((resolve) => first.once('open', resolve));
    const second = new WebSocket(String(url));

    const status = await new Promise((resolve) => second.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(401);
  });

  it('sends a slash command envelope that accepts a response payload, and records the ack', async () => {
    const { ws, frames } = await connect();
    const sent = emu.socket.slashCommand({ command: '/mm2', text: 'help' });
    const envelope = await emu.waitFor(() => frames.find((f) => f.type === 'slash_commands'));

    expect(envelope).toMatchObject({ envelope_id: sent.envelope_id, accepts_response_payload: true, payload: { command: '/mm2', text: 'help', response_url: sent.response_url } });
    ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'usage: /mm2 diagnose <cluster>' } }));
    await emu.waitFor(() => sent.delivery.outcome === 'acked');
    expect(emu.ephemeral('alice').map((m) => m.text)).toEqual(['usage: /mm2 diagnose <cluster>']);
  });

  it('redelivers an unacked event with retry_attempt incremented, then stops after the ack', async () => {
    const { ws, frames } = await connect();
    const sent = emu.socket.appMention({ text: 'help' });
    const events = () => frames.filter((f) => f.type === 'events_api');
    await emu.waitFor(() => events().length === 2);
    const last = events()[1];
    ws.send(JSON.stringify({ envelope_id: last?.envelope_id }));
    await emu.waitFor(() => sent.delivery.outcome === 'acked');
    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(events().map((f) => [f.envelope_id, f.retry_attempt, f.retry_reason, f.accepts_response_payload])).toEqual([
      [sent.envelope_id, 0, '', false],
      [sent.envelope_id, 1, 'timeout', false],
    ]);
    expect(events()[0]?.payload).toMatchObject({ type: 'event_callback', event: { type: 'app_mention' }, event_id: expect.stringMatching(/^Ev/) });
  });

  it('gives up on an event after three retries', async () => {
    await connect();
    const sent = emu.socket.event({ type: 'app_home_opened', user: emu.userId('alice') });
    await emu.waitFor(() => sent.delivery.outcome === 'timed_out');

    expect(sent.delivery.attempts).toBe(4);
  });

  it('fails a command at once with dispatch_failed when no app is connected', () => {
    const sent = emu.socket.slashCommand({ command: '/mm2', text: 'ping' });

    expect(sent.delivery.outcome).toBe('dispatch_failed');
    expect(emu.ephemeral('alice').map((m) => m.text)).toEqual(['/mm2 failed with the error "dispatch_failed"']);
  });

  it('keeps the socket open after a warning and closes it after refresh_requested', async () => {
    const { ws, frames } = await connect();
    emu.socket.disconnect('warning');
    await emu.waitFor(() => frames.find((f) => f.type === 'disconnect'));
    expect(ws.readyState).toBe(WebSocket.OPEN);

    emu.socket.disconnect('refresh_requested');
    const code = await new Promise((resolve) => ws.once('close', resolve));
    expect(frames.filter((f) => f.type === 'disconnect').map((f) => f.reason)).toEqual(['warning', 'refresh_requested']);
    expect(code).toBe(1000);
  });

  it('delivers each envelope to one connection, and only to those not told to disconnect while there are any', async () => {
    const a = await connect();
    const b = await connect();
    const [idA, idB] = emu.socket.connectionIds;
    const commands = () => [...a.frames, ...b.frames].filter((f) => f.type === 'slash_commands');
    for (let i = 0; i < 4; i++) emu.socket.slashCommand({ command: '/mm2', text: `c${i}` });
    await emu.waitFor(() => commands().length === 4);
    // Round robin over both; never the same envelope twice.
    expect(a.frames.filter((f) => f.type === 'slash_commands')).toHaveLength(2);
    expect(new Set(commands().map((f) => f.envelope_id)).size).toBe(4);

    emu.socket.disconnect('refresh_requested', idA);
    await emu.waitFor(() => a.frames.find((f) => f.type === 'disconnect'));
    expect(b.frames.find((f) => f.type === 'disconnect')).toBeUndefined();
    for (let i = 4; i < 8; i++) emu.socket.slashCommand({ command: '/mm2', text: `c${i}` });
    await emu.waitFor(() => commands().length === 8);
    expect(a.frames.filter((f) => f.type === 'slash_commands')).toHaveLength(2);
    expect(emu.socket.deliveries.slice(4).map((d) => d.connectionIds)).toEqual([[idB], [idB], [idB], [idB]]);
  });

  it('still delivers to a connection told to disconnect when it is the only one open', async () => {
    const { frames } = await connect();
    emu.socket.disconnect('refresh_requested');
    emu.socket.slashCommand({ command: '/mm2', text: 'late' });
    await emu.waitFor(() => frames.find((f) => f.type === 'slash_commands'));
  });

  it('pings the client', async () => {
    const { ws } = await connect();
    const pinged = await new Promise((resolve) => ws.once('ping', () => resolve(true)));
    expect(pinged).toBe(true);
  });

  it('turns away an eleventh connection with too_many_websockets', async () => {
    for (let i = 0; i < 10; i++) await connect();
    const { ws, frames } = await connect();
    await new Promise((resolve) => ws.once('close', resolve));

    expect(frames).toEqual([expect.objectContaining({ type: 'disconnect', reason: 'too_many_websockets' })]);
    expect(emu.socket.connections).toBe(10);
    expect(emu.socket.rejected).toBe(1);
  });
});
