/**
 * Creates the coordination topic (1 partition: its owner in the group is the poster) and the
 * state topic (1 partition, compacted: the newest value per key) when they are missing. Only
 * called with the client of the coordination cluster.
 */
import type { Admin } from 'kafkajs';

/** The topics' names and replication. */
export interface CoordinationTopics {
  topic: string;
  stateTopic: string;
  replicationFactor?: number | undefined;
}

// Small segments roll often, so compaction keeps the state topic at about one record per key
// (and a full read on each poster change stays short).
const STATE_CONFIG: Record<string, string> = {
  'cleanup.policy': 'compact',
  'segment.ms': String(10 * 60_000),
  'min.cleanable.dirty.ratio': '0.1',
  'delete.retention.ms': String(24 * 3_600_000),
};

/** Creates what is missing; existing topics are left as they are. Returns the names created. */
export async function ensureCoordinationTopics(admin: Admin, t: CoordinationTopics): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  // Without a replication factor kafkajs sends -1: the broker's default.replication.factor.
  const rf = t.replicationFactor !== undefined ? { replicationFactor: t.replicationFactor } : {};
  const missing = [
    { topic: t.topic, numPartitions: 1, ...rf },
    { topic: t.stateTopic, numPartitions: 1, ...rf, configEntries: Object.entries(STATE_CONFIG).map(([name, value]) => ({ name, value })) },
  ].filter((x) => !existing.has(x.topic));
  if (missing.length === 0) return [];
  // kafkajs treats "already exists" (another replica was faster) as success.
  await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((m) => m.topic);
}
