/**
 * Coordination on a real Kafka (the lab's target cluster stands in for the bot's own cluster):
 * topics are created as asked, exactly one member of the group is the leader, the role moves when
 * the leader leaves, an ex-leader's fencing commit is refused, and the compacted state topic hands
 * the newest value of each key to another replica.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import { coordinationKafka } from '../../src/coordination/kafka.ts';
import { KafkaLeadership } from '../../src/coordination/kafka-leadership.ts';
import { KafkaState } from '../../src/coordination/kafka-state.ts';
import { ensureCoordinationTopics } from '../../src/coordination/topics.ts';
import type { ClusterConnection } from '../../src/kafka/connection.ts';
import { eventually, uniqueName, useLab } from '../lab/harness.ts';

const lab = useLab();
const conn: ClusterConnection = { alias: 'ops', bootstrap: [lab.bootstrap(lab.connectCluster)], timeoutMs: 5000 };
const kafka = coordinationKafka(conn);
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function topics(p: string): Promise<{ topic: string; stateTopic: string }> {
  const t = { topic: `${p}.coordination`, stateTopic: `${p}.state` };
  const admin = kafka.admin();
  await admin.connect();
  try {
    expect((await ensureCoordinationTopics(admin, t)).sort()).toEqual([t.topic, t.stateTopic].sort());
    // A second replica finds them and creates nothing.
    expect(await ensureCoordinationTopics(admin, t)).toEqual([]);
  } finally {
    await admin.disconnect();
  }
  return t;
}

describe('coordination on Kafka', () => {
  it('creates a 1-partition coordination topic and a compacted 1-partition state topic', async () => {
    const t = await topics(uniqueName('coord'));
    const reader = new ReadOnlyKafka(conn);
    cleanups.push(() => reader.close());
    const all = await reader.topics();
    expect(all.find((x) => x.name === t.topic)?.partitions).toBe(1);
    expect(all.find((x) => x.name === t.stateTopic)?.partitions).toBe(1);
    expect((await reader.topicConfigs([t.stateTopic])).get(t.stateTopic)?.['cleanup.policy']).toBe('compact');
  });

  it('elects exactly one leader; when it leaves another takes over; the ex-leader cannot confirm', async () => {
    const p = uniqueName('elect');
    const t = await topics(p);
    const start = () => KafkaLeadership.start(kafka, { topic: t.topic, group: `${p}-group`, sessionTimeoutMs: 6000 });
    const members = [await start(), await start(), await start()];
    cleanups.push(() => Promise.all(members.map((m) => m.close())));
    const leaderOf = () => eventually('one leader', async () => {
      const leaders = members.filter((m) => m.isLeader());
      return leaders.length === 1 ? leaders[0] : undefined;
    }, 30_000, 100);
    const first = await leaderOf();
    expect(await first.confirm()).toBe(true);
    const changes: boolean[] = [];
    first.onChange((l) => changes.push(l));
    await first.close();
    expect(changes).toEqual([false]);
    expect(await first.confirm()).toBe(false);
    members.splice(members.indexOf(first), 1);
    const second = await leaderOf();
    expect(second).not.toBe(first);
    expect(await second.confirm()).toBe(true);
  });

  it('hands the newest value of each key, and deletions, to another replica', async () => {
    const t = await topics(uniqueName('state'));
    const a = new KafkaState(kafka, conn, t.stateTopic);
    const b = new KafkaState(kafka, conn, t.stateTopic);
    cleanups.push(() => a.close(), () => b.close());
    await a.put('digest:morning', { slot: 1 });
    await a.put('alert:svl->confluent', { incident: { id: 'INC-1' } });
    await a.put('digest:morning', { slot: 2 });
    await a.put('digest:evening', { slot: 9 });
    await a.put('digest:evening', null);
    await b.refresh();
    expect(b.get('digest:morning')).toEqual({ slot: 2 });
    expect(b.get('alert:svl->confluent')).toEqual({ incident: { id: 'INC-1' } });
    expect(b.get('digest:evening')).toBeUndefined();
  });
});
