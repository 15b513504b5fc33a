/**
 * One view of every checkpointed consumer group on both clusters, per mirrored partition: the
 * source group's committed offset, where the offset syncs place it on the target, MM2's translation
 * of it, the newest checkpoint, the target group's committed offset and whether MM2 is still
 * catching up there. Shared by the target-offset checks and the failover readiness
 * (src/doctor/failover.ts). Pure; computed once per facts.
 */
import type { Facts, GroupFacts, PartitionEnds } from '../../model/facts.ts';
import { explainTopicReplication } from '../../mm2/filters.ts';
import { checkpointTopicName } from '../../mm2/policy.ts';
import { liveSyncs, positionIn, type OffsetSync, type ReplicatedPosition, type Translation } from '../../mm2/translate.ts';
import { ByPartition } from './by-partition.ts';
import { checkpointIndex, type StoredCheckpoint } from './checkpoints.ts';
import { analyzeGroups } from './groups.ts';
import { logEntries } from './logs.ts';
import { booleanSetting, numberSetting, policyOf, topicFilterOf } from './mirror.ts';
import { syncView } from './translation.ts';
import { connectOf, oncePerFacts, valueOf } from './facts.ts';

/** Why a partition cannot be judged yet: MM2 is still catching up, not broken. */
export type PendingReason =
  /** The offset-syncs store of the checkpoint task has not finished its first read (from the logs). */
  | { kind: 'stores-loading'; evidence: string }
  /** No sync for the partition yet while its remote partition is absent, empty or still filling up. */
  | { kind: 'not-replicated-yet'; evidence: string }
  /** The source log end is more than `offset.lag.max` past the newest sync and the group is beyond that sync. */
  | { kind: 'replication-behind'; evidence: string };

/** One mirrored partition of one group. */
export interface PartitionState {
  /** Source topic and partition. */
  topic: string;
  partition: number;
  /** The target topic checkpoints and synced offsets name (`svl.orders`). */
  remoteTopic: string;
  /** The source group's committed offset (its next record), `null` when it has none there. */
  committed: bigint | null;
  sourceEnd: bigint | null;
  targetEnd: bigint | null;
  /** What MM2 translates `committed` to right now (the next checkpoint's downstream offset), via its OffsetSyncStore. */
  translation: Translation | null;
  /** Where `committed` lies on the target per the syncs (the inverse of MM2's conservative translation). */
  position: ReplicatedPosition;
  /** The newest checkpoint of this group and partition. */
  checkpoint: StoredCheckpoint | null;
  /** The target group's committed offset on the remote partition. */
  targetCommitted: bigint | null;
  pending: PendingReason | null;
}

/** One group on both clusters. */
export interface GroupState {
  group: string;
  /** On the source; `null` when only the checkpoints name it. */
  source: GroupFacts | null;
  /** On the target; `null` when the target groups were not read. */
  target: GroupFacts | null;
  /** Members on the target (any state but Empty / Dead): MM2's commits for it are refused. */
  activeOnTarget: boolean;
  partitions: PartitionState[];
  newestCheckpointAt: number | null;
}

/** The mirror's groups on both clusters, with the settings that decide the target-offset sync. */
export interface TargetView {
  groups: GroupState[];
  /** Target groups were read (the target answered). */
  targetRead: boolean;
  /** `sync.group.offsets.enabled` (default false). */
  syncEnabled: boolean;
  syncIntervalMs: number;
  emitIntervalMs: number;
  /** `offset.lag.max` of the source connector (default 100). */
  lagMax: number;
  /** Mirror-wide: the checkpoint task's stores are still loading (from the logs). */
  storesLoading: string | null;
}


/** Kafka's group states in which a group has no member (kafkajs reports `Empty`, `Dead`). */
const IDLE_STATES = new Set(['Empty', 'Dead', 'Unknown', '']);

/** True when the target group has members: MM2's OffsetCommit (generation -1, no member id) is refused. */
export function isActive(g: GroupFacts | null): boolean {
  return !!g && (g.members.length > 0 || !IDLE_STATES.has(g.state));
}

function endsMap(list: PartitionEnds[] | undefined): ByPartition<PartitionEnds> {
  const m = new ByPartition<PartitionEnds>();
  for (const p of list ?? []) m.set(p.topic, p.partition, p);
  return m;
}

/**
 * From the logs: the offset-syncs store's first read has started and not finished, or the task
 * refused a translation because that read is still in progress (OffsetSyncStore @3.9 L125-131).
 * A store start that timed out on ≤ 3.8 keeps loading too (KAFKA-17242) until "… took N ms".
 */
