// response_url semantics: ephemeral vs in_channel, replace_original / delete_original, thread_ts,
// Block Kit checks, and the 5-uses / 30-minute budget (the clock is faked, not waited for). A real
// Bolt HTTP app acks the command; the test then posts to the response_url as a delayed worker would.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlackEmulator } from './emulator.ts';
import { quietLogger } from './helpers.ts';

describe('response_url', () => {
  let emu: SlackEmulator;
  let app: App;
  let ops: string;
  let responseUrl: string;

  const post = async (body: unknown) => {
    const res = await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    emu = await SlackEmulator.start();
    ops = emu.channelId('mm2-ops');
    app = new App({ token: emu.botToken, signingSecret: emu.signingSecret, logger: quietLogger(), clientOptions: { slackApiUrl: emu.apiUrl } });
    app.command('/mm2', async ({ ack }) => {
      await ack();
    });
    const server = (await app.start(0)) as Server;
    const reply = await emu.http(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`).slashCommand({ command: '/mm2', text: 'diagnose svl', channel: ops });
    responseUrl = reply.response_url ?? '';
  });

  afterEach(async () => {
    vi.useRealTimers();
    await app.stop();
    await emu.stop();
  });

  it('shows an ephemeral reply to the invoker by default and in_channel replies to everyone', async () => {
    expect(await post({ text: 'working' })).toEqual({ status: 200, body: { ok: true } });
    await post({ response_type: 'in_channel', text: 'svl → remote: 1 critical' });

    expect(emu.ephemeral('alice').map((m) => m.text)).toEqual(['working']);
    expect(emu.messages(ops).map((m) => [m.text, m.user])).toEqual([['svl → remote: 1 critical', emu.botUserId]]);
  });

  it('replaces and deletes the message it posted last', async () => {
    await post({ response_type: 'in_channel', text: 'step 1/2' });
    await post({ replace_original: true, text: 'step 2/2' });
    expect(emu.messages(ops).map((m) => m.text)).toEqual(['step 2/2']);

    await post({ delete_original: true });
    expect(emu.messages(ops)).toEqual([]);
  });

  it('posts into a thread when given thread_ts', async () => {
    const parent = emu.postAsUser(ops, 'bob', 'incident: checkpoints stopped');
    await post({ response_type: 'in_channel', thread_ts: parent.ts, text: 'see diagnosis' });

    expect(emu.thread(ops, parent.ts).map((m) => m.text)).toEqual(['incident: checkpoints stopped', 'see diagnosis']);
  });

  it('rejects oversized blocks with 400 invalid_blocks', async () => {
    const res = await post({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: 'invalid_blocks', errors: ['must be less than 151 characters [json-pointer:/blocks/0/text/text]'] });
    expect(emu.ephemeral('alice')).toEqual([]);
  });

  it('allows five uses, then answers 404 used_url', async () => {
    const statuses = [];
    for (let i = 1; i <= 6; i++) statuses.push((await post({ text: `update ${i}` })).status);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect((await post({ text: 'again' })).body).toEqual({ ok: false, error: 'used_url' });
  });

  it('still works at 29 minutes and expires after 30 with 404 expired_url', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 29 * 60_000);
    expect((await post({ text: 'slow diagnosis done' })).status).toBe(200);

    vi.setSystemTime(Date.now() + 60_001);
    expect(await post({ text: 'too late' })).toEqual({ status: 404, body: { ok: false, error: 'expired_url' } });
  });

  it('answers 404 invalid_url for a URL Slack never issued', async () => {
    responseUrl = `${emu.url}/response/R0NOTISSUED`;
    expect((await post({ text: 'x' })).status).toBe(404);
  });
});
