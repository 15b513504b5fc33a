/**
 * `/mm2 digest` and `/mm2 history` through the real Bolt app in Socket Mode against the Slack
 * emulator: a preview only the caller sees, a digest posted now, and a mirror's verdict changes
 * from the history file merged with what the poster shares.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commandRegistry } from '../../src/composition-root.ts';
import { createRedactor } from '../../src/runtime/redact.ts';
import { MemoryState } from '../../src/coordination/state.ts';
import { FileHistoryStore } from '../../src/history/file-store.ts';
import { recordingDoctor } from '../../src/history/store.ts';
import { createSlackApp, type SlackBot } from '../../src/slack/app.ts';
import { alertKey } from '../../src/schedule/alert-job.ts';
import { renderScheduleText } from '../../src/render/text/schedule.ts';
import { digestControl } from '../../src/schedule/control.ts';
import type { AlertState } from '../../src/monitor/incident.ts';
import { slackPoster } from '../../src/schedule/poster.ts';
import { historyView } from '../../src/schedule/history-view.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { quietLogger } from '../slack-emulator/helpers.ts';
import { healthyDiagnosis, seedDiagnosis } from '../slack/fake-doctor.ts';
import { blockIds, blockText, jobDeps, SwitchDoctor } from './helpers.ts';

let emu: SlackEmulator;
let bot: SlackBot;
let history: FileHistoryStore;
const state = new MemoryState();
const sw = new SwitchDoctor(seedDiagnosis());

beforeAll(async () => {
  emu = await SlackEmulator.start({ rateLimit: { perSecond: 100, burst: 100 } });
  const dir = await mkdtemp(path.join(tmpdir(), 'mm2-cmd-'));
  history = await FileHistoryStore.open(path.join(dir, 'history.jsonl'));
  const client = new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl });
  const poster = slackPoster(client, { redactor: createRedactor([]), warn: () => undefined });
  const deps = jobDeps(recordingDoctor(sw.doctor, history, 'digest'), poster, { state });
  const digests = digestControl([{ name: 'morning', channel: emu.channelId('mm2-ops'), cron: '0 8 * * *', timezone: 'UTC', mirrors: ['svl->confluent'], mode: 'always' }], deps);
  bot = createSlackApp({
    doctor: recordingDoctor(sw.doctor, history, 'chat'),
    registry: commandRegistry(),
    config: {},
    tokens: { botToken: emu.botToken, appToken: emu.appToken },
    mode: 'socket',
    slackApiUrl: emu.apiUrl,
    logger: quietLogger(),
    audit: () => undefined,
    clientPingTimeout: 300,
    overrides: { port: 0, healthPort: false, stateDir: dir, shutdownTimeoutMs: 2000 },
    schedules: { digests, history: historyView(history, state) },
  });
  await bot.start();
});
afterAll(async () => {
  await bot.stop();
  await history.close();
  await emu.stop();
});

/** Runs `/mm2 <text>` as alice in #mm2-ops; resolves with her final ephemeral reply. */
async function command(text: string): Promise<{ text: string; blocks?: unknown[] }> {
  const before = emu.ephemeral('alice').length;
  emu.socket.slashCommand({ command: '/mm2', text, channel: emu.channelId('mm2-ops'), user: emu.userId('alice') });
  return emu.waitFor(() => {
    const mine = emu.ephemeral('alice').slice(before);
    const last = mine.at(-1);
    return last && !last.text.endsWith('…') && last;
  }, 10_000);
}

it('digest preview shows the digest only to the caller and posts nothing', async () => {
  const reply = await command('digest preview');
  expect(blockText(reply)).toContain('MM2 digest: morning');
  expect(blockText(reply)).toContain('critical: No consumer group');
  expect(blockText(reply)).toContain('Preview, only you see it');
  expect(emu.messages('mm2-ops')).toEqual([]);
  expect(emu.ephemeral('bob')).toEqual([]);
});

it('digest now posts the digest to its channel, details in the thread, and confirms privately', async () => {
  const reply = await command('digest now morning');
  expect(reply.text).toBe('Posted digest morning');
  const posted = await emu.waitFor(() => emu.messages('mm2-ops').find((m) => blockIds(m).some((id) => id.startsWith('mm2-digest:morning:'))));
  expect(blockText(posted)).toContain('On request');
  expect(emu.thread('mm2-ops', posted.ts).length).toBeGreaterThan(1);
});

it('digest with a wrong action or name answers with usage help', async () => {
  expect((await command('digest later')).text).toContain('`later` is not a digest action');
  expect((await command('digest now evening')).text).toContain('No digest `evening`. Digests: `morning`.');
});

it('history lists the verdict changes, newest first, from commands, digests and the shared alert state', async () => {
  sw.current = seedDiagnosis();
  await command('diagnose svl');
  sw.current = healthyDiagnosis();
  await command('diagnose svl');
  await command('diagnose svl');
  // A change the poster's alert checks saw (on another replica) is in the shared state.
  const at = Date.now() + 1000;
  await state.put(alertKey('svl->confluent'), { mirror: 'svl->confluent', lastVerdict: 'warning', lastRootCause: 'checkpoints-stale', lastCheckedAt: at, incident: null, changes: [{ at, verdict: 'warning', rootCause: 'checkpoints-stale' }] } satisfies AlertState);

  const reply = await command('history svl');
  const text = blockText(reply);
  expect(text, text).toContain('svl->confluent: history');
  const section = (reply.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!;
  const lines = section.text!.text.split('\n');
  expect(lines[0], text).toContain('ok → warning (checkpoints-stale) [alert]');
  expect(lines[1]).toContain('critical (no-consumer-groups) → ok [chat, then 1 more diagnosis alike]');
  expect(lines.at(-1)).toContain('first seen critical (no-consumer-groups) [digest');
});

it('history of an unknown mirror is usage help with the mirrors', async () => {
  expect((await command('history nosuch')).text).toMatch(/No mirror from nosuch\. Configured: svl-&gt;confluent/);
});

it('renders history and digests for the terminal shell too', async () => {
  const view = await historyView(history)('svl->confluent', 5);
  expect(renderScheduleText({ kind: 'history', mirror: 'svl->confluent', view })).toMatch(/^svl->confluent: verdict changes, newest first \(\d+ diagnoses\)\n .* ago {2}critical \(no-consumer-groups\) → ok \[chat/);
});
