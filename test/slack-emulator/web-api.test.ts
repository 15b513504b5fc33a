// The emulator's Web API driven by the real @slack/web-api WebClient: Slack's error codes,
// Block Kit rejections with json-pointers, threads, edits, ephemerals and the files.uploadV2 flow.
import { ErrorCode, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from './emulator.ts';
import { quietLogger } from './helpers.ts';

let emu: SlackEmulator;
let bot: WebClient;
let ops: string;

beforeAll(async () => {
  emu = await SlackEmulator.start({ rateLimit: false });
  bot = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
  ops = emu.channelId('mm2-ops');
});

afterAll(async () => {
  await emu.stop();
});

/** The platform error a call fails with (WebClient throws on ok:false). */
async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect((error as WebAPIPlatformError | undefined)?.code).toBe(ErrorCode.PlatformError);
  return (error as WebAPIPlatformError).data;
}

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } } as const;
}

describe('authentication', () => {
  it('answers auth.test with the bot identity Bolt needs', async () => {
    const res = await bot.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: emu.botUserId, bot_id: emu.seed.botId, team_id: emu.seed.teamId });
  });

  it.each([
    ['no token', undefined, 'not_authed'],
    ['an unknown token', 'xoxb-not-a-real-token', 'invalid_auth'],
  ])('rejects %s', async (_what, token, error) => {
    const client = new WebClient(token, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
    expect((await platformError(client.chat.postMessage({ channel: ops, text: 'hi' }))).error).toBe(error);
  });

  it('keeps app-level and bot tokens to their own methods', async () => {
    const app = new WebClient(emu.appToken, { slackApiUrl: emu.apiUrl, logger: quietLogger() });
    expect((await platformError(app.chat.postMessage({ channel: ops, text: 'hi' }))).error).toBe('not_allowed_token_type');
    expect((await platformError(bot.apps.connections.open())).error).toBe('not_allowed_token_type');
    expect((await app.apps.connections.open()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  });
});

describe('chat.postMessage', () => {
  it('posts to a channel the bot is in', async () => {
    const res = await bot.chat.postMessage({ channel: ops, text: 'svl → remote: 1 critical' });
    expect(emu.messages(ops).at(-1)).toMatchObject({ ts: res.ts, text: 'svl → remote: 1 critical', user: emu.botUserId, via: 'chat.postMessage' });
  });

  it('refuses a public channel the bot has not joined with not_in_channel', async () => {
    const random = emu.channelId('random');
    expect((await platformError(bot.chat.postMessage({ channel: random, text: 'hi' }))).error).toBe('not_in_channel');
    expect(emu.messages(random)).toEqual([]);
  });

  it.each([['a private channel without the bot', 'G0SECRET1'], ['an unknown id', 'C0NOTHERE']])(
    'answers channel_not_found for %s',
    async (_what, channel) => {
      expect((await platformError(bot.chat.postMessage({ channel, text: 'hi' }))).error).toBe('channel_not_found');
    },
  );

  it('answers no_text when both text and blocks are missing', async () => {
    expect((await platformError(bot.chat.postMessage({ channel: ops, text: '' }))).error).toBe('no_text');
  });

  it('answers msg_too_long above 40 000 characters', async () => {
    expect((await platformError(bot.chat.postMessage({ channel: ops, text: 'x'.repeat(40_001) }))).error).toBe('msg_too_long');
  });

  it('accepts a 3000-character section and rejects 3001 with invalid_blocks and a json-pointer', async () => {
    await bot.chat.postMessage({ channel: ops, text: 'ok', blocks: [section('x'.repeat(3000))] });
    const data = await platformError(bot.chat.postMessage({ channel: ops, text: 'fallback', blocks: [section('x'.repeat(3001))] }));

    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toContain('[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]');
  });

  it('accepts 50 blocks and rejects 51', async () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    await bot.chat.postMessage({ channel: ops, text: 'fifty', blocks: blocks(50) });
    const data = await platformError(bot.chat.postMessage({ channel: ops, text: 'fifty-one', blocks: blocks(51) }));

    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
  });

  it('answers msg_blocks_too_long past the cumulative block text cap', async () => {
    const blocks = Array.from({ length: 4 }, () => section('y'.repeat(2900)));
    expect((await platformError(bot.chat.postMessage({ channel: ops, text: 'long', blocks }))).error).toBe('msg_blocks_too_long');
  });

  it('accepts a JSON body as Slack does', async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: ops, text: 'json', blocks: [section('from JSON')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, message: { text: 'json', blocks: [section('from JSON')] } });
  });
});

