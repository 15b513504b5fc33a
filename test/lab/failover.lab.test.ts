/**
 * The failover drill: does the bot's prediction hold when consumers really move to the target?
 *
 * A producer writes numbered records to the source while a consumer of group `<p>-app` processes
 * and commits them, and stops at a fixed offset per partition. MM2 mirrors with
 * sync.group.offsets.enabled (every second) and writes the group's offsets to the target. The bot
 * predicts, per partition, where the group resumes on the target and how many records it re-reads.
 * Then MM2 and the source consumer stop, the same group starts on the target, and the test counts
 * the records it reads that the source consumer had already processed.
 *
 * Tolerance, from MM2's translation rule: MM2 translates an offset g past a sync s to
 * `s.downstream + 1` (OffsetSyncStore.translateDownstream @3.9 L141-159), because it cannot know
 * how many of the upstream offsets between s and g became records on the target. The bot reports
 * the group's position on the target as `s.downstream + (g − s.upstream)` and the least it can be,
 * `s.downstream + 1` (reRead / reReadMin). The true re-read lies in `[reReadMin, reRead]`; it equals
 * `reRead` when every upstream offset between s and g is one replicated record: no transaction
 * markers, no compaction, no filtered records. This drill's topic has none of them, so the
 * prediction must match EXACTLY (tolerance 0), and the test also checks the general bound.
 *
 * Run with offset.lag.max at its default (100: a sync at most every 101 records) and at 0 (a sync
 * for every record MM2 can send). Re-reads are not bounded by offset.lag.max for a group that
 * stopped well behind the newest sync: MM2's store keeps only 64 syncs per partition, spaced
 * exponentially back from the newest (OffsetSyncStore @3.9, invariants A-D), so it may translate
 * from a sync far below the group (a first run measured 186 re-reads with offset.lag.max 100, and
 * the bot had predicted 186).
 */
import { describe, expect, it } from 'vitest';
import type { Consumer } from 'kafkajs';
import { createTopic } from '../../src/lab/clients.ts';
import { main, type Io } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import type { JsonFailover } from '../../src/render/json/failover.ts';
import { readinessLine } from '../../src/model/failover.ts';
import { diagnoseLab, summary, writeLabConfig } from './diagnose.ts';
import { eventually, sleep, uniqueName } from './harness.ts';
import { scenarioKit } from './scenario.ts';
import { startBot } from '../slack/harness.ts';
import { expectFailoverContract } from '../support/failover-contract.ts';

const { lab, src, tgt, cleanups, mirror } = scenarioKit();

/** Where the source consumer stops on each partition (the next offset it would read). */
const STOP = [233, 187];
const PER_PARTITION = 300;

interface PartitionOutcome {
  partition: number;
  /** The offset syncs of this partition, as MM2 wrote them (what its translation could use). */
  syncs: { upstream: bigint; downstream: bigint }[];
  predicted: { resumeAt: bigint | null; reRead: bigint | null; reReadMin: bigint | null; skipped: bigint | null; status: string };
  measured: { firstOffset: bigint | null; reRead: number; unprocessedOnTarget: number; unprocessedRead: number };
}

function quietIo(): Io & { stdout: string; stderr: string } {
  const r = { stdout: '', stderr: '', out: (s: string) => void (r.stdout += `${s}\n`), err: (s: string) => void (r.stderr += `${s}\n`), readStdin: async () => '', env: process.env, cwd: process.cwd() };
  return r;
}

async function endOffsets(cluster: string, topic: string): Promise<bigint[]> {
  const admin = lab.kafka(cluster).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => BigInt(p.high));
  } catch {
    return [];
  } finally {
    await admin.disconnect();
  }
}

async function committed(cluster: string, group: string, topic: string): Promise<string> {
  const admin = lab.kafka(cluster).admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return JSON.stringify((t?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => p.offset));
  } finally {
    await admin.disconnect();
  }
}

