/**
 * Scheduled digests on real MirrorMaker 2: the real config, Doctor, history file and scheduler
 * post to the Slack emulator on a fast cron. The first digest names the seed case's root cause with
 * the offset syncs that flow and the connector states, details in its thread; once a consumer group
 * commits, a later digest says the mirror went from critical to ok and checkpoints moved.
 */
import { afterAll, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createRedactor } from '../../src/runtime/redact.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { verdictChanges } from '../../src/monitor/changes.ts';
import { openHistory } from '../../src/history/open.ts';
import { runConsumerGroup } from '../../src/lab/clients.ts';
import { startSchedules } from '../../src/schedule/runtime.ts';
import { SlackEmulator, type StoredMessage } from '../slack-emulator/index.ts';
import { eventually, uniqueName, useLab } from '../lab/harness.ts';
import { blockIds, blockText } from './helpers.ts';
import { load, mirrorId, seedMirror, stateDir, writeScheduleConfig } from './lab.ts';

const lab = useLab();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

it('posts digests on time with verdict, root cause, progress, connectors and what changed', async () => {
  const p = uniqueName('dig');
  const m = await seedMirror(lab, p, cleanups);
  const emu = await SlackEmulator.start({ rateLimit: { perSecond: 20, burst: 20 } });
  cleanups.push(() => emu.stop());
  const ops = emu.channelId('mm2-ops');
  const dir = await stateDir();
  const config = load(await writeScheduleConfig(lab, m, () => ({ digests: [{ name: p, channel: ops, cron: '*/3 * * * * *', timezone: 'Europe/Berlin', mirrors: [m.sourceAlias] }] })));
  const doctor = createDoctor(config);
  const history = await openHistory(config, dir);
  const logs: string[] = [];
  const line = (...x: unknown[]) => void logs.push(x.map(String).join(' '));
  const schedules = await startSchedules({ config, doctor, history, client: new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl }), stateDir: dir, redactor: createRedactor([]), log: { info: line, warn: line, error: line } });
  cleanups.push(async () => {
    await schedules.stop();
    await history.close();
    await doctor.close();
  });
  const digests = (): StoredMessage[] => emu.messages(ops).filter((x) => blockIds(x).some((id) => id.startsWith(`mm2-digest:${p}:`)));
  const slotOf = (x: StoredMessage) => Number(blockIds(x).find((id) => id.startsWith('mm2-digest:'))!.split(':').pop());
  const id = mirrorId(m);

  // The first slots may come before MM2's first offset sync (a loaded CI machine): wait for one with syncs.
  const first = await eventually('a critical digest with offset syncs', async () => digests().find((x) => /offset syncs (\+\d+ \()?[1-9]\d*/.test(blockText(x)) && blockText(x).includes('no-consumer-groups')), 60_000, 200);
  const text = blockText(first);
  expect(text).toContain(`*${id.replace('>', '&gt;')}* — critical: No consumer group`);
  expect(text).toMatch(/offset syncs (\+\d+ \()?[1-9]\d*/);
  expect(text).toContain('source RUNNING · checkpoint RUNNING · heartbeat RUNNING');
  // On time: Slack's ts is within a few seconds of the slot (a real diagnosis runs in between).
  expect(Number(first.ts) * 1000 - slotOf(first)).toBeLessThan(5000);
  // The full diagnosis follows in the digest's thread, posted right after the digest itself.
  const detail = await eventually('the diagnosis in the digest thread', async () => emu.thread(ops, first.ts)[1], 10_000, 100);
  expect(blockText(detail)).toContain('kafka-consumer-groups.sh');

  await runConsumerGroup(lab.kafka(lab.sourceCluster), { groupId: `${p}-app`, topics: [`${p}-orders`] });
  // A slot can fall between the group's first commit and MM2's first checkpoint: wait for one with checkpoints.
  const recovered = await eventually('a digest saying the mirror recovered', async () => digests().find((x) => blockText(x).includes(`— ok: checkpoints flow`) && /checkpoints \+[1-9]/.test(blockText(x))), 90_000, 250);
  const changed = blockText(recovered);
  expect(changed).toMatch(/critical → ok|_changed:_ [^\n]*→ ok/);
  expect(changed).toMatch(/checkpoints \+[1-9]\d* \(\d+\), newest \d+s ago/);

  // Every digest slot once, 3 s apart.
  const slots = digests().map(slotOf);
  expect(new Set(slots).size).toBe(slots.length);
  expect(slots.every((s, i) => i === 0 || (s - slots[i - 1]!) % 3000 === 0)).toBe(true);

  // Each diagnosis went to history, with the verdict change.
  const entries = await history.list(id);
  expect(entries.every((e) => e.origin === 'digest')).toBe(true);
  expect(verdictChanges(entries)[0]?.to.verdict).toBe('ok');
  expect(logs.filter((l) => /failed|error/i.test(l))).toEqual([]);
}, 180_000);
