/**
 * The only door from mm2-doctor to a user's cluster, and it only reads.
 *
 * - Admin calls are the read-only subset of kafkajs's Admin. `fetchOffsets` is never given
 *   `resolveOffsets: true`: kafkajs then *commits* offsets for the group (admin/index.js, setOffsets).
 * - Internal topics are read without a consumer group: kafkajs's consumer always joins one (and
 *   pays `group.initial.rebalance.delay.ms`, 3 s by default, and leaves a group behind on the
 *   user's cluster), so the reader sends Fetch requests itself through kafkajs's Cluster/Broker
 *   internals, the way a `assign()`-only Java consumer does. See README "Reading internal topics".
 */
import { AssignerProtocol, Kafka, type Admin } from 'kafkajs';
import Cluster from 'kafkajs/src/cluster/index.js';
import { createLogger, LEVELS } from 'kafkajs/src/loggers/index.js';
import socketFactory from 'kafkajs/src/network/socketFactory.js';
import { isAuthorizationError, kafkajsConfig, UnusableConnectionError, type ClusterConnection } from './connection.ts';
import type { ClusterFacts, GatherError, GroupFacts, GroupOffset, RequiredAcl, TopicFacts } from '../model/facts.ts';
import { mapLimit } from '../util/map-limit.ts';

export interface RawRecord {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
}

/** A group name nobody uses, asked about only to learn whether group ACLs hide groups from us. */
export const GROUP_VISIBILITY_PROBE = 'mm2-doctor-group-visibility-probe';
/** A topic name nobody uses, asked about only to learn whether topic ACLs hide topics from us. */
export const TOPIC_VISIBILITY_PROBE = 'mm2-doctor-topic-visibility-probe';

/**
 * An authorization failure, with the ACL the broker checked. Which ACL each API checks is
 * KafkaApis.scala @3.9: Metadata, ListOffsets and OffsetFetch's topic filter Topic:DESCRIBE;
 * Fetch Topic:READ; DescribeConfigs Topic:DESCRIBE_CONFIGS; FindCoordinator, DescribeGroups and
 * OffsetFetch Group:DESCRIBE. READ implies DESCRIBE (AclOperation, StandardAuthorizerData).
 */
export class AclDeniedError extends Error {
  override name = 'AclDeniedError';
  constructor(
    readonly type: string,
    readonly acl: RequiredAcl,
    readonly originalError: unknown,
    message = `${type}: ${acl.operation} on ${acl.resource} ${acl.name}`,
  ) {
    super(message);
  }
}

function typeOf(err: unknown): string | undefined {
  for (let e = err as { type?: string; originalError?: unknown; cause?: unknown } | undefined, i = 0; e && i < 6; i++) {
    if (e.type) return e.type;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return undefined;
}

/** Runs `p`; an authorization failure comes back as an AclDeniedError naming `acl`. */
async function needs<T>(acl: RequiredAcl, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AclDeniedError || !isAuthorizationError(err)) throw err;
    throw new AclDeniedError(typeOf(err) ?? 'AUTHORIZATION_FAILED', acl, err);
  }
}

const topicAcl = (name: string, operation: RequiredAcl['operation']): RequiredAcl => ({ resource: 'topic', name, operation });
const groupAcl = (name: string): RequiredAcl => ({ resource: 'group', name, operation: 'Describe' });

export class DeadlineError extends Error {
  override name = 'KafkaJSRequestTimeoutError';
}

