/**
 * Gathers every fact about one mirror, in parallel, each under its own timeout, each failure kept
 * as a fact. This is the only place a diagnosis does I/O, and it only reads: no offsets committed,
 * no topic created, no consumer group joined on the user's clusters.
 */
import type {
  ConnectFacts,
  DecodedTopic,
  EffectiveSettings,
  Facts,
  GatherError,
  Gathered,
  GroupFacts,
  InternalTopicNames,
  TopicFacts,
} from '../model/facts.ts';
import type { LogExplanation } from '../logs/explain.ts';
import { classifyKafkaError, type ClusterConnection } from '../kafka/connection.ts';
import { ReadOnlyKafka, type RawRecord } from '../kafka/read-only-kafka.ts';
import { decodeCheckpoint, decodeOffsetSync, type Decoded } from '../mm2/codec.ts';
import { internalTopics, lookAlikeTopics, replicationPolicy } from '../mm2/policy.ts';
import { ConnectRestError, gatherConnect, type ConnectTarget } from './connect.ts';
import { failedBecause, timed } from './timed.ts';

export interface GatherRequest {
  mirror: { name: string; sourceAlias: string; targetAlias: string };
  source: ClusterConnection;
  target: ClusterConnection;
  connect?: ConnectTarget;
  /** The mirror's effective MM2 settings, given the live connector configs when Connect answered. */
  settings: (live: ConnectFacts | undefined) => EffectiveSettings;
  /** Most records decoded per internal topic (newest are what matter; the read stops early). */
  maxRecords?: number;
  logs?: LogExplanation;
  now?: () => number;
}

function connectError(err: unknown, url: string): GatherError {
  if (err instanceof ConnectRestError) return { kind: err.kind, message: err.message, operation: 'Kafka Connect REST' };
  return { kind: 'error', message: `Kafka Connect at ${url}: ${(err as Error).message}`, operation: 'Kafka Connect REST' };
}

async function decodeTopic<T>(
  k: ReadOnlyKafka,
  topic: string,
  cluster: 'source' | 'target',
  decode: (key: Buffer | null, value: Buffer | null) => Decoded<T>,
  maxRecords: number,
): Promise<DecodedTopic<T>> {
  // MM2 writes and reads partition 0 only (OffsetSyncWriter, MirrorCheckpointTask, OffsetSyncStore).
  const read = await k.readPartition(topic, 0, { maxRecords });
  const out: DecodedTopic<T> = { topic, cluster, records: [], corrupt: [], truncated: read.truncated };
  for (const r of read.records as RawRecord[]) {
    const d = decode(r.key, r.value);
    if (d.ok) out.records.push({ ...d.value, offset: r.offset, timestamp: r.timestamp });
    else out.corrupt.push({ partition: 0, offset: r.offset, reason: d.error.message, code: d.error.code });
  }
  return out;
}

