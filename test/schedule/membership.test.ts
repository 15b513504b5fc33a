/**
 * Digests and alerts aimed at a channel the bot is not in. Slack answers chat.postMessage there with
 * `not_in_channel` (public channel) or `channel_not_found` (private channel it was not invited to;
 * https://docs.slack.dev/reference/methods/chat.postMessage). The fix is an invite, so the bot says
 * `/invite @mm2-doctor` to whoever asked, logs it once per channel with the fix, and checks every
 * configured channel at start-up (conversations.info is_member).
 */
import { afterEach, expect, it } from 'vitest';
import type { DigestConfig } from '../../src/schedule/config.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import { alertMonitor } from '../../src/schedule/alert-job.ts';
import { startSchedules, type ScheduleRuntime } from '../../src/schedule/runtime.ts';
import { createRedactor } from '../../src/runtime/redact.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { seedDiagnosis } from '../slack/fake-doctor.ts';
import { startBot, type Harness } from '../slack/harness.ts';
import { jobDeps, startSlack, SwitchDoctor } from './helpers.ts';

let emu: SlackEmulator | undefined;
let h: Harness | undefined;
let runtime: ScheduleRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  await h?.stop();
  await emu?.stop();
  runtime = undefined;
  h = undefined;
  emu = undefined;
});

const EVERY_SECOND = '* * * * * *';
const invites = (logs: string[]) => logs.filter((l) => l.includes('/invite @mm2-doctor'));

it('a scheduled digest to a channel the bot is not in logs the fix once per channel, not an internal error each run', async () => {
  const slack = await startSlack();
  emu = slack.emu;
  const deps = { ...jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, slack.poster), sleep: async () => undefined };
  const d: DigestConfig = { name: 'offsite', channel: emu.channelId('random'), cron: EVERY_SECOND, timezone: 'UTC', mirrors: ['svl->confluent'], mode: 'always' };
  const outcomes: string[] = [];
  const s = new Scheduler({ digests: [d], deps, catchUpMs: 0, onDigest: (_n, _s, o) => outcomes.push(o) });
  s.start();
  try {
    await emu.waitFor(() => outcomes.length >= 3, 10_000);
  } finally {
    await s.stop();
  }
  expect(outcomes.every((o) => o === 'failed')).toBe(true);
  expect(deps.logs.filter((l) => l.startsWith('ref') || /internal error/.test(l))).toEqual([]);
  // The poster logs through the bot's logger (here: slack.warnings).
  expect(invites(slack.warnings)).toHaveLength(1);
  expect(invites(slack.warnings)[0]).toMatch(/C0RANDOM1.*not_in_channel.*\/invite @mm2-doctor/);
}, 20_000);

it('an alert to a private channel the bot was not invited to says so once, with the fix', async () => {
  const slack = await startSlack();
  emu = slack.emu;
  // No grace wait before looking for a half-posted alert (tests do not wait 15 s).
  const deps = { ...jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, slack.poster), sleep: async () => undefined };
  const monitor = alertMonitor({ channels: { 'svl->confluent': emu.channelId('secret-infra') }, routes: [], threshold: 'warning', renotifyMinutes: 60, intervalSeconds: 60 }, deps, 3_600_000);
  for (let i = 0; i < 3; i++) await monitor.runNow();
  await monitor.stop();
  expect(emu.calls('chat.postMessage')).toHaveLength(1);
  expect(emu.calls('conversations.history')).toHaveLength(2); // rounds 2 and 3 look for the alert round 1 may have posted
  expect(deps.logs.filter((l) => l.startsWith('ref') || /internal error/.test(l))).toEqual([]);
  expect(invites(slack.warnings)).toHaveLength(1);
  expect(invites(slack.warnings)[0]).toMatch(/G0SECRET1.*channel_not_found.*private.*\/invite @mm2-doctor/);
});

it('checks every configured channel at start-up and names the ones the bot is not in', async () => {
  const slack = await startSlack();
  emu = slack.emu;
  const logs: string[] = [];
  const line = (level: string) => (...m: unknown[]) => void logs.push(`${level} ${m.map(String).join(' ')}`);
  runtime = await startSchedules({
    config: {
      clusters: {},
      digests: [{ name: 'ops', channel: emu.channelId('mm2-ops'), cron: '0 8 * * *', timezone: 'UTC', mirrors: ['svl->confluent'], mode: 'always' }, { name: 'offsite', channel: emu.channelId('random'), cron: '0 8 * * *', timezone: 'UTC', mirrors: ['svl->confluent'], mode: 'always' }],
      alerts: { channels: { 'svl->confluent': emu.channelId('secret-infra') }, threshold: 'warning', renotifyMinutes: 60, intervalSeconds: 3600 },
    } as never,
    doctor: new SwitchDoctor(seedDiagnosis()).doctor,
    client: slack.client,
    stateDir: '/tmp',
    redactor: createRedactor([]),
    log: { info: line('info'), warn: line('warn'), error: line('error') },
    alertIntervalMs: 3_600_000,
  });
  await emu.waitFor(() => invites(logs).length === 2, 5000);
  expect(emu.calls('conversations.info').map((c) => c.args.channel).sort()).toEqual(['C0MM2OPS1', 'C0RANDOM1', 'G0SECRET1']);
  expect(invites(logs).join('\n')).toMatch(/C0RANDOM1/);
  expect(invites(logs).join('\n')).toMatch(/G0SECRET1/);
  expect(invites(logs).join('\n')).not.toMatch(/C0MM2OPS1/);
});

it('/mm2 digest now to a channel the bot is not in tells the caller to /invite it', async () => {
  h = await startBot(new SwitchDoctor(seedDiagnosis()).doctor, {
    config: { digests: [{ name: 'offsite', channel: 'C0RANDOM1', cron: '0 8 * * *', timezone: 'UTC', mirrors: ['svl->confluent'], mode: 'always' }] } as never,
    schedules: true,
  });
  h.emu.socket.slashCommand({ command: '/mm2', text: 'digest now', channel: h.ops });
  const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => !m.text.endsWith('…')), 8000);
  expect(reply.text).toMatch(/not a member of .*C0RANDOM1.*`\/invite @mm2-doctor`/);
  expect(reply.text).not.toMatch(/internal error/);
});