export function storesLoading(facts: Facts): string | null {
  const last = (code: string) =>
    logEntries(facts, 'evidence')
      .concat(logEntries(facts, 'cause'))
      .filter((e) => e.code === code)
      .map((e) => e.last ?? e.first ?? '')
      .sort()
      .at(-1);
  const loaded = last('offset-syncs-loaded') ?? last('stores-started');
  const starting = last('offset-syncs-loading');
  if (starting !== undefined && (loaded === undefined || starting > loaded)) return `the checkpoint task started reading the offset-syncs topic${starting ? ` at ${starting}` : ''} and has not logged "Finished reading KafkaBasedLog" since`;
  const refused = last('translate-skipped-loading');
  if (refused !== undefined && (loaded === undefined || refused > loaded)) return `the checkpoint task logged "Skipped (initial offset syncs read still in progress)"${refused ? ` at ${refused}` : ''}`;
  const timedOut = logEntries(facts, 'cause').filter((e) => e.code === 'offset-sync-store-failed' && /timed out/.test(e.sample)).map((e) => e.last ?? '').sort().at(-1);
  if (timedOut !== undefined && (loaded === undefined || timedOut > loaded)) return `the offset-sync store start timed out${timedOut ? ` at ${timedOut}` : ''} and is still loading (the timeout is only a message before Kafka 3.9, KAFKA-17242)`;
  return null;
}

/** The live syncs of each source partition (since its last upstream rewind, ascending), for positionIn. */
function syncsByPartition(facts: Facts): ByPartition<readonly OffsetSync[]> {
  const all = new ByPartition<OffsetSync[]>();
  const t = valueOf(facts.offsetSyncs);
  for (const r of t?.records ?? []) {
    let a = all.get(r.topic, r.partition);
    if (!a) all.set(r.topic, r.partition, (a = []));
    a.push(r);
  }
  const live = new ByPartition<readonly OffsetSync[]>();
  for (const a of all.values()) live.set(a[0]!.topic, a[0]!.partition, liveSyncs(a));
  return live;
}

/** Builds (once per facts) the view of every candidate or checkpointed group; `null` when the source groups and the checkpoints are both unknown. */
export const targetView: (facts: Facts) => TargetView | null = oncePerFacts(build);