describe('threads, edits and deletions', () => {
  it('keeps replies in the thread, broadcasts only when asked, and reads them back', async () => {
    const alerts = emu.channelId('kafka-alerts');
    const parent = await bot.chat.postMessage({ channel: alerts, text: 'digest' });
    await bot.chat.postMessage({ channel: alerts, thread_ts: String(parent.ts), text: 'group detail' });
    await bot.chat.postMessage({ channel: alerts, thread_ts: String(parent.ts), text: 'also in channel', reply_broadcast: true });

    expect(emu.messages(alerts).map((m) => m.text)).toEqual(['digest', 'also in channel']);
    expect(emu.thread(alerts, String(parent.ts)).map((m) => m.text)).toEqual(['digest', 'group detail', 'also in channel']);
    const replies = await bot.conversations.replies({ channel: alerts, ts: String(parent.ts) });
    expect(replies.messages?.map((m) => m.text)).toEqual(['digest', 'group detail', 'also in channel']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    const history = await bot.conversations.history({ channel: alerts });
    expect(history.messages?.map((m) => m.text)).toEqual(['also in channel', 'digest']);
  });

  it('answers thread_not_found for a reply to a message that does not exist', async () => {
    expect((await platformError(bot.chat.postMessage({ channel: ops, thread_ts: '1.000001', text: 'lost' }))).error).toBe('thread_not_found');
  });

  it('edits a bot message in place and refuses other people\'s messages', async () => {
    const posted = await bot.chat.postMessage({ channel: ops, text: 'running…' });
    await bot.chat.update({ channel: ops, ts: String(posted.ts), text: 'done' });
    const message = emu.messages(ops).find((m) => m.ts === posted.ts);
    expect(message).toMatchObject({ text: 'done', edited: { user: emu.botUserId }, history: [{ text: 'running…' }] });

    const human = emu.postAsUser(ops, 'alice', 'my own words');
    expect((await platformError(bot.chat.update({ channel: ops, ts: human.ts, text: 'x' }))).error).toBe('cant_update_message');
    expect((await platformError(bot.chat.update({ channel: ops, ts: '1.000002', text: 'x' }))).error).toBe('message_not_found');
  });

  it('deletes a message, leaving a tombstone when it had replies', async () => {
    const lone = await bot.chat.postMessage({ channel: ops, text: 'lone' });
    const parent = await bot.chat.postMessage({ channel: ops, text: 'parent' });
    await bot.chat.postMessage({ channel: ops, thread_ts: String(parent.ts), text: 'reply' });
    await bot.chat.delete({ channel: ops, ts: String(lone.ts) });
    await bot.chat.delete({ channel: ops, ts: String(parent.ts) });

    expect(emu.messages(ops).find((m) => m.ts === lone.ts)).toBeUndefined();
    expect(emu.messages(ops).find((m) => m.ts === parent.ts)).toMatchObject({ subtype: 'tombstone', text: 'This message was deleted.' });
  });
});

describe('reactions', () => {
  it('marks progress on a message and refuses a reaction twice', async () => {
    const mention = emu.postAsUser(ops, 'alice', '@mm2-doctor why?');
    await bot.reactions.add({ channel: ops, timestamp: mention.ts, name: 'eyes' });
    await bot.reactions.add({ channel: ops, timestamp: mention.ts, name: 'white_check_mark' });
    await bot.reactions.remove({ channel: ops, timestamp: mention.ts, name: 'eyes' });

    expect(mention.reactions).toEqual({ white_check_mark: [emu.botUserId] });
    expect((await platformError(bot.reactions.add({ channel: ops, timestamp: mention.ts, name: 'white_check_mark' }))).error).toBe('already_reacted');
    expect((await platformError(bot.reactions.remove({ channel: ops, timestamp: mention.ts, name: 'eyes' }))).error).toBe('no_reaction');
    expect((await platformError(bot.reactions.add({ channel: ops, timestamp: mention.ts, name: ':eyes:' }))).error).toBe('invalid_name');
  });
});

describe('ephemeral messages, people and channels', () => {
  it('shows chat.postEphemeral to one member only', async () => {
    await bot.chat.postEphemeral({ channel: ops, user: emu.userId('bob'), text: 'only for bob' });
    expect(emu.ephemeral('bob').map((m) => m.text)).toContain('only for bob');
    expect(emu.ephemeral('alice').map((m) => m.text)).not.toContain('only for bob');
    const alerts = emu.channelId('kafka-alerts');
    expect((await platformError(bot.chat.postEphemeral({ channel: alerts, user: emu.userId('bob'), text: 'x' }))).error).toBe('user_not_in_channel');
  });

  it('describes users, user groups and channels', async () => {
    expect((await bot.users.info({ user: emu.userId('alice') })).user).toMatchObject({ name: 'alice', is_bot: false });
    expect((await platformError(bot.users.info({ user: 'U0NOBODY0' }))).error).toBe('user_not_found');
    expect((await bot.usergroups.users.list({ usergroup: 'S0KAFKAOC' })).users).toEqual([emu.userId('alice'), emu.userId('bob')]);
    expect((await bot.conversations.info({ channel: emu.channelId('random') })).channel).toMatchObject({ name: 'random', is_member: false });
    expect((await platformError(bot.conversations.history({ channel: emu.channelId('random') }))).error).toBe('not_in_channel');
  });
});

describe('files.uploadV2', () => {
  it('uploads through the external URL flow and shares the file in a thread', async () => {
    const parent = await bot.chat.postMessage({ channel: ops, text: 'diagnosis' });
    await bot.filesUploadV2({
      channel_id: ops, thread_ts: String(parent.ts), filename: 'groups.csv', title: 'Per-group detail',
      content: 'group,lag\npayments,0\n', initial_comment: 'full table',
    });

    const [file] = emu.files();
    expect(file).toMatchObject({ name: 'groups.csv', title: 'Per-group detail', uploaded: true, channel: ops });
    expect(file?.content.toString()).toBe('group,lag\npayments,0\n');
    expect(emu.thread(ops, String(parent.ts))[1]).toMatchObject({ text: 'full table', files: [{ id: file?.id }], via: 'files' });
    expect(emu.calls().map((c) => c.method)).toEqual(expect.arrayContaining(['files.getUploadURLExternal', 'files.completeUploadExternal']));
  });
});
