// Slack's per-channel posting limit: HTTP 429 + Retry-After, which @slack/web-api honours by itself
// (pauses its queue for Retry-After seconds, then retries), so the message still arrives.
import { ErrorCode, WebClient, WebClientEvent, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from './emulator.ts';
import { quietLogger } from './helpers.ts';

describe('chat.postMessage rate limit', () => {
  let emu: SlackEmulator;
  let ops: string;

  beforeEach(async () => {
    emu = await SlackEmulator.start({ rateLimit: { perSecond: 1, burst: 1 } });
    ops = emu.channelId('mm2-ops');
  });

  afterEach(async () => {
    await emu.stop();
  });

  it('answers 429 with Retry-After and the body Slack sends', async () => {
    const post = () => fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: ops, text: 'hi' }),
    });
    expect((await post()).status).toBe(200);
    const limited = await post();

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('delivers the message anyway through WebClient\'s own retry after Retry-After', async () => {
    // Short p-retry backoff so the wait measured is the Retry-After pause the client takes itself.
    const client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logger: quietLogger(), retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 } });
    const pauses: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => pauses.push(seconds));

    const started = Date.now();
    await client.chat.postMessage({ channel: ops, text: 'first' });
    await client.chat.postMessage({ channel: ops, text: 'second' });

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(pauses).toEqual([1]);
    expect(emu.calls('chat.postMessage').map((c) => c.status)).toEqual([200, 429, 200]);
    expect(emu.messages(ops).map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('limits each channel separately', async () => {
    const client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logger: quietLogger(), rejectRateLimitedCalls: true });
    await client.chat.postMessage({ channel: ops, text: 'ops' });
    await client.chat.postMessage({ channel: emu.channelId('kafka-alerts'), text: 'alerts' });
    const error = await client.chat.update({ channel: ops, ts: emu.messages(ops)[0]?.ts ?? '', text: 'edit' }).catch((e: unknown) => e);

    expect((error as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(1);
    expect(emu.messages('kafka-alerts').map((m) => m.text)).toEqual(['alerts']);
  });
});