function build(facts: Facts): TargetView | null {
  const analysis = analyzeGroups(facts);
  const cps = valueOf(facts.checkpoints);
  if (!analysis && !cps) return null;
  const policy = policyOf(facts);
  const { sourceAlias, targetAlias } = facts.mirror;
  const remoteNames = new Map<string, string>();
  const remoteOf = (topic: string) => {
    let r = remoteNames.get(topic);
    if (r === undefined) remoteNames.set(topic, (r = checkpointTopicName(policy, sourceAlias, targetAlias, topic)));
    return r;
  };
  const sv = syncView(facts);
  const syncs = syncsByPartition(facts);
  const srcEnds = endsMap(valueOf(facts.sourceEndOffsets));
  const tgtEnds = endsMap(valueOf(facts.targetEndOffsets));
  const targetGroups = valueOf(facts.targetGroups);
  const targetById = new Map((targetGroups ?? []).map((g) => [g.groupId, g]));
  const configuredLag = Number(facts.settings.source.offsetLagMax.value);
  const lagMax = Number.isSafeInteger(configuredLag) && configuredLag >= 0 ? configuredLag : 100;
  const lagMaxN = BigInt(lagMax);
  const loading = storesLoading(facts);
  const connect = connectOf(facts);
  // A source connector that exists and is not RUNNING replicates nothing: its partitions are not "pending".
  const sourceStopped = !!connect && (!connect.source || connect.source.state !== 'RUNNING' || connect.source.tasks.some((t) => t.state !== 'RUNNING'));
  const ctx = { topicFilter: topicFilterOf(facts), policy, targetAlias };
  const replicatedBy = new Map<string, boolean>();
  const replicated = (topic: string) => {
    let r = replicatedBy.get(topic);
    if (r === undefined) replicatedBy.set(topic, (r = explainTopicReplication(ctx, topic).replicated !== false));
    return r;
  };

  // Newest checkpoint per group / remote topic / partition (the topic is compacted by that key).
  const newest = checkpointIndex(facts)?.byGroup ?? new Map<string, ByPartition<StoredCheckpoint>>();

  // The source topic behind a remote topic named by a checkpoint.
  const sourceTopicOf = new Map<string, string>();
  for (const v of analysis?.views ?? []) for (const o of v.mirroredCommits) sourceTopicOf.set(remoteOf(o.topic), o.topic);
  for (const t of valueOf(facts.sourceTopics) ?? []) if (!sourceTopicOf.has(remoteOf(t.name))) sourceTopicOf.set(remoteOf(t.name), t.name);

  const candidates = new Map((analysis?.candidates ?? []).map((v) => [v.group.groupId, v]));
  const ids = [...new Set([...candidates.keys(), ...newest.keys()])].sort();
  // A group only the checkpoints name is looked up among all views: by id, not by a scan per group.
  const viewById = new Map((analysis?.views ?? []).map((v) => [v.group.groupId, v]));
  const groups: GroupState[] = ids.map((group) => {
    const view = candidates.get(group);
    const sourceGroup = view?.group ?? viewById.get(group)?.group ?? null;
    const target = targetById.get(group) ?? null;
    const tgtOffsets = new ByPartition<bigint>();
    if (target?.offsets.ok) for (const o of target.offsets.value) tgtOffsets.set(o.topic, o.partition, o.offset);
    const cpOf = newest.get(group);
    // Partitions: every committed mirrored partition (with its offset), plus every checkpointed one (by remote topic).
    const parts = new ByPartition<{ topic: string; partition: number; remoteTopic: string; committed: bigint | null }>();
    for (const o of view?.mirroredCommits ?? []) {
      const remoteTopic = remoteOf(o.topic);
      parts.set(remoteTopic, o.partition, { topic: o.topic, partition: o.partition, remoteTopic, committed: o.offset });
    }
    for (const cp of cpOf?.values() ?? []) {
      if (!parts.has(cp.topic, cp.partition)) parts.set(cp.topic, cp.partition, { topic: sourceTopicOf.get(cp.topic) ?? policy.originalTopic(cp.topic), partition: cp.partition, remoteTopic: cp.topic, committed: null });
    }
    const partitions = parts
      .values()
      .slice()
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
      .map((p): PartitionState => {
        const committed = p.committed;
        const partSyncs = syncs.get(p.topic, p.partition) ?? [];
        const srcEnd = srcEnds.get(p.topic, p.partition) ?? null;
        const tgtEnd = tgtEnds.get(p.remoteTopic, p.partition) ?? null;
        const translation = committed !== null && sv ? sv.index.translate(p.topic, p.partition, committed) : null;
        const position = committed !== null ? positionIn(partSyncs, committed) : ({ kind: 'unknown' } as const);
        let pending: PendingReason | null = null;
        if (loading) pending = { kind: 'stores-loading', evidence: loading };
        else if (!sourceStopped && committed !== null && replicated(p.topic)) {
          const newestSync = partSyncs[partSyncs.length - 1];
          // MM2 writes a sync for the first record of a partition it replicates (noPreviousSyncThisLifetime,
          // OffsetSyncWriter @3.9 L171): no sync while the remote partition is absent, empty or still
          // filling up means the syncs are not there YET. A filled-up remote partition without one is broken.
          const remoteCount = !newestSync && tgtEnd ? tgtEnd.end - tgtEnd.start : 0n;
          if (!newestSync && srcEnd && srcEnd.end > srcEnd.start && remoteCount < srcEnd.end - srcEnd.start) {
            const where = !tgtEnd ? `${p.remoteTopic} does not exist yet` : remoteCount === 0n ? `${p.remoteTopic}-${p.partition} is still empty` : `${p.remoteTopic}-${p.partition} holds ${remoteCount} of them so far`;
            pending = {
              kind: 'not-replicated-yet',
              evidence: `${p.topic}-${p.partition} holds offsets ${srcEnd.start}..${srcEnd.end} on ${sourceAlias}; ${where} on ${targetAlias} and no offset sync names the partition (MM2 writes one for the first record it replicates)`,
            };
          } else if (newestSync && srcEnd && committed > newestSync.upstreamOffset && srcEnd.end - 1n > newestSync.upstreamOffset + lagMaxN) {
            pending = {
              kind: 'replication-behind',
              evidence: `${p.topic}-${p.partition} ends at ${srcEnd.end} on ${sourceAlias} but the newest offset sync is for upstream offset ${newestSync.upstreamOffset} (more than offset.lag.max = ${lagMax} behind); the group's offset ${committed} is past it`,
            };
          }
        }
        return {
          topic: p.topic,
          partition: p.partition,
          remoteTopic: p.remoteTopic,
          committed,
          sourceEnd: srcEnd?.end ?? null,
          targetEnd: tgtEnd?.end ?? null,
          translation,
          position,
          checkpoint: cpOf?.get(p.remoteTopic, p.partition) ?? null,
          targetCommitted: tgtOffsets.get(p.remoteTopic, p.partition) ?? null,
          pending,
        };
      });
    let newestCheckpointAt: number | null = null;
    for (const c of cpOf?.values() ?? []) if (newestCheckpointAt === null || c.timestamp > newestCheckpointAt) newestCheckpointAt = c.timestamp;
    return { group, source: sourceGroup, target, activeOnTarget: isActive(target), partitions, newestCheckpointAt };
  });

  return {
    groups,
    targetRead: !!targetGroups,
    syncEnabled: booleanSetting(facts, 'sync.group.offsets.enabled') === true,
    syncIntervalMs: numberSetting(facts, 'sync.group.offsets.interval.seconds') * 1000,
    emitIntervalMs: numberSetting(facts, 'emit.checkpoints.interval.seconds') * 1000,
    lagMax,
    storesLoading: loading,
  };
}

/** `host` as kafkajs reports it (`/10.1.2.3`), without the leading slash. */
export function hostOf(h: string): string {
  return h.replace(/^\//, '');
}

/** Members of a target group as `clientId@host`, deduplicated. */
export function membersOf(g: GroupFacts): string[] {
  return [...new Set(g.members.map((m) => `${m.clientId}@${hostOf(m.host)}`))].sort();
}
