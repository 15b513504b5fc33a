/**
 * The checkpoints topic as the checks read it: the newest checkpoint of each group and remote
 * partition (the topic is compacted by that key, so the newest is the one that counts), the groups
 * it names and when the newest was written. Several checks and the target view need it: built once
 * per facts (40,000 records at 10,000 groups).
 */
import type { CheckpointRecord, Facts } from '../../model/facts.ts';
import { ByPartition } from './by-partition.ts';
import { oncePerFacts } from './facts.ts';

/** A checkpoint as gathered: where it sits in the topic and when it was written. */
export type StoredCheckpoint = CheckpointRecord & { timestamp: number; offset: bigint };

export interface CheckpointIndex {
  /** Group → remote topic and partition → the newest checkpoint. */
  byGroup: Map<string, ByPartition<StoredCheckpoint>>;
  /** The groups named, sorted. */
  groups: string[];
  /** When the newest record was written; `null` without records. */
  newestAt: number | null;
}

/** `null` when the checkpoints topic could not be read. */
export const checkpointIndex: (facts: Facts) => CheckpointIndex | null = oncePerFacts(build);

function build(facts: Facts): CheckpointIndex | null {
  if (!facts.checkpoints.ok) return null;
  const byGroup = new Map<string, ByPartition<StoredCheckpoint>>();
  let newestAt: number | null = null;
  for (const r of facts.checkpoints.value.records) {
    let g = byGroup.get(r.group);
    if (!g) byGroup.set(r.group, (g = new ByPartition()));
    const seen = g.get(r.topic, r.partition);
    // One key always lands in one partition of the topic, read in order: the higher offset is the newer.
    if (!seen || r.offset > seen.offset) g.set(r.topic, r.partition, r);
    if (newestAt === null || r.timestamp > newestAt) newestAt = r.timestamp;
  }
  return { byGroup, groups: [...byGroup.keys()].sort(), newestAt };
}
