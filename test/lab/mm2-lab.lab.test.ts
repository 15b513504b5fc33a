/**
 * The lab is real: MM2 on a real Connect worker mirrors records, writes offset syncs on the
 * source, and checkpoints committed groups on the target — or, in the seed case's state, writes
 * offset syncs but no checkpoint at all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { fileSize, readFrom } from '../../src/lab/jvm.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { decodeCheckpoint, decodeOffsetSync } from '../../src/mm2/codec.ts';
import { eventually, sleep, uniqueName, useLab } from './harness.ts';

const lab = useLab();
const src = lab.sourceCluster;
const tgt = lab.connectCluster;
const reader = (alias: string) => new ReadOnlyKafka({ alias, bootstrap: [lab.bootstrap(alias)], timeoutMs: 5_000 });
const readers = { source: reader(src), target: reader(tgt) };
const mirrors: LabMirror[] = [];

afterAll(async () => {
  for (const m of mirrors) await m.delete();
  await readers.source.close();
  await readers.target.close();
});

/** The group of a checkpoint record, decoded with mm2-doctor's codec (null when it does not decode). */
const checkpointGroup = (key: Buffer | null, value: Buffer | null = Buffer.alloc(20)) => {
  const d = decodeCheckpoint(key, value);
  return d.ok ? d.value.group : null;
};

async function topicExists(k: ReadOnlyKafka, name: string): Promise<boolean> {
  return (await k.topics()).some((t) => t.name === name);
}