export async function gatherFacts(req: GatherRequest): Promise<Facts> {
  const now = req.now ?? Date.now;
  const maxRecords = req.maxRecords ?? 50_000;
  const src = new ReadOnlyKafka(req.source);
  const tgt = new ReadOnlyKafka(req.target);
  const onSrc = (op: string) => (err: unknown) => classifyKafkaError(err, req.source, op);
  const onTgt = (op: string) => (err: unknown) => classifyKafkaError(err, req.target, op);
  try {
    const [source, target, connect] = await Promise.all([
      timed(() => src.describeCluster(), onSrc('describeCluster')),
      timed(() => tgt.describeCluster(), onTgt('describeCluster')),
      req.connect ? timed(() => gatherConnect(req.connect!), (e) => connectError(e, req.connect!.url)) : Promise.resolve(undefined),
    ]);

    const settings = req.settings(connect?.ok ? connect.value : undefined);
    const v = settings.values;
    const policy = replicationPolicy({
      className: v['replication.policy.class'],
      separator: v['replication.policy.separator'],
      internalTopicSeparatorEnabled: v['replication.policy.internal.topic.separator.enabled'],
      sourceClusterAlias: settings.sourceAlias,
      kafkaVersion: settings.kafkaVersion,
    });
    // Names as the checkpoint connector computes them: its own aliases (target.cluster.alias
    // defaults to "target" in MirrorConnectorConfig), so the alias trap shows up as a wrong name.
    const flow = {
      policy,
      sourceAlias: v['source.cluster.alias'] ?? settings.sourceAlias,
      targetAlias: v['target.cluster.alias'] ?? settings.targetAlias,
      offsetSyncsTopicLocation: v['offset-syncs.topic.location'] === 'target' ? ('target' as const) : ('source' as const),
    };
    const names = internalTopics(flow);
    const topicNames: InternalTopicNames = {
      checkpoints: names.checkpoints.name,
      offsetSyncs: { name: names.offsetSyncs.name, cluster: names.offsetSyncs.cluster },
      heartbeats: names.heartbeats.name,
    };
    const onCluster = (role: 'source' | 'target') => (role === 'source' ? { k: src, up: source, on: onSrc } : { k: tgt, up: target, on: onTgt });

    const topicList = (role: 'source' | 'target'): Promise<Gathered<TopicFacts[]>> => {
      const c = onCluster(role);
      return c.up.ok ? timed(() => c.k.topics(), c.on('Metadata')) : Promise.resolve(failedBecause(c.up, `listing topics on ${role}`));
    };
    const [sourceTopics, targetTopics, sourceGroups] = await Promise.all([
      topicList('source'),
      topicList('target'),
      source.ok
        ? timed(
            () => src.groups({ classify: (e, op) => classifyKafkaError(e, req.source, op) }),
            onSrc('describing consumer groups (ListGroups hides the groups a principal may not DESCRIBE)'),
          )
        : Promise.resolve(failedBecause<GroupFacts[]>(source, 'listing consumer groups on source')),
    ]);

    /** One internal topic: absent (null), or its partitions, configs and offsets. */
    const internalTopic = async (role: 'source' | 'target', name: string, list: Gathered<TopicFacts[]>): Promise<Gathered<TopicFacts | null>> => {
      if (!list.ok) return failedBecause(list, `looking up ${name}`);
      const found = list.value.find((t) => t.name === name);
      if (!found) return { ok: true, value: null, ms: 0 };
      const c = onCluster(role);
      return timed(async () => {
        const [configs, offsets] = await Promise.all([c.k.topicConfigs([name]), c.k.topicOffsets(name)]);
        return { ...found, configs: configs.get(name) ?? {}, offsets };
      }, c.on(`describe ${name}`));
    };
    const topicsOf = (role: 'source' | 'target') => (role === 'source' ? sourceTopics : targetTopics);
    const [checkpointsTopic, offsetSyncsTopic] = await Promise.all([
      internalTopic('target', topicNames.checkpoints, targetTopics),
      internalTopic(topicNames.offsetSyncs.cluster, topicNames.offsetSyncs.name, topicsOf(topicNames.offsetSyncs.cluster)),
    ]);

    const read = <T>(topic: Gathered<TopicFacts | null>, role: 'source' | 'target', decode: (k: Buffer | null, v: Buffer | null) => Decoded<T>): Promise<Gathered<DecodedTopic<T>>> => {
      if (!topic.ok) return Promise.resolve(failedBecause(topic, 'reading'));
      if (!topic.value) return Promise.resolve({ ok: true, value: { topic: '', cluster: role, records: [], corrupt: [], truncated: false }, ms: 0 });
      const c = onCluster(role);
      const name = topic.value.name;
      return timed(() => decodeTopic(c.k, name, role, decode, maxRecords), c.on(`reading ${name}`));
    };
    const [offsetSyncs, checkpoints] = await Promise.all([
      read(offsetSyncsTopic, topicNames.offsetSyncs.cluster, decodeOffsetSync),
      read(checkpointsTopic, 'target', decodeCheckpoint),
    ]);

    const lookalikeTopics = lookAlikeTopics(flow)
      .filter((l) => {
        const list = topicsOf(l.cluster);
        return list.ok && list.value.some((t) => t.name === l.name);
      })
      .map((l) => ({ cluster: l.cluster, name: l.name }));

    return {
      mirror: req.mirror,
      now: now(),
      settings,
      topicNames,
      source,
      target,
      sourceTopics,
      targetTopics,
      sourceGroups,
      checkpointsTopic,
      offsetSyncsTopic,
      lookalikeTopics,
      offsetSyncs,
      checkpoints,
      ...(connect && { connect }),
      ...(req.logs && { logs: req.logs }),
    };
  } finally {
    await Promise.all([src.close(), tgt.close()]);
  }
}
