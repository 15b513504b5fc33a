/**
 * Synthetic facts of a large, healthy mirror for the in-process benchmark (bench/checks.bench.ts):
 * `groups` consumer groups, each committing on `partitions` partitions of the mirrored `orders`
 * topic, all checkpointed, their offsets synced to the target (sync.group.offsets.enabled), the
 * offset syncs and both clusters' log ends read. Built on the unit tests' healthy fixture, so the
 * rest of the facts (Connect, Strimzi, topics) look like what the gatherer produces.
 * A few groups are made interesting so findings and readiness notes are not all alike: every 97th
 * re-reads more than the threshold, every 101st has members on the target.
 */
import type { CheckpointRecord, Facts, GroupFacts, OffsetSyncRecord } from '../src/model/facts.ts';
import * as fx from '../test/fixtures/facts.ts';

export function syntheticFacts(groups: number, partitions = 4): Facts {
  const topicPartitions = Math.max(partitions, 8);
  let f = fx.withCheckpointConfig(fx.fixHealthyFacts(), { 'sync.group.offsets.enabled': 'true' });
  const syncs: Array<OffsetSyncRecord & { timestamp: number; offset: bigint }> = [];
  let syncOffset = 0n;
  // Each partition: syncs every 1,000 upstream offsets up to 20,000 (the compacted topic keeps the newest per partition; MM2 keeps more in memory).
  for (let p = 0; p < topicPartitions; p++) for (let u = 0n; u <= 20_000n; u += 1_000n) syncs.push(fx.fixSync('orders', p, u, u, fx.NOW - 30 * fx.MIN + Number(u), syncOffset++));
  const sourceGroups: GroupFacts[] = [];
  const targetGroups: GroupFacts[] = [];
  const checkpoints: Array<CheckpointRecord & { timestamp: number; offset: bigint }> = [];
  let cpOffset = 0n;
  for (let i = 0; i < groups; i++) {
    const id = `app-bench-${String(i).padStart(5, '0')}`;
    const offsets: Array<[string, number, bigint]> = [];
    const targetOffsets: Array<[string, number, bigint]> = [];
    for (let k = 0; k < partitions; k++) {
      const p = (i + k) % topicPartitions;
      const committed = 15_000n + BigInt((i * 7 + k * 13) % 4_000);
      offsets.push(['orders', p, committed]);
      // MM2's translation: the sync at or below, +1 (the checkpoint lags the group when heavy).
      const lagging = i % 97 === 0 ? 2_500n : 0n;
      const upstream = committed - lagging;
      const downstream = (upstream / 1_000n) * 1_000n + 1n;
      checkpoints.push(fx.fixCheckpoint(id, 'svl.orders', p, upstream, downstream, fx.NOW - 2 * fx.MIN, cpOffset++));
      targetOffsets.push(['svl.orders', p, downstream]);
    }
    sourceGroups.push(fx.fixGroup(id, { offsets }));
    targetGroups.push(fx.fixTargetGroup(id, { offsets: targetOffsets, ...(i % 101 === 0 && { members: [[`${id}-client`, `10.0.${i % 250}.7`]] }) }));
  }
  f = fx.withGroups(f, sourceGroups);
  f = fx.withSyncRecords(f, syncs);
  f = fx.withCheckpointRecords(f, checkpoints);
  f = fx.withTargetGroups(f, targetGroups);
  const ends = Array.from({ length: topicPartitions }, (_, p): [string, number, bigint] => ['orders', p, 20_000n]);
  f = fx.withEndOffsets(
    f,
    ends,
    ends.map(([, p, e]) => ['svl.orders', p, e]),
  );
  f.sourceTopics = f.sourceTopics.ok ? { ...f.sourceTopics, value: f.sourceTopics.value.map((t) => (t.name === 'orders' ? { ...t, partitions: topicPartitions } : t)) } : f.sourceTopics;
  f.targetTopics = f.targetTopics.ok ? { ...f.targetTopics, value: f.targetTopics.value.map((t) => (t.name === 'svl.orders' ? { ...t, partitions: topicPartitions } : t)) } : f.targetTopics;
  return f;
}