describe('the lab runs real MirrorMaker 2', () => {
  it('seed state: offset syncs flow, no group commits, svl.checkpoints.internal stays empty, and the connector logs 0 consumer groups', async () => {
    const topic = uniqueName('seedorders');
    const logFrom = await fileSize(lab.info.connectLog!);
    const m = await lab.addMirror({ topicsPattern: `${topic}.*`, groupsPattern: '.*' });
    mirrors.push(m);
    await produce(lab.kafka(src), topic, 120, { create: { partitions: 2 } });

    const syncs = await eventually('offset syncs on the source', async () => {
      if (!(await topicExists(readers.source, `mm2-offset-syncs.${tgt}.internal`))) return undefined;
      const r = await readers.source.readPartition(`mm2-offset-syncs.${tgt}.internal`, 0, { maxRecords: 10_000 });
      const mine = r.records.filter((x) => x.key?.includes(Buffer.from(topic)));
      return mine.length > 0 ? mine : undefined;
    });
    expect(syncs.length).toBeGreaterThan(0);
    await eventually('records on the target', async () => (await readers.target.topicOffsets(`${src}.${topic}`)).reduce((n, p) => n + p.end, 0n) === 120n);

    // Several checkpoint intervals (1 s) and group refreshes (1 s) pass: still nothing.
    await sleep(5_000);
    const checkpoints = await readers.target.readPartition(`${src}.checkpoints.internal`, 0, { maxRecords: 10_000 });
    expect(checkpoints.records.filter((r) => checkpointGroup(r.key) !== null)).toEqual([]);
    const status = await lab.connect!.status(m.name('checkpoint'));
    expect(status?.connector.state).toBe('RUNNING');
    expect(status?.tasks).toEqual([]); // zero groups → zero tasks (MirrorCheckpointConnector.taskConfigs)
    const log = await readFrom(lab.info.connectLog!, logFrom);
    expect(log).toContain(`Started ${src}->${tgt}.MirrorCheckpointConnector with 0 consumer groups.`);
    await m.delete();
  });

  it('a committing consumer group: records reach svl.<topic>, offset syncs reach mm2-offset-syncs.confluent.internal, a checkpoint for the group reaches svl.checkpoints.internal', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('billing');
    const m = await lab.addMirror({ topicsPattern: `${topic}.*`, groupsPattern: '.*' });
    mirrors.push(m);
    await produce(lab.kafka(src), topic, 200, { create: { partitions: 3 } });
    // A new mirror's tasks start after the shared worker's rebalances; in one CI run the 200 records
    // took over the default 30 s to arrive, so this waits as long as the checkpoint wait below.
    await eventually(
      'records on the target',
      async () => {
        const n = (await readers.target.topicOffsets(`${src}.${topic}`)).reduce((a, p) => a + p.end, 0n);
        if (n === 200n) return true;
        const status = await lab.connect!.status(m.name('source'));
        throw new Error(`${n} of 200 records; source connector ${status?.connector.state ?? 'without a status'}, tasks ${JSON.stringify(status?.tasks.map((t) => t.state) ?? [])}`);
      },
      60_000,
    );
    await runConsumerGroup(lab.kafka(src), { groupId: group, topics: [topic] });

    const mine = await eventually(
      `a checkpoint for ${group} in ${src}.checkpoints.internal`,
      async () => {
        const r = await readers.target.readPartition(`${src}.checkpoints.internal`, 0, { maxRecords: 100_000 });
        const found = r.records.filter((x) => checkpointGroup(x.key) === group);
        return found.length ? found : undefined;
      },
      60_000,
    );
    expect(mine.length).toBeGreaterThan(0);
    // The codec on bytes real MM2 wrote: each checkpoint names the renamed topic, a partition, the
    // group's committed offset upstream (all 200 records were consumed) and a downstream offset.
    const admin = lab.kafka(src).admin();
    await admin.connect();
    const committed = new Map((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]!.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    await admin.disconnect();
    for (const r of mine) {
      const d = decodeCheckpoint(r.key, r.value);
      expect(d.ok).toBe(true);
      if (!d.ok) continue;
      expect(d.value).toMatchObject({ group, topic: `${src}.${topic}`, version: 0, metadata: '' });
      expect(d.value.upstreamOffset).toBeLessThanOrEqual(committed.get(d.value.partition)!);
      expect(d.value.downstreamOffset).toBeGreaterThanOrEqual(0n);
      expect(d.value.downstreamOffset).toBeLessThanOrEqual(d.value.upstreamOffset);
    }
    const syncs = await readers.source.readPartition(`mm2-offset-syncs.${tgt}.internal`, 0, { maxRecords: 100_000 });
    const decoded = syncs.records.map((x) => decodeOffsetSync(x.key, x.value)).filter((d) => d.ok && d.value.topic === topic);
    expect(decoded.length).toBeGreaterThan(0);
    for (const d of decoded) if (d.ok) expect(d.value.partition).toBeLessThan(3);
    const tasks = await lab.connect!.tasks(m.name('checkpoint'));
    expect(tasks.flatMap((t) => (t.config['task.assigned.groups'] ?? '').split(','))).toContain(group);
    await m.delete();
  });

  it('mirrors with their own aliases run side by side without seeing each other', async () => {
    const a = uniqueName('isoa');
    const b = uniqueName('isob');
    const [ma, mb] = await Promise.all(
      [a, b].map((n) => lab.addMirror({ sourceAlias: `${n}s`, targetAlias: `${n}t`, topicsPattern: `${n}-.*`, groupsPattern: `${n}-.*` })),
    );
    mirrors.push(ma!, mb!);
    await Promise.all([a, b].map((n) => produce(lab.kafka(src), `${n}-orders`, 30, { create: { partitions: 1 } })));
    await Promise.all([a, b].map((n) => runConsumerGroup(lab.kafka(src), { groupId: `${n}-app`, topics: [`${n}-orders`] })));
    for (const n of [a, b]) {
      const groups = await eventually(`checkpoints of ${n}`, async () => {
        if (!(await topicExists(readers.target, `${n}s.checkpoints.internal`))) return undefined;
        const r = await readers.target.readPartition(`${n}s.checkpoints.internal`, 0, { maxRecords: 1000 });
        return r.records.length ? new Set(r.records.map((x) => checkpointGroup(x.key))) : undefined;
      }, 60_000);
      expect([...groups]).toEqual([`${n}-app`]);
      expect(await topicExists(readers.source, `mm2-offset-syncs.${n}t.internal`)).toBe(true);
      expect(await topicExists(readers.target, `${n}s.${n}-orders`)).toBe(true);
    }
  });
});
