/**
 * Three bot replicas (real child processes) against one Slack emulator and one coordination topic
 * on the lab: every digest slot is posted once, by the replica that owns partition 0 of the
 * coordination topic in the group; after that replica is killed with SIGKILL the group hands the
 * role to another, which posts the slot(s) missed meanwhile once (one message standing for them)
 * and then every next slot once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import YAML from 'yaml';
import { afterAll, expect, it } from 'vitest';
import { produce } from '../../src/lab/clients.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { SlackEmulator, type StoredMessage } from '../slack-emulator/index.ts';
import { writeLabConfig } from '../lab/diagnose.ts';
import { eventually, uniqueName, useLab } from '../lab/harness.ts';

const lab = useLab();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

const SLOT_MS = 3000;
const CHILD = path.resolve('test/coordination/bot-process.ts');

interface Replica {
  child: ChildProcess;
  events: { event: string; leader?: boolean; outcome?: string; slot?: number; at: number }[];
  leader(): boolean;
}

function startReplica(config: string, stateDir: string, emu: SlackEmulator): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config, stateDir, emu.apiUrl, emu.botToken], { stdio: ['ignore', 'pipe', 'inherit'] });
  const r: Replica = {
    child,
    events: [],
    leader: () => [...r.events].reverse().find((e) => e.event === 'leader' || e.event === 'started')?.leader === true,
  };
  void (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      try {
        r.events.push(JSON.parse(line) as Replica['events'][number]);
      } catch {
        // not an event line
      }
    }
  })();
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((res) => child.once('exit', res));
    }
  });
  return r;
}

/** The slot of a digest message, and the slots it says it also stands for. */
function slotsOf(m: StoredMessage, name: string): { slot: number; covers: number[] } | undefined {
  const blocks = (m.blocks ?? []) as { block_id?: string; elements?: { text?: string }[] }[];
  const marker = blocks.find((b) => b.block_id?.startsWith(`mm2-digest:${name}:`));
  if (!marker) return undefined;
  const text = marker.elements?.map((e) => e.text ?? '').join(' ') ?? '';
  const also = text.split('also stands for')[1] ?? '';
  const covers = [...also.matchAll(/\|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)>/g)].map((x) => Date.parse(x[1]!));
  return { slot: Number(marker.block_id!.split(':').pop()), covers };
}

it('three replicas post each digest exactly once, and still once after the poster is killed with SIGKILL', async () => {
  const p = uniqueName('repl');
  const mirror: LabMirror = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*` });
  cleanups.push(() => mirror.delete());
  await produce(lab.kafka(lab.sourceCluster), `${p}-orders`, 20, { create: { partitions: 1 } });

  const emu = await SlackEmulator.start({ rateLimit: { perSecond: 20, burst: 20 } });
  cleanups.push(() => emu.stop());
  const file = await writeLabConfig(lab, mirror);
  const doc = YAML.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown> & { clusters: Record<string, unknown> };
  doc.clusters.ops = { bootstrap: lab.bootstrap(lab.connectCluster) };
  doc.coordination = { cluster: 'ops', topic: `${p}.coordination`, stateTopic: `${p}.state`, group: `${p}-bots`, sessionTimeoutMs: 6000 };
  doc.digests = [{ name: p, channel: emu.channelId('mm2-ops'), cron: `*/${SLOT_MS / 1000} * * * * *`, mirrors: [`${mirror.sourceAlias}->${mirror.targetAlias}`] }];
  await fs.writeFile(file, YAML.stringify(doc));

  const replicas = await Promise.all([0, 1, 2].map(async (i) => startReplica(file, await fs.mkdtemp(path.join(os.tmpdir(), `mm2-bot${i}-`)), emu)));
  const digests = () => emu.messages('mm2-ops').map((m) => slotsOf(m, p)).filter((x) => x !== undefined);

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
