import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedactor } from '../../src/runtime/redact.ts';
import { botSchedules, shellSchedules } from '../../src/schedule/bot.ts';
import { FakeDoctor, seedDiagnosis, SVL } from '../slack/fake-doctor.ts';
import type { SlackEmulator } from '../slack-emulator/index.ts';
import { startSlack } from './helpers.ts';
import type { webApi } from '@slack/bolt';

let emu: SlackEmulator;
let client: webApi.WebClient;
beforeAll(async () => ({ emu, client } = await startSlack()));
afterAll(() => emu.stop());

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

it('a bot process records chat diagnoses, serves history, and gets digests once started', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm2-bot-'));
  const config = { clusters: {}, digests: [{ name: 'morning', channel: emu.channelId('mm2-ops'), cron: '0 8 * * *', timezone: 'UTC', mirrors: [SVL.name], mode: 'always' as const }] };
  const s = await botSchedules(config, FakeDoctor.of([[SVL, seedDiagnosis()]]), dir);
  try {
    expect(s.control.digests).toBeUndefined();
    await s.doctor.diagnose(SVL);
    expect((await s.control.history!(SVL.name, 5)).changes).toMatchObject([{ to: { verdict: 'critical', rootCause: 'no-consumer-groups' }, origin: 'chat' }]);
    await s.start(client, createRedactor([]), quiet);
    expect(s.control.digests?.names()).toEqual(['morning']);
    // While the bot holds the history file, the shell reads it without recording.
    const shell = await shellSchedules(config, FakeDoctor.of([[SVL, seedDiagnosis()]]), dir);
    expect((await shell.control.history!(SVL.name, 5)).entries).toBe(1);
    await shell.doctor.diagnose(SVL);
    expect((await s.control.history!(SVL.name, 5)).entries).toBe(1);
    await shell.close();
  } finally {
    await s.stop();
  }
  // Once the bot is gone the shell records with origin cli.
  const shell = await shellSchedules(config, FakeDoctor.of([[SVL, seedDiagnosis()]]), dir);
  await shell.doctor.diagnose(SVL);
  expect((await shell.control.history!(SVL.name, 5)).changes[0]).toMatchObject({ origin: 'chat', repeats: 1 });
  await shell.close();
});
