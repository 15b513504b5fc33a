/**
 * `npm run bench:read`: how to read an MM2 internal topic without side effects.
 * Side by side on one real cluster with the broker's default `group.initial.rebalance.delay.ms`
 * (3000 ms): (a) kafkajs's public consumer, which must join a group; (b) mm2-doctor's group-less
 * reader (Fetch through kafkajs's Cluster/Broker internals). Also counts what each leaves behind.
 */
import { Kafka, logLevel } from 'kafkajs';
import { Lab } from '../src/lab/lab.ts';
import { produce } from '../src/lab/clients.ts';
import { ReadOnlyKafka } from '../src/kafka/read-only-kafka.ts';

const RECORDS = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const lab = await Lab.start({ clusters: [{ alias: 'bench', groupInitialRebalanceDelayMs: 3000 }], connect: false });
try {
  const bootstrap = lab.bootstrap('bench');
  await produce(lab.kafka('bench'), 'mm2-offset-syncs.bench.internal', RECORDS, { create: { partitions: 1, configs: { 'cleanup.policy': 'compact' } } });
  const kafka = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const groupsBefore = (await admin.listGroups()).groups.length;

  const viaConsumer = async (i: number) => {
    const t = performance.now();
    const consumer = kafka.consumer({ groupId: `bench-reader-${i}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'mm2-offset-syncs.bench.internal', fromBeginning: true });
    let n = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({ autoCommit: false, eachMessage: async () => { if (++n === RECORDS) resolve(); } });
    });
    await consumer.disconnect();
    return performance.now() - t;
  };
  const viaReader = async () => {
    const t = performance.now();
    const r = new ReadOnlyKafka({ alias: 'bench', bootstrap: [bootstrap], timeoutMs: 10_000 });
    const { records } = await r.readPartition('mm2-offset-syncs.bench.internal', 0, { maxRecords: RECORDS });
    await r.close();
    if (records.length !== RECORDS) throw new Error(`read ${records.length} records`);
    return performance.now() - t;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await viaConsumer(i));
    b.push(await viaReader());
  }
  const groupsAfter = (await admin.listGroups()).groups.length;
  await admin.disconnect();
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log(`\nReading ${RECORDS} records of one partition, ${RUNS} runs each (median), broker group.initial.rebalance.delay.ms=3000\n`);
  console.log('| reader | median | groups left on the cluster |');
  console.log('|---|---|---|');
  console.log(`| kafkajs consumer (joins a group) | ${med(a).toFixed(0)} ms | ${groupsAfter - groupsBefore} |`);
  console.log(`| group-less Fetch (mm2-doctor) | ${med(b).toFixed(0)} ms | 0 |`);
  console.log(`| ratio | ${(med(a) / med(b)).toFixed(1)}× | |`);
} finally {
  await lab.stop();
}
