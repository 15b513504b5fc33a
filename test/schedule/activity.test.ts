/**
 * What the App Home learns from the schedules: a scheduled digest's post (channel, message, time,
 * the mirrors it showed) and an alert's open incident, read from the shared state the real digest
 * and alert jobs write (posted to the emulator through the real poster). A resolved incident is gone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryState } from '../../src/coordination/state.ts';
import { scheduleActivity } from '../../src/schedule/activity.ts';
import { checkMirror } from '../../src/schedule/alert-job.ts';
import type { AlertsConfig, DigestConfig } from '../../src/schedule/config.ts';
import { postDigestNow, runScheduledDigest } from '../../src/schedule/digest-job.ts';
import type { Poster } from '../../src/schedule/poster.ts';
import type { SlackEmulator } from '../slack-emulator/index.ts';
import { healthyDiagnosis, seedDiagnosis, SVL } from '../slack/fake-doctor.ts';
import { jobDeps, startSlack, SwitchDoctor } from './helpers.ts';

let emu: SlackEmulator;
let poster: Poster;
beforeAll(async () => {
  ({ emu, poster } = await startSlack());
});
afterAll(() => emu.stop());

const SLOT = Date.UTC(2026, 11, 3, 8, 0, 0);

it('names the last scheduled digest of a mirror and its open incident, and forgets the incident once resolved', async () => {
  const OPS = emu.channelId('mm2-ops');
  const ALERTS = emu.channelId('kafka-alerts');
  const sw = new SwitchDoctor(seedDiagnosis());
  const state = new MemoryState();
  const deps = jobDeps(sw.doctor, poster, { state });
  const morning: DigestConfig = { name: 'morning', channel: OPS, cron: '0 8 * * *', timezone: 'UTC', mirrors: [SVL.name], mode: 'always' };
  const other: DigestConfig = { ...morning, name: 'other', mirrors: [] };
  const activity = scheduleActivity([morning, other], [SVL.name, 'east->west'], state);

  expect(await activity()).toEqual({ digests: [], incidents: [] });
  await postDigestNow(morning, deps); // on request: not the schedule's last digest
  expect((await activity()).digests).toEqual([]);

  expect(await runScheduledDigest(morning, SLOT, deps)).toBe('posted');
  const alerts: AlertsConfig = { intervalSeconds: 60, renotifyMinutes: 60, threshold: 'warning', routes: [], channels: { [SVL.name]: ALERTS } };
  expect(await checkMirror(SVL.name, ALERTS, alerts, deps)).toEqual(['open']);

  const seen = await activity();
  const post = emu.messages(OPS).at(-1)!;
  expect(seen.digests).toEqual([{ name: 'morning', channel: OPS, ts: post.ts, at: expect.any(Number), mirrors: [SVL.name] }]);
  const alert = emu.messages(ALERTS).at(-1)!;
  expect(seen.incidents).toEqual([{ kind: 'alert', mirror: SVL.name, channel: ALERTS, ts: alert.ts, since: expect.any(Number), id: expect.stringMatching(/^INC-[0-9A-Z]{6}$/) }]);
  expect(alert.text).toContain(seen.incidents[0]!.id);

  sw.current = healthyDiagnosis();
  expect(await checkMirror(SVL.name, ALERTS, alerts, deps)).toEqual(['resolve']);
  expect((await activity()).incidents).toEqual([]);
});