/** Rejects with a timeout error when `ms` passes first. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}


export class ReadOnlyKafka {
  private readonly kafka: Kafka;
  private adminClient: Admin | undefined;
  private cluster: InstanceType<typeof Cluster> | undefined;

  constructor(readonly conn: ClusterConnection) {
    this.kafka = new Kafka(kafkajsConfig(conn));
  }

  private async admin(): Promise<Admin> {
    if (this.conn.unusable) throw new UnusableConnectionError(this.conn.unusable);
    if (!this.adminClient) {
      const a = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } });
      await withTimeout(a.connect(), this.conn.timeoutMs, 'connect');
      this.adminClient = a;
    }
    return this.adminClient;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.adminClient?.disconnect(), this.cluster?.disconnect()]);
  }

  async describeCluster(): Promise<ClusterFacts> {
    const d = await withTimeout((await this.admin()).describeCluster(), this.conn.timeoutMs, 'describeCluster');
    return { alias: this.conn.alias, bootstrap: this.conn.bootstrap.join(','), brokers: d.brokers, controllerId: d.controller, clusterId: d.clusterId };
  }

  /** Every topic with its partition count (one Metadata request). */
  /**
   * Every topic with its partition count (one Metadata request). Metadata for all topics silently
   * leaves out the topics the principal may not DESCRIBE (KafkaApis.handleTopicMetadataRequest), so
   * a topic missing from the list could be hidden, not absent: a probe first asks for a topic name
   * no one uses, which a principal allowed to DESCRIBE every topic learns does not exist, and any
   * other gets TOPIC_AUTHORIZATION_FAILED. Then the list cannot be trusted, and this says so.
   */
  async topics(): Promise<TopicFacts[]> {
    const admin = await this.admin();
    await withTimeout(this.topicVisibilityProbe(), this.conn.timeoutMs, 'Metadata probe');
    const md = await withTimeout(admin.fetchTopicMetadata(), this.conn.timeoutMs, 'fetchTopicMetadata');
    return md.topics.map((t) => ({ name: t.name, partitions: t.partitions.length })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Whether a topic missing from `topics()` exists after all, asked by name: UNKNOWN_TOPIC_OR_PARTITION
   * means it does not; TOPIC_AUTHORIZATION_FAILED (an AclDeniedError) that it may be hidden.
   */
  async topicExists(topic: string): Promise<boolean> {
    const cluster = await this.rawCluster();
    const nodeId = cluster.getNodeIds()[0];
    if (nodeId === undefined) await withTimeout(cluster.refreshMetadata(), this.conn.timeoutMs, 'Metadata');
    const broker = await cluster.findBroker({ nodeId: cluster.getNodeIds()[0]! });
    try {
      await needs(topicAcl(topic, 'Describe'), withTimeout(broker.metadata([topic]), this.conn.timeoutMs, `Metadata ${topic}`));
      return true;
    } catch (err) {
      if (typeOf(err) === 'UNKNOWN_TOPIC_OR_PARTITION') return false;
      throw err;
    }
  }

  /** Throws an AclDeniedError (Topic:'*' DESCRIBE) when topics can be hidden from this principal. */
  private async topicVisibilityProbe(): Promise<void> {
    try {
      await this.topicExists(TOPIC_VISIBILITY_PROBE);
    } catch (err) {
      if (err instanceof AclDeniedError) {
        throw new AclDeniedError(err.type, topicAcl('*', 'Describe'), err, `${err.type}: Metadata hides the topics this principal may not DESCRIBE`);
      }
      // Any other answer is no authorization verdict; the real calls say what is wrong.
    }
  }

  async topicConfigs(names: string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    if (!names.length) return out;
    const admin = await this.admin();
    // kafkajs throws on the first resource with an error (describeConfigs/v0/response.js), so one name per call names the denied topic.
    const res = await needs(
      topicAcl(names.length === 1 ? names[0]! : '*', 'DescribeConfigs'),
      withTimeout(admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: 2 /* TOPIC */, name })) }), this.conn.timeoutMs, 'describeConfigs'),
    );
    for (const r of res.resources) {
      if (r.errorCode !== 0) continue;
      out.set(r.resourceName, Object.fromEntries(r.configEntries.map((c) => [c.configName, c.configValue])));
    }
    return out;
  }

  /** Earliest and latest offset of each partition. */
  async topicOffsets(topic: string): Promise<{ partition: number; start: bigint; end: bigint }[]> {
    const admin = await this.admin();
    const o = await needs(topicAcl(topic, 'Describe'), withTimeout(admin.fetchTopicOffsets(topic), this.conn.timeoutMs, `ListOffsets ${topic}`));
    return o.map((p) => ({ partition: p.partition, start: BigInt(p.low), end: BigInt(p.high) })).sort((a, b) => a.partition - b.partition);
  }

  /**
   * Consumer groups with state, members (assignments decoded) and committed offsets. OffsetFetch
   * runs per group (kafkajs speaks OffsetFetch v4, one group per request), `concurrency` at a time;
   * a group whose offsets are denied keeps that as its own `offsets` error.
   */
  async groups(opts: { concurrency?: number; classify: (err: unknown, op: string) => GatherError }): Promise<GroupFacts[]> {
    const admin = await this.admin();
    const t = this.conn.timeoutMs;
    const listed = await withTimeout(admin.listGroups(), t, 'listGroups');
    // ListGroups never fails for lack of ACLs: the broker silently returns only the groups the
    // principal may DESCRIBE (KafkaApis.handleListGroupsRequest), even with Cluster:DESCRIBE for the
    // list itself. An empty or partial list would then read as "no consumer groups". Probe with a
    // FindCoordinator for a group name no one uses: GROUP_AUTHORIZATION_FAILED means this principal
    // cannot see every group. Read-only: asking about a group that does not exist creates nothing.
    await withTimeout(this.groupVisibilityProbe(), t, 'FindCoordinator probe');
    // OffsetFetch for all partitions silently drops the topics the principal may not DESCRIBE
    // (KafkaApis.handleOffsetFetchRequest, "Clients are not allowed to see offsets for topics that
    // are not authorized for Describe"): a group would look as if it committed nothing there.
    await withTimeout(this.topicVisibilityProbe(), t, 'Metadata probe');
    // Connect workers' own groups (protocolType "connect") are not consumer groups; MM2's
    // listConsumerGroups keeps only "consumer" and "" (KafkaAdminClient.listConsumerGroups).
    const ids = listed.groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId).sort();
    const described = new Map<string, Awaited<ReturnType<Admin['describeGroups']>>['groups'][number]>();
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const d = await withTimeout(this.coordinatorDenial(batch, admin.describeGroups(batch)), t, 'describeGroups');
      for (const g of d.groups) described.set(g.groupId, g);
    }
    return mapLimit(ids, opts.concurrency ?? 32, async (groupId): Promise<GroupFacts> => {
      const d = described.get(groupId);
      const start = Date.now();
      let offsets: GroupFacts['offsets'];
      try {
        // No `topics`: all committed partitions. Never `resolveOffsets` (it commits).
        const res = await withTimeout(this.coordinatorDenial([groupId], admin.fetchOffsets({ groupId })), t, `OffsetFetch ${groupId}`);
        const value: GroupOffset[] = res.flatMap((r) =>
          r.partitions
            .filter((p) => p.offset !== '-1')
            .map((p) => ({ topic: r.topic, partition: p.partition, offset: BigInt(p.offset), metadata: p.metadata ?? '' })),
        );
        offsets = { ok: true, value, ms: Date.now() - start };
      } catch (err) {
        offsets = { ok: false, error: opts.classify(err, `OffsetFetch for group ${groupId}`), ms: Date.now() - start };
      }
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType ?? listed.groups.find((g) => g.groupId === groupId)?.protocolType ?? '',
        members: (d?.members ?? []).map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: decodeAssignment(d?.protocolType, m.memberAssignment),
        })),
        offsets,
      };
    });
  }

  /**
   * FindCoordinator for an unused group name needs DESCRIBE on that group. Sent to one broker
   * directly: kafkajs's own lookup (Cluster.findGroupCoordinatorMetadata) swallows the error code
   * and reports only "Failed to find group coordinator".
   */
  private async groupVisibilityProbe(): Promise<void> {
    const denied = await this.groupDenied(GROUP_VISIBILITY_PROBE);
    if (denied) throw new AclDeniedError(denied.type, groupAcl('*'), denied, `${denied.type}: ListGroups hides the groups this principal may not DESCRIBE`);
  }

  /** The GROUP_AUTHORIZATION_FAILED a raw FindCoordinator for `groupId` gets, if it gets one. */
  private async groupDenied(groupId: string): Promise<AclDeniedError | undefined> {
    const cluster = await this.rawCluster();
    await cluster.refreshMetadata();
    const nodeId = cluster.getNodeIds()[0];
    if (nodeId === undefined) return undefined;
    const broker = await cluster.findBroker({ nodeId });
    try {
      await broker.findGroupCoordinator({ groupId, coordinatorType: 0 });
      return undefined;
    } catch (err) {
      const type = typeOf(err);
      // Any other answer is no authorization verdict; the real calls say what is wrong.
      return type === 'GROUP_AUTHORIZATION_FAILED' ? new AclDeniedError(type, groupAcl(groupId), err) : undefined;
    }
  }

  /**
   * kafkajs looks the coordinator up through every broker and swallows their errors, so a group
   * the principal may not DESCRIBE fails DescribeGroups and OffsetFetch as
   * KafkaJSGroupCoordinatorNotFound (cluster/index.js findGroupCoordinatorMetadata @2.2.4). Asked
   * again without kafkajs in between, the broker says GROUP_AUTHORIZATION_FAILED, and for which group.
   */
  private async coordinatorDenial<T>(groupIds: readonly string[], p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (isAuthorizationError(err)) throw new AclDeniedError(typeOf(err) ?? 'GROUP_AUTHORIZATION_FAILED', groupAcl(groupIds.length === 1 ? groupIds[0]! : '*'), err);
      if ((err as { name?: string }).name !== 'KafkaJSGroupCoordinatorNotFound') throw err;
      for (const g of groupIds.slice(0, 100)) {
        const denied = await this.groupDenied(g);
        if (denied) throw denied;
      }
      throw err;
    }
  }

  private async rawCluster(): Promise<InstanceType<typeof Cluster>> {
    if (this.conn.unusable) throw new UnusableConnectionError(this.conn.unusable);
    if (!this.cluster) {
      const cfg = kafkajsConfig(this.conn);
      const c = new Cluster({
        ...cfg,
        logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} }),
        socketFactory: socketFactory(),
        retry: cfg.retry,
        allowAutoTopicCreation: false, // Metadata must never create the topic it asks about
        metadataMaxAge: 60_000,
        offsets: new Map(),
      });
      await withTimeout(c.connect(), this.conn.timeoutMs, 'connect');
      this.cluster = c;
    }
    return this.cluster;
  }

  /**
   * Reads one partition from its start to its current end without joining a group, stopping at
   * `maxRecords`. Returns the records and whether it stopped early.
   */
  async readPartition(topic: string, partition: number, opts: { maxRecords: number }): Promise<{ records: RawRecord[]; truncated: boolean; start: bigint; end: bigint }> {
    const t = this.conn.timeoutMs;
    const deadline = Date.now() + t;
    const cluster = await this.rawCluster();
    await needs(topicAcl(topic, 'Describe'), withTimeout(cluster.addTargetTopic(topic), t, `Metadata ${topic}`));
    const meta = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition);
    if (!meta) throw Object.assign(new Error(`${topic} has no partition ${partition}`), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const broker = await cluster.findBroker({ nodeId: meta.leader });
    const offsetAt = async (timestamp: number) => {
      const r = await needs(topicAcl(topic, 'Describe'), withTimeout(broker.listOffsets({ replicaId: -1, isolationLevel: 0, topics: [{ topic, partitions: [{ partition, timestamp }] }] }), t, `ListOffsets ${topic}`));
      return BigInt(r.responses[0]!.partitions[0]!.offset);
    };
    const start = await offsetAt(-2);
    const end = await offsetAt(-1);
    const records: RawRecord[] = [];
    let next = start;
    while (next < end && records.length < opts.maxRecords) {
      const left = deadline - Date.now();
      if (left <= 0) throw new DeadlineError(`reading ${topic} timed out after ${t} ms`);
      const res = await needs(topicAcl(topic, 'Read'), withTimeout(
        broker.fetch({
          replicaId: -1,
          isolationLevel: 0,
          maxWaitTime: 100,
          minBytes: 1,
          maxBytes: 4 * 1024 * 1024,
          topics: [{ topic, partitions: [{ partition, fetchOffset: next.toString(), maxBytes: 1024 * 1024 }] }],
        }),
        left,
        `Fetch ${topic}`,
      ));
      const p = res.responses[0]?.partitions[0];
      if (!p) break;
      if (p.errorCode === 29) throw new AclDeniedError('TOPIC_AUTHORIZATION_FAILED', topicAcl(topic, 'Read'), undefined);
      if (p.errorCode !== 0) throw new Error(`Fetch ${topic}-${partition} failed with error code ${p.errorCode}`);
      const batch = p.messages.filter((m) => BigInt(m.offset) >= next);
      if (!batch.length) break; // nothing more below the end (e.g. compacted away or transaction markers)
      for (const m of batch) {
        if (records.length >= opts.maxRecords) break;
        records.push({ offset: BigInt(m.offset), key: m.key, value: m.value, timestamp: Number(m.timestamp) });
      }
      next = records.length ? records[records.length - 1]!.offset + 1n : end;
    }
    return { records, truncated: next < end, start, end };
  }
}

function decodeAssignment(protocolType: string | undefined, buf: Buffer | undefined): { topic: string; partitions: number[] }[] {
  if (protocolType !== 'consumer' || !buf?.length) return [];
  try {
    const a = AssignerProtocol.MemberAssignment.decode(buf);
    return Object.entries(a?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...(partitions as number[])].sort((x, y) => x - y) }));
  } catch {
    return []; // a non-standard assignor's bytes; membership is still known
  }
}
