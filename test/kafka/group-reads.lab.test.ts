/**
 * Reading many consumer groups against a real broker (issue 13): batched FindCoordinator v4 and
 * OffsetFetch v8 where the broker's ApiVersions answer offers them, one group per request where it
 * does not, at most `perBroker` requests in flight, and the same facts either way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyKafkaError } from '../../src/kafka/connection.ts';
import { ReadOnlyKafka, type ReadOnlyKafkaOptions } from '../../src/kafka/read-only-kafka.ts';
import { commitGroups, createTopic } from '../../src/lab/clients.ts';
import type { GroupFacts } from '../../src/model/facts.ts';
import { uniqueName, useLab } from '../lab/harness.ts';

const lab = useLab();
const conn = { alias: 'svl', bootstrap: [lab.bootstrap(lab.sourceCluster)], timeoutMs: 30_000 };
const p = uniqueName('grp');
const GROUPS = 1_100;
/** What was committed: group → "topic/partition=offset" lines. */
const committed = new Map<string, string[]>();

async function read(opts: ReadOnlyKafkaOptions): Promise<{ mine: GroupFacts[]; all: number; k: ReadOnlyKafka }> {
  const k = new ReadOnlyKafka(conn, opts);
  try {
    const groups = await k.groups({ classify: (e, op) => classifyKafkaError(e, conn, op) });
    return { mine: groups.filter((g) => committed.has(g.groupId)), all: groups.length, k };
  } finally {
    await k.close();
  }
}

const offsetsOf = (g: GroupFacts) => (g.offsets.ok ? g.offsets.value.map((o) => `${o.topic}/${o.partition}=${o.offset}`).sort() : [`error: ${g.offsets.error.message}`]);

beforeAll(async () => {
  const kafka = lab.kafka(lab.sourceCluster);
  await createTopic(kafka, `${p}-orders`, { partitions: 3 });
  await createTopic(kafka, `${p}-payments`, { partitions: 2 });
  const groups = Array.from({ length: GROUPS }, (_, i) => {
    const topic = i % 2 ? `${p}-payments` : `${p}-orders`;
    const offsets = Array.from({ length: i % 2 ? 2 : 3 }, (_, part) => i + part);
    committed.set(`${p}-app-${i}`, offsets.map((o, part) => `${topic}/${part}=${o}`).sort());
    return { groupId: `${p}-app-${i}`, topic, offsets };
  });
  await commitGroups(lab.bootstrap(lab.sourceCluster), groups);
});

describe('reading consumer groups on a real broker', () => {
  it('batched: every group with exactly its committed offsets, in ⌈groups / batch⌉ requests of each kind', async () => {
    const { mine, all, k } = await read({ groupBatch: 400 });
    expect(mine).toHaveLength(GROUPS);
    for (const g of mine) expect(offsetsOf(g), g.groupId).toEqual(committed.get(g.groupId));
    expect(mine.every((g) => g.state === 'Empty' && g.protocolType === '')).toBe(true);
    // One broker in the lab: it coordinates every group.
    const requests = Math.ceil(all / 400);
    expect(k.stats.requests).toEqual({ FindCoordinator: requests, DescribeGroups: requests, OffsetFetch: requests });
  });

  it('a broker that offers only one-group versions is read one group per request, with the same facts', async () => {
    const batched = await read({});
    // What a Kafka 2.x broker answers in ApiVersions: FindCoordinator ≤ 3, OffsetFetch ≤ 7.
    const old = await read({ maxVersions: { OffsetFetch: 7, FindCoordinator: 3 }, perBroker: 16 });
    expect(old.mine.map((g) => [g.groupId, g.state, offsetsOf(g)])).toEqual(batched.mine.map((g) => [g.groupId, g.state, offsetsOf(g)]));
    expect(old.k.stats.requests.OffsetFetch).toBe(old.all);
    expect(old.k.stats.requests.FindCoordinator).toBe(old.all);
    expect(batched.k.stats.requests.OffsetFetch).toBeLessThan(10);
  });

  it('each request kind is gated on its own version: batched coordinators, per-group offsets', async () => {
    const { mine, all, k } = await read({ maxVersions: { OffsetFetch: 7 }, groupBatch: 500 });
    expect(mine).toHaveLength(GROUPS);
    expect(k.stats.requests.FindCoordinator).toBe(Math.ceil(all / 500));
    expect(k.stats.requests.OffsetFetch).toBe(all);
  });

  it('never more than perBroker requests in flight to one broker', async () => {
    const { mine, k } = await read({ maxVersions: { OffsetFetch: 7 }, perBroker: 3 });
    expect(mine).toHaveLength(GROUPS);
    expect(k.stats.maxInFlightPerBroker).toBe(3);
  });

  it('concurrent reads on one client share one answer', async () => {
    const k = new ReadOnlyKafka(conn, { groupBatch: 10_000 });
    try {
      const classify = (e: unknown, op: string) => classifyKafkaError(e, conn, op);
      const [a, b, c] = await Promise.all([k.groups({ classify }), k.groups({ classify }), k.groups({ classify })]);
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect(k.stats.requests.OffsetFetch).toBe(1);
      const again = await k.groups({ classify });
      expect(again).not.toBe(a); // nothing is cached once the read is done
    } finally {
      await k.close();
    }
  });
});