async function drill(lagMax: number | undefined, opts: { slack: boolean }): Promise<PartitionOutcome[]> {
  const p = uniqueName(lagMax === 0 ? 'drillz' : 'drill');
  const topic = `${p}-orders`;
  const remote = `${p}s.${topic}`;
  const group = `${p}-app`;
  const m = await mirror(p, {
    ...(lagMax !== undefined && { sourceConnector: { config: { 'offset.lag.max': lagMax } } }),
    checkpointConnector: { config: { 'sync.group.offsets.enabled': true, 'sync.group.offsets.interval.seconds': 1 } },
  });
  await createTopic(lab.kafka(src), topic, { partitions: 2 });

  // The producer: numbered records in bursts, partition by number.
  const producer = lab.kafka(src).producer();
  await producer.connect();
  cleanups.push(() => producer.disconnect());
  let seq = 0;
  const producing = (async () => {
    while (seq < 2 * PER_PARTITION) {
      const messages = Array.from({ length: 40 }, () => ({ partition: seq % 2, value: String(seq++) }));
      await producer.send({ topic, messages });
      await sleep(120);
    }
  })();

  // The source consumer: processes, commits what it processed after each batch, stops at STOP.
  const processed = new Set<string>();
  const stopped = new Set<number>();
  const consumer: Consumer = lab.kafka(src).consumer({ groupId: group, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  cleanups.push(() => consumer.disconnect());
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const stop = BigInt(STOP[batch.partition]!);
      let last: bigint | null = null;
      for (const msg of batch.messages) {
        const offset = BigInt(msg.offset);
        if (offset >= stop) break;
        processed.add(msg.value!.toString());
        resolveOffset(msg.offset);
        last = offset;
      }
      if (last !== null) await consumer.commitOffsets([{ topic, partition: batch.partition, offset: String(last + 1n) }]);
      if ((last ?? -1n) + 1n >= stop) {
        consumer.pause([{ topic, partitions: [batch.partition] }]);
        stopped.add(batch.partition);
      }
      await heartbeat();
    },
  });
  await producing;
  await eventually('the source consumer at its stop offsets', async () => stopped.size === 2, 30_000);
  expect(await committed(src, group, topic)).toBe(JSON.stringify(STOP.map(String)));

  // MM2 has replicated everything and written the group's offsets to the target, and they settled.
  let seen = '';
  let since = Date.now();
  await eventually(
    'MM2 replicated and synced the group, and nothing moves any more',
    async () => {
      const [ends, offs] = [await endOffsets(tgt, remote), await committed(tgt, group, remote)];
      const state = JSON.stringify([ends.map(String), offs]);
      if (ends.length !== 2 || ends.some((e) => e !== BigInt(PER_PARTITION)) || offs.includes('"-1"') || offs === '[]') return false;
      if (state !== seen) {
        seen = state;
        since = Date.now();
        return false;
      }
      return Date.now() - since >= 4_000;
    },
    // MM2 syncs group offsets on its own schedule; on a loaded 2-core CI machine it has taken over a
    // minute (the wait failed once at 60 s, with the test's own state stalled, not wrong).
    120_000,
    500,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last seen [target log ends, target group offsets]: ${seen}`);
  });

  // The prediction, through the product: the Doctor, the CLI's --json contract, and Slack.
  const d = await diagnoseLab(lab, m);
  const readiness = d.failover!;
  const g = readiness.groups.find((x) => x.group === group);
  expect(g, summary(d)).toBeDefined();
  const configFile = await writeLabConfig(lab, m);
  const io = quietIo();
  const exit = await main(['failover', `${p}s`, '--config', configFile, '--json'], io);
  const json = JSON.parse(io.stdout) as JsonFailover;
  expectFailoverContract(json);
  const jg = json.groups.find((x) => x.group === group)!;
  expect(jg.partitions.map((x) => [x.partition, x.resumeAt, x.reRead])).toEqual(g!.partitions.map((x) => [x.partition, String(x.resumeAt), String(x.reRead)]));
  expect(exit).toBe(json.groups.some((x) => x.readiness === 'not-ready') ? 2 : json.groups.some((x) => x.readiness === 'degraded') ? 1 : 0);
  if (opts.slack) {
    const loaded = loadConfig(configFile);
    if (!loaded.ok) throw new Error('lab config invalid');
    const doctor = createDoctor(loaded.config);
    const h = await startBot(doctor);
    cleanups.push(() => doctor.close());
    cleanups.push(() => h.stop());
    h.emu.socket.slashCommand({ command: '/mm2', text: `failover ${p}s`, channel: h.ops });
    const reply = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((x) => x.text.includes('groups ready') || x.text.includes('group ready')), 20_000);
    expect(reply.text).toBe(`${p}s-&gt;${p}t: ${readinessLine(readiness)}`);
    expect(JSON.stringify(reply.blocks)).toContain(group);
  }

  // Failover: MM2 and the source consumer stop; the same group starts on the target.
  await m.pause('source');
  await m.pause('checkpoint');
  for (const kind of ['source', 'checkpoint'] as const) await lab.connect!.waitForStatus(m.name(kind), (s) => s.connector.state === 'PAUSED' && s.tasks.every((t) => t.state === 'PAUSED'), 'PAUSED');
  await consumer.disconnect();
  const targetEnds = await endOffsets(tgt, remote);
  const read = new Map<number, { offset: bigint; value: string }[]>([[0, []], [1, []]]);
  const onTarget = lab.kafka(tgt).consumer({ groupId: group, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await onTarget.connect();
  cleanups.push(() => onTarget.disconnect());
  await onTarget.subscribe({ topic: remote, fromBeginning: false });
  const next = new Map<number, bigint>();
  await onTarget.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      read.get(partition)!.push({ offset: BigInt(message.offset), value: message.value!.toString() });
      next.set(partition, BigInt(message.offset) + 1n);
    },
  });
  await eventually('the target consumer at the end of both partitions', async () => [0, 1].every((i) => (next.get(i) ?? -1n) >= targetEnds[i]!), 30_000);
  await onTarget.disconnect();

  // What was on the target and not processed on the source: all of it must have been read (no skip).
  const allOnTarget = await (async () => {
    const k = lab.kafka(tgt).consumer({ groupId: `${p}-audit`, maxWaitTimeInMs: 100 });
    const values = new Map<number, string[]>([[0, []], [1, []]]);
    await k.connect();
    await k.subscribe({ topic: remote, fromBeginning: true });
    const at = new Map<number, bigint>();
    await k.run({ eachMessage: async ({ partition, message }) => void (values.get(partition)!.push(message.value!.toString()), at.set(partition, BigInt(message.offset) + 1n)) });
    await eventually('reading the whole remote topic', async () => [0, 1].every((i) => (at.get(i) ?? -1n) >= targetEnds[i]!), 30_000);
    await k.disconnect();
    return values;
  })();

  return [0, 1].map((partition): PartitionOutcome => {
    const pp = g!.partitions.find((x) => x.partition === partition)!;
    const got = read.get(partition)!;
    const readValues = new Set(got.map((r) => r.value));
    const unprocessed = allOnTarget.get(partition)!.filter((v) => !processed.has(v));
    return {
      partition,
      syncs: d.facts.offsetSyncs.ok ? d.facts.offsetSyncs.value.records.filter((r) => r.topic === topic && r.partition === partition).map((r) => ({ upstream: r.upstreamOffset, downstream: r.downstreamOffset })) : [],
      predicted: { resumeAt: pp.resumeAt, reRead: pp.reRead, reReadMin: pp.reReadMin, skipped: pp.skipped, status: pp.status },
      measured: {
        firstOffset: got[0]?.offset ?? null,
        reRead: got.filter((r) => processed.has(r.value)).length,
        unprocessedOnTarget: unprocessed.length,
        unprocessedRead: unprocessed.filter((v) => readValues.has(v)).length,
      },
    };
  });
}

function check(outcomes: PartitionOutcome[], label: string): void {
  console.log(`[failover drill, ${label}] ${JSON.stringify(outcomes.map(({ syncs, ...o }) => ({ ...o, syncs: syncs.length })), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  for (const o of outcomes) {
    // MM2's rule, on real data: the offset it wrote is `sync.downstream + 1` of a sync below the
    // group's offset (or that sync's own downstream offset when the sync is exactly there).
    const g = BigInt(STOP[o.partition]!);
    expect(o.syncs.some((s) => s.upstream <= g && s.downstream + (s.upstream === g ? 0n : 1n) === o.predicted.resumeAt), `partition ${o.partition}: ${o.predicted.resumeAt} is no translation of ${g}`).toBe(true);
    // Resumes where predicted.
    expect(o.measured.firstOffset, `partition ${o.partition}`).toBe(o.predicted.resumeAt);
    // Re-reads: exactly the prediction (tolerance 0, see the file comment), and within MM2's bound.
    expect(o.predicted.reRead, `partition ${o.partition}`).not.toBeNull();
    expect(BigInt(o.measured.reRead), `partition ${o.partition}`).toBe(o.predicted.reRead);
    expect(BigInt(o.measured.reRead)).toBeGreaterThanOrEqual(o.predicted.reReadMin!);
    expect(BigInt(o.measured.reRead)).toBeLessThanOrEqual(o.predicted.reRead!);
    // Nothing skipped, as predicted.
    expect(o.predicted.skipped).toBe(0n);
    expect(o.measured.unprocessedRead).toBe(o.measured.unprocessedOnTarget);
  }
}

describe('failover drill on the real lab', () => {
  it('offset.lag.max at its default (100): the predicted re-reads are the measured ones', async () => {
    const outcomes = await drill(undefined, { slack: true });
    check(outcomes, 'offset.lag.max=100');
  }, 180_000);

  it('offset.lag.max = 0: the predicted re-reads are the measured ones', async () => {
    const outcomes = await drill(0, { slack: false });
    check(outcomes, 'offset.lag.max=0');
  }, 180_000);
});
