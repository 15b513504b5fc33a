/**
 * `npm run bench:groups`: how to read 10,000 consumer groups' committed offsets, measured on one
 * real broker (the mechanism behind `gatherFacts`'s `sourceGroups`). In one run, side by side,
 * each the median of BENCH_RUNS reads of the same groups:
 * - kafkajs's admin, one group at a time (admin.fetchOffsets: FindCoordinator + OffsetFetch v4 per
 *   group; what mm2-doctor did before issue 13), 32 groups at a time;
 * - ReadOnlyKafka.groups() as a pre-3.0 broker is read (OffsetFetch and FindCoordinator capped at
 *   their one-group versions by `maxVersions`): the per-group fallback;
 * - ReadOnlyKafka.groups() batched (FindCoordinator v4, OffsetFetch v8) for several batch sizes
 *   and per-broker in-flight bounds: what chose GROUP_BATCH and PER_BROKER_IN_FLIGHT.
 */
import os from 'node:os';
import { Lab } from '../src/lab/lab.ts';
import { commitGroups, createTopic } from '../src/lab/clients.ts';
import { classifyKafkaError } from '../src/kafka/connection.ts';
import { ReadOnlyKafka, type ReadOnlyKafkaOptions } from '../src/kafka/read-only-kafka.ts';
import { mapLimit } from '../src/util/map-limit.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PARTITIONS = 6;

const lab = await Lab.start({ connect: false, log: (l) => console.error(`lab: ${l}`) });
try {
  const kafka = lab.kafka('svl');
  await createTopic(kafka, 'bench-orders', { partitions: PARTITIONS });
  let t = performance.now();
  await commitGroups(lab.bootstrap('svl'), Array.from({ length: GROUPS }, (_, i) => ({ groupId: `app-${i}`, topic: 'bench-orders', offsets: Array.from({ length: PARTITIONS }, () => 10 + (i % 50)) })));
  console.error(`bench: ${GROUPS} groups committed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const conn = { alias: 'svl', bootstrap: [lab.bootstrap('svl')], timeoutMs: 30_000 };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  const rows: [string, number, number, number, string][] = [];
  const measure = async (name: string, read: () => Promise<{ groups: number; requests: string }>) => {
    const times: number[] = [];
    let last = { groups: 0, requests: '' };
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      last = await read();
      times.push(performance.now() - t);
    }
    if (last.groups < GROUPS) throw new Error(`${name}: read ${last.groups} groups`);
    rows.push([name, median(times), Math.min(...times), Math.max(...times), last.requests]);
    console.error(`bench: ${name}: ${median(times).toFixed(0)} ms`);
  };
  const viaReader = (opts: ReadOnlyKafkaOptions) => async () => {
    const k = new ReadOnlyKafka(conn, opts);
    try {
      const groups = await k.groups({ classify: (e, op) => classifyKafkaError(e, conn, op) });
      const bad = groups.filter((g) => !g.offsets.ok || g.offsets.value.length !== PARTITIONS);
      if (bad.length) throw new Error(`${bad.length} groups read wrong, e.g. ${JSON.stringify(bad[0], (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
      const r = k.stats.requests;
      return { groups: groups.length, requests: `${r.FindCoordinator} FindCoordinator, ${r.DescribeGroups} DescribeGroups, ${r.OffsetFetch} OffsetFetch; ≤ ${k.stats.maxInFlightPerBroker} in flight` };
    } finally {
      await k.close();
    }
  };
  await measure('kafkajs admin, one group at a time (before issue 13), 32 in flight', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ids = (await admin.listGroups()).groups.map((g) => g.groupId);
      for (let i = 0; i < ids.length; i += 100) await admin.describeGroups(ids.slice(i, i + 100));
      await mapLimit(ids, 32, (groupId) => admin.fetchOffsets({ groupId }));
      return { groups: ids.length, requests: `${ids.length * 2} FindCoordinator, ${Math.ceil(ids.length / 100)} DescribeGroups, ${ids.length} OffsetFetch` };
    } finally {
      await admin.disconnect();
    }
  });
  await measure('fallback: one group per request (broker before 3.0), 32 in flight', viaReader({ maxVersions: { OffsetFetch: 7, FindCoordinator: 3 }, perBroker: 32 }));
  for (const [batch, perBroker] of [[100, 4], [500, 1], [500, 4], [1000, 4], [2000, 4], [10_000, 1]] as const) {
    await measure(`batched: ${batch} groups per request, ${perBroker} in flight`, viaReader({ groupBatch: batch, perBroker }));
  }
  console.log(`\nKafka ${lab.version}, ${os.cpus().length} cores, ${GROUPS} groups × ${PARTITIONS} committed partitions, one broker, median of ${RUNS} (min–max)\n`);
  console.log('| how | median | min–max | requests |');
  console.log('|---|---|---|---|');
  for (const [name, med, min, max, req] of rows) console.log(`| ${name} | ${med.toFixed(0)} ms | ${min.toFixed(0)}–${max.toFixed(0)} ms | ${req} |`);
} finally {
  await lab.stop();
}
