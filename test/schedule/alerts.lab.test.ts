/**
 * Alerts on real MirrorMaker 2: a mirror with no committing group opens one incident; pausing its
 * checkpoint connector changes the root cause (a reply in the alert's thread, the alert updated in
 * place); resuming it with a committing group resolves the incident. One alert throughout.
 */
import { afterAll, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createRedactor } from '../../src/runtime/redact.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { openHistory } from '../../src/history/open.ts';
import { runConsumerGroup } from '../../src/lab/clients.ts';
import { startSchedules } from '../../src/schedule/runtime.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { eventually, uniqueName, useLab } from '../lab/harness.ts';
import { blockText } from './helpers.ts';
import { load, mirrorId, seedMirror, stateDir, writeScheduleConfig } from './lab.ts';

const lab = useLab();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

it('opens an incident once, updates it in its thread and in place, and resolves it', async () => {
  const p = uniqueName('alrt');
  const m = await seedMirror(lab, p, cleanups);
  const emu = await SlackEmulator.start({ rateLimit: { perSecond: 20, burst: 20 } });
  cleanups.push(() => emu.stop());
  const alerts = emu.channelId('kafka-alerts');
  const dir = await stateDir();
  const config = load(await writeScheduleConfig(lab, m, () => ({ alerts: { renotifyMinutes: 0, routes: [{ mirrors: [m.sourceAlias], channel: alerts }] } })));
  const doctor = createDoctor(config);
  const history = await openHistory(config, dir);
  const schedules = await startSchedules({
    config,
    doctor,
    history,
    client: new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl }),
    stateDir: dir,
    redactor: createRedactor([]),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    alertIntervalMs: 1000,
  });
  cleanups.push(async () => {
    await schedules.stop();
    await history.close();
    await doctor.close();
  });
  const id = mirrorId(m);

  const alert = await eventually('the alert', async () => emu.messages(alerts).find((x) => x.text.includes('critical — No consumer group')), 60_000, 200);
  const inc = /INC-[0-9A-Z]{6}/.exec(alert.text)![0];
  expect(alert.text.startsWith(`${inc} ${id.replace('>', '&gt;')}: critical — No consumer group on ${m.sourceAlias}`)).toBe(true);
  expect(blockText(alert)).toContain('kafka-consumer-groups.sh');

  await m.pause('checkpoint');
  await eventually('an update in the thread', async () => emu.thread(alerts, alert.ts).some((x) => blockText(x).includes('root cause changed') && blockText(x).includes('checkpoint-connector-not-running')), 60_000, 200);
  await eventually('the alert updated in place', async () => emu.messages(alerts).find((x) => x.ts === alert.ts)!.history.length >= 1 && emu.messages(alerts).find((x) => x.ts === alert.ts)!.text.includes('critical'), 10_000, 200);

  await m.resume('checkpoint');
  await runConsumerGroup(lab.kafka(lab.sourceCluster), { groupId: `${p}-app`, topics: [`${p}-orders`] });
  await eventually('resolved', async () => emu.thread(alerts, alert.ts).some((x) => blockText(x).includes(`*${inc}* resolved`)), 120_000, 250);
  // The reply goes to the thread first and the alert is updated in place right after
  // (src/schedule/alert-job.ts `act`): wait for the update rather than race it.
  const resolved = `${inc} ${id.replace('>', '&gt;')}: resolved`;
  await eventually('the alert updated to resolved', async () => emu.messages(alerts).find((x) => x.ts === alert.ts)!.text === resolved, 10_000, 100);
  const final = emu.messages(alerts).find((x) => x.ts === alert.ts)!;
  expect(final.text).toBe(resolved);

  // One alert for the whole incident; every later message went to its thread.
  expect(emu.messages(alerts).filter((x) => x.text.includes(id.replace('>', '&gt;')))).toHaveLength(1);
  expect(emu.thread(alerts, alert.ts).filter((x) => x.ts !== alert.ts).length).toBeGreaterThanOrEqual(2);
  expect((await history.list(id)).every((e) => e.origin === 'alert')).toBe(true);
}, 240_000);
