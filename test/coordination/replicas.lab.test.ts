/**
 * Three bot replicas (real child processes) against one Slack emulator and one coordination topic
 * on the lab: every digest slot is posted once, by the replica that owns partition 0 of the
 * coordination topic in the group; after that replica is killed with SIGKILL the group hands the
 * role to another, which posts the slot(s) missed meanwhile once (one message standing for them)
 * and then every next slot once.
 */
import { afterAll, expect, it } from 'vitest';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { eventually, uniqueName, useLab } from '../lab/harness.ts';
import { digestSlots, replicaSetup, startReplica } from './replicas.ts';

const lab = useLab();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

const SLOT_MS = 3000;

it('three replicas post each digest exactly once, and still once after the poster is killed with SIGKILL', async () => {
  const p = uniqueName('repl');
  const emu = await SlackEmulator.start({ rateLimit: { perSecond: 20, burst: 20 } });
  cleanups.push(() => emu.stop());
  const { file } = await replicaSetup(lab, p, emu, SLOT_MS, cleanups);

  const replicas = await Promise.all([0, 1, 2].map(() => startReplica(file, emu, cleanups)));
  const digests = () => emu.messages('mm2-ops').map((m) => digestSlots(m, p)).filter((x) => x !== undefined);

  // All three joined, one of them is the poster, and it has posted a few slots.
  await eventually('three replicas, one poster', async () => replicas.every((r) => r.events.some((e) => e.event === 'started')) && replicas.filter((r) => r.leader()).length === 1, 60_000, 200);
  const firstCount = digests().length;
  await eventually('three digests with all replicas up', async () => digests().length >= firstCount + 3, 30_000, 200);

  const poster = replicas.find((r) => r.leader())!;
  poster.child.kill('SIGKILL');
  const killedAt = Date.now();
  const before = digests().length;
  await eventually('a new poster', async () => replicas.filter((r) => r !== poster && r.leader()).length === 1, 30_000, 200);
  await eventually('three digests after the kill', async () => digests().length >= before + 3, 40_000, 200);

  const all = digests();
  const posted = all.map((d) => d.slot);
  const covered = all.flatMap((d) => d.covers);
  // No slot posted twice, and no slot both posted and stood for.
  expect(new Set(posted).size, `posted slots ${posted.join(',')}`).toBe(posted.length);
  expect(covered.filter((c) => posted.includes(c))).toEqual([]);
  // Every slot from the first to the last is accounted for exactly once: posted, or stood for.
  const accounted = [...posted, ...covered].sort((a, b) => a - b);
  const expected = Array.from({ length: (accounted.at(-1)! - accounted[0]!) / SLOT_MS + 1 }, (_, i) => accounted[0]! + i * SLOT_MS);
  expect(accounted).toEqual(expected);
  // The group needs the session timeout (6 s) to replace a killed member: slots fell in that gap
  // and the new poster's late digest stands for them.
  expect(covered.length).toBeGreaterThanOrEqual(1);
  // The slots after the kill were posted by the new poster.
  const next = replicas.find((r) => r !== poster && r.leader())!;
  const after = posted.filter((s) => s > killedAt);
  expect(after.length).toBeGreaterThanOrEqual(2);
  const byNext = next.events.filter((e) => e.event === 'digest' && e.outcome === 'posted').map((e) => e.slot);
  expect(byNext).toEqual(expect.arrayContaining(after.slice(0, -1)));
}, 180_000);
