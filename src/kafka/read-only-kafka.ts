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
import { API_KEY, BATCHED_VERSION, findCoordinatorsV4, kafkaError, offsetFetchV8 } from './group-protocol.ts';
import { fetchV4, recordsOf } from './fetch-protocol.ts';

export interface RawRecord {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
}

export interface PartitionRead {
  records: RawRecord[];
  truncated: boolean;
  start: bigint;
  end: bigint;
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
    throw asDenial(err, acl);
  }
}

/** `err` as an AclDeniedError naming `acl` when it is an authorization failure; else `err` itself. */
function asDenial(err: unknown, acl: RequiredAcl): unknown {
  if (err instanceof AclDeniedError || !isAuthorizationError(err)) return err;
  return new AclDeniedError(typeOf(err) ?? 'AUTHORIZATION_FAILED', acl, err);
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


type RawCluster = InstanceType<typeof Cluster>;
type Broker = Awaited<ReturnType<RawCluster['findBroker']>>;
type DescribedGroup = Awaited<ReturnType<Broker['describeGroups']>>['groups'][number];

/**
 * Groups per FindCoordinator, DescribeGroups and OffsetFetch request, and requests in flight per
 * broker for the group reads. Chosen by measurement (BENCHMARKS.md, "Reading 10,000 groups").
 */
export const GROUP_BATCH = 1000;
export const PER_BROKER_IN_FLIGHT = 4;
/** Group errors that mean "ask again, elsewhere or later": COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR. */
const RETRY_ALONE = new Set([14, 15, 16]);

export interface ReadOnlyKafkaOptions {
  /** Caps the versions taken from the brokers' ApiVersions answers: how an older broker is read (tests, benchmarks). */
  maxVersions?: Partial<Record<keyof typeof BATCHED_VERSION, number>>;
  /** Groups per request (default GROUP_BATCH). */
  groupBatch?: number;
  /** Requests in flight per broker for the group reads (default PER_BROKER_IN_FLIGHT). */
  perBroker?: number;
}

/** A shared group read: how many groups it listed, once known, and who waits to hear it. */
interface Listing {
  count?: number;
  listeners: Set<(count: number) => void>;
}

/** Tells a listener; progress is only news, so its failure never fails the read. */
function tell(listener: (count: number) => void, count: number): void {
  try {
    listener(count);
  } catch {
    // ignored: see above
  }
}

export class ReadOnlyKafka {
  private readonly kafka: Kafka;
  private adminClient: Promise<Admin> | undefined;
  private cluster: Promise<RawCluster> | undefined;

  constructor(
    readonly conn: ClusterConnection,
    private readonly opts: ReadOnlyKafkaOptions = {},
  ) {
    this.kafka = new Kafka(kafkajsConfig(conn));
  }

  // Connecting is memoized as a promise, so that concurrent callers share one connection; a failed
  // attempt is forgotten, so that the next call tries again.
  private admin(): Promise<Admin> {
    if (this.conn.unusable) return Promise.reject(new UnusableConnectionError(this.conn.unusable));
    this.adminClient ??= this.connected(this.kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } }), () => (this.adminClient = undefined));
    return this.adminClient;
  }

  /** Connects `client` within the timeout; a client that fails is disconnected and forgotten. */
  private async connected<C extends { connect(): Promise<void>; disconnect(): Promise<void> }>(client: C, forget: () => void): Promise<C> {
    try {
      await withTimeout(client.connect(), this.conn.timeoutMs, 'connect');
      return client;
    } catch (err) {
      forget();
      void client.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Concurrent identical reads share one answer: twenty diagnoses of mirrors on one source cluster
   * (a digest) list its groups once. Only reads in flight are shared; nothing is cached.
   */
  private readonly pending = new Map<string, Promise<unknown>>();
  private shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.pending.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read().finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  async close(): Promise<void> {
    const [admin, cluster] = [this.adminClient, this.cluster];
    this.adminClient = this.cluster = undefined;
    await Promise.allSettled([admin?.then((a) => a.disconnect()), cluster?.then((c) => c.disconnect())]);
  }

  describeCluster(): Promise<ClusterFacts> {
    return this.shared('describeCluster', () => this.readCluster());
  }

  private async readCluster(): Promise<ClusterFacts> {
    const d = await withTimeout((await this.admin()).describeCluster(), this.conn.timeoutMs, 'describeCluster');
    return { alias: this.conn.alias, bootstrap: this.conn.bootstrap.join(','), brokers: d.brokers, controllerId: d.controller, clusterId: d.clusterId };
  }

  /**
   * Every topic with its partition count (one Metadata request). Metadata for all topics silently
   * leaves out the topics the principal may not DESCRIBE (KafkaApis.handleTopicMetadataRequest), so
   * a topic missing from the list could be hidden, not absent: a probe first asks for a topic name
   * no one uses, which a principal allowed to DESCRIBE every topic learns does not exist, and any
   * other gets TOPIC_AUTHORIZATION_FAILED. Then the list cannot be trusted, and this says so.
   */
  topics(): Promise<TopicFacts[]> {
    return this.shared('topics', () => this.readTopics());
  }

  private async readTopics(): Promise<TopicFacts[]> {
    const admin = await this.admin();
    const [md] = await Promise.all([
      withTimeout(admin.fetchTopicMetadata(), this.conn.timeoutMs, 'fetchTopicMetadata'),
      withTimeout(this.topicVisibilityProbe(), this.conn.timeoutMs, 'Metadata probe'),
    ]);
    return md.topics.map((t) => ({ name: t.name, partitions: t.partitions.length })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Whether a topic missing from `topics()` exists after all, asked by name: UNKNOWN_TOPIC_OR_PARTITION
   * means it does not; TOPIC_AUTHORIZATION_FAILED (an AclDeniedError) that it may be hidden.
   */
  async topicExists(topic: string): Promise<boolean> {
    const cluster = await this.rawCluster();
    if (cluster.getNodeIds()[0] === undefined) await withTimeout(cluster.refreshMetadata(), this.conn.timeoutMs, 'Metadata');
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
  private topicVisibilityProbe(): Promise<void> {
    return this.shared('topicVisibilityProbe', async () => {
      try {
        await this.topicExists(TOPIC_VISIBILITY_PROBE);
      } catch (err) {
        if (err instanceof AclDeniedError) {
          throw new AclDeniedError(err.type, topicAcl('*', 'Describe'), err, `${err.type}: Metadata hides the topics this principal may not DESCRIBE`);
        }
        // Any other answer is no authorization verdict; the real calls say what is wrong.
      }
    });
  }

  topicConfigs(names: string[]): Promise<Map<string, Record<string, string>>> {
    return this.shared(`topicConfigs ${JSON.stringify(names)}`, () => this.readTopicConfigs(names));
  }

  private async readTopicConfigs(names: string[]): Promise<Map<string, Record<string, string>>> {
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
  topicOffsets(topic: string): Promise<{ partition: number; start: bigint; end: bigint }[]> {
    return this.shared(`topicOffsets ${topic}`, () => this.readTopicOffsets(topic));
  }

  private async readTopicOffsets(topic: string): Promise<{ partition: number; start: bigint; end: bigint }[]> {
    const admin = await this.admin();
    const o = await needs(topicAcl(topic, 'Describe'), withTimeout(admin.fetchTopicOffsets(topic), this.conn.timeoutMs, `ListOffsets ${topic}`));
    return o.map((p) => ({ partition: p.partition, start: BigInt(p.low), end: BigInt(p.high) })).sort((a, b) => a.partition - b.partition);
  }

  /**
   * Consumer groups with state, members (assignments decoded) and committed offsets, in few round
   * trips: the coordinators of all groups in batched FindCoordinator v4 requests, then per
   * coordinator DescribeGroups and OffsetFetch v8 for `groupBatch` groups at a time, all of them
   * pipelined with at most `perBroker` requests in flight to any one broker. A broker that does not
   * speak the batched versions (before Kafka 3.0, read from its ApiVersions answer) is asked one
   * group at a time, as kafkajs does. A group whose offsets cannot be read keeps that as its own
   * `offsets` error; the others are still read.
   *
   * With `groupIds`, only those groups (e.g. the source's groups, looked up on the target): no
   * ListGroups; a group that does not exist comes back as DescribeGroups answers for it (`Dead`,
   * no members) with no committed offsets. Still only DescribeGroups and OffsetFetch: nothing joined.
   */
  groups(opts: { classify: (err: unknown, op: string) => GatherError; groupIds?: readonly string[]; onListed?: (count: number) => void }): Promise<GroupFacts[]> {
    // Shared among concurrent callers: the first caller's `classify` names the errors (callers on
    // one client classify for the same connection). Every caller hears how many groups were listed.
    const named = opts.groupIds && [...new Set(opts.groupIds)].sort();
    const key = named ? `groups ${JSON.stringify(named)}` : 'groups';
    const read = this.shared(key, () => {
      const listing: Listing = { listeners: new Set() };
      this.listings.set(key, listing);
      const told = (count: number) => {
        listing.count = count;
        for (const l of listing.listeners) tell(l, count);
      };
      return this.readGroups(opts.classify, named, named ? undefined : told).finally(() => this.listings.delete(key));
    });
    const listing = this.listings.get(key);
    if (opts.onListed && listing) {
      if (listing.count !== undefined) tell(opts.onListed, listing.count);
      else listing.listeners.add(opts.onListed);
    }
    return read;
  }

  /** The group reads in flight and how many groups each listed, for callers joining them. */
  private readonly listings = new Map<string, Listing>();

  private async readGroups(classify: (err: unknown, op: string) => GatherError, named: string[] | undefined, onListed?: (count: number) => void): Promise<GroupFacts[]> {
    const opts = { classify };
    const admin = await this.admin();
    const t = this.conn.timeoutMs;
    // ListGroups never fails for lack of ACLs: the broker silently returns only the groups the
    // principal may DESCRIBE (KafkaApis.handleListGroupsRequest), even with Cluster:DESCRIBE for the
    // list itself. An empty or partial list would then read as "no consumer groups". Probe with a
    // FindCoordinator for a group name no one uses: GROUP_AUTHORIZATION_FAILED means this principal
    // cannot see every group. Read-only: asking about a group that does not exist creates nothing.
    // OffsetFetch for all partitions silently drops the topics the principal may not DESCRIBE
    // (KafkaApis.handleOffsetFetchRequest, "Clients are not allowed to see offsets for topics that
    // are not authorized for Describe"): a group would look as if it committed nothing there; the
    // topic probe says so. The three are independent: sent together.
    const [listed] = await Promise.all([
      named ? { groups: [] as { groupId: string; protocolType: string }[] } : withTimeout(admin.listGroups(), t, 'listGroups'),
      withTimeout(this.groupVisibilityProbe(), t, 'FindCoordinator probe'),
      withTimeout(this.topicVisibilityProbe(), t, 'Metadata probe'),
    ]);
    // Connect workers' own groups (protocolType "connect") are not consumer groups; MM2's
    // listConsumerGroups keeps only "consumer" and "" (KafkaAdminClient.listConsumerGroups).
    const ids = named ?? listed.groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId).sort();
    onListed?.(ids.length);
    const cluster = await this.rawCluster();
    const coordinators = await this.coordinatorsOf(cluster, ids);

    const described = new Map<string, DescribedGroup>();
    const offsets = new Map<string, GroupFacts['offsets']>();
    const byNode = new Map<number, string[]>();
    for (const id of ids) {
      const c = coordinators.get(id)!;
      if (typeof c === 'number') {
        const list = byNode.get(c);
        if (list) list.push(id);
        else byNode.set(c, [id]);
      }
      else offsets.set(id, { ok: false, error: opts.classify(c, `FindCoordinator for group ${id}`), ms: 0 });
    }
    const single = async (broker: Broker, groupId: string): Promise<GroupFacts['offsets']> => {
      const start = Date.now();
      try {
        // No topics: all committed partitions. kafkajs's OffsetFetch (v1-v4) takes one group.
        const res = await needs(groupAcl(groupId), this.request(broker, 'OffsetFetch', () => broker.offsetFetch({ groupId, topics: [] }), `OffsetFetch ${groupId}`));
        const value = res.responses.flatMap((r) =>
          r.partitions.filter((p) => p.offset !== '-1').map((p) => ({ topic: r.topic, partition: p.partition, offset: BigInt(p.offset), metadata: p.metadata ?? '' })),
        );
        return { ok: true, value, ms: Date.now() - start };
      } catch (err) {
        return { ok: false, error: opts.classify(err, `OffsetFetch for group ${groupId}`), ms: Date.now() - start };
      }
    };
    const batch = this.opts.groupBatch ?? GROUP_BATCH;
    await Promise.all(
      [...byNode].map(async ([nodeId, groupIds]) => {
        const broker = await withTimeout(cluster.findBroker({ nodeId }), t, `connect to broker ${nodeId}`);
        const batched = this.supports(broker, 'OffsetFetch');
        const tasks: (() => Promise<void>)[] = [];
        for (let i = 0; i < groupIds.length; i += batch) {
          const chunk = groupIds.slice(i, i + batch);
          tasks.push(async () => {
            const d = await needs(groupAcl(chunk.length === 1 ? chunk[0]! : '*'), this.request(broker, 'DescribeGroups', () => broker.describeGroups({ groupIds: chunk }), 'describeGroups'));
            for (const g of d.groups) described.set(g.groupId, g);
          });
          if (batched) {
            tasks.push(async () => {
              const start = Date.now();
              const answers = await this.request(broker, 'OffsetFetch', () => broker.connectionPool.send(offsetFetchV8(chunk)), `OffsetFetch (${chunk.length} groups)`);
              const ms = Date.now() - start;
              const retry: string[] = [];
              for (const a of answers) {
                const code = a.errorCode || (a.partitions.find((p) => p.errorCode !== 0)?.errorCode ?? 0);
                if (RETRY_ALONE.has(code)) retry.push(a.groupId);
                else if (code !== 0) offsets.set(a.groupId, { ok: false, error: opts.classify(asDenial(kafkaError(code), groupAcl(a.groupId)), `OffsetFetch for group ${a.groupId}`), ms });
                else {
                  const value = a.partitions.filter((p) => p.offset !== -1n).map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset, metadata: p.metadata }));
                  offsets.set(a.groupId, { ok: true, value, ms });
                }
              }
              // The coordinator moved or is still loading: ask those groups again one at a time
              // (kafkajs looks their coordinator up afresh and retries).
              for (const g of retry) offsets.set(g, await this.fetchOffsetsAlone(g, opts.classify));
            });
          } else {
            for (const g of chunk) tasks.push(async () => void offsets.set(g, await single(broker, g)));
          }
        }
        // At most `perBroker` requests in flight to this broker; brokers are asked in parallel.
        await mapLimit(tasks, this.opts.perBroker ?? PER_BROKER_IN_FLIGHT, (task) => task());
      }),
    );

    const protocolOf = new Map(listed.groups.map((g) => [g.groupId, g.protocolType]));
    return ids.map((groupId): GroupFacts => {
      const d = described.get(groupId);
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType ?? protocolOf.get(groupId) ?? '',
        members: (d?.members ?? []).map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: decodeAssignment(d?.protocolType, m.memberAssignment),
        })),
        offsets: offsets.get(groupId) ?? { ok: false, error: opts.classify(new Error('the coordinator gave no answer for this group'), `OffsetFetch for group ${groupId}`), ms: 0 },
      };
    });
  }

  /** Requests sent by kind, and the most in flight to one broker at once (benchmarks and tests read these). */
  readonly stats = { requests: { FindCoordinator: 0, DescribeGroups: 0, OffsetFetch: 0 }, maxInFlightPerBroker: 0 };
  private readonly inFlight = new Map<number, number>();

  private async request<T>(broker: Broker, kind: keyof ReadOnlyKafka['stats']['requests'], send: () => Promise<T>, what: string): Promise<T> {
    this.stats.requests[kind]++;
    const n = (this.inFlight.get(broker.nodeId) ?? 0) + 1;
    this.inFlight.set(broker.nodeId, n);
    this.stats.maxInFlightPerBroker = Math.max(this.stats.maxInFlightPerBroker, n);
    try {
      return await withTimeout(send(), this.conn.timeoutMs, what);
    } finally {
      this.inFlight.set(broker.nodeId, (this.inFlight.get(broker.nodeId) ?? 1) - 1);
    }
  }

  /** Whether `broker` answers the batched version of `api` (its ApiVersions answer, capped by `maxVersions`). */
  private supports(broker: Broker, api: keyof typeof BATCHED_VERSION): boolean {
    const max = Math.min(broker.versions?.[API_KEY[api]]?.maxVersion ?? -1, this.opts.maxVersions?.[api] ?? Infinity);
    return max >= BATCHED_VERSION[api];
  }

  /** Each group's coordinator (node id), or why it could not be found. */
  private async coordinatorsOf(cluster: RawCluster, ids: string[]): Promise<Map<string, number | Error>> {
    const out = new Map<string, number | Error>();
    if (!ids.length) return out;
    const t = this.conn.timeoutMs;
    const nodeId = cluster.getNodeIds()[0];
    const broker = nodeId === undefined ? undefined : await withTimeout(cluster.findBroker({ nodeId }), t, `connect to broker ${nodeId}`);
    const batch = this.opts.groupBatch ?? GROUP_BATCH;
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += batch) chunks.push(ids.slice(i, i + batch));
    const alone: string[] = [];
    if (broker && this.supports(broker, 'FindCoordinator')) {
      await mapLimit(chunks, this.opts.perBroker ?? PER_BROKER_IN_FLIGHT, async (chunk) => {
        const answers = await this.request(broker, 'FindCoordinator', () => broker.connectionPool.send(findCoordinatorsV4(chunk)), `FindCoordinator (${chunk.length} groups)`);
        for (const a of answers) {
          if (a.errorCode === 0) out.set(a.key, a.nodeId);
          else if (RETRY_ALONE.has(a.errorCode)) alone.push(a.key);
          else out.set(a.key, asDenial(kafkaError(a.errorCode), groupAcl(a.key)) as Error);
        }
      });
    } else {
      alone.push(...ids);
    }
    // One group at a time (brokers before Kafka 3.0, or a coordinator still loading): kafkajs's
    // lookup, which retries COORDINATOR_NOT_AVAILABLE after refreshing metadata.
    await mapLimit(alone, this.opts.perBroker ?? PER_BROKER_IN_FLIGHT, async (groupId) => {
      this.stats.requests.FindCoordinator++;
      try {
        const m = await this.coordinatorDenial([groupId], withTimeout(cluster.findGroupCoordinatorMetadata({ groupId }), t, `FindCoordinator ${groupId}`));
        out.set(groupId, m.coordinator.nodeId);
      } catch (err) {
        out.set(groupId, err as Error);
      }
    });
    return out;
  }

  /** One group's offsets through kafkajs's admin (coordinator lookup and retries included). Never `resolveOffsets` (it commits). */
  private async fetchOffsetsAlone(groupId: string, classify: (err: unknown, op: string) => GatherError): Promise<GroupFacts['offsets']> {
    const start = Date.now();
    this.stats.requests.OffsetFetch++;
    try {
      const res = await withTimeout(this.coordinatorDenial([groupId], (await this.admin()).fetchOffsets({ groupId })), this.conn.timeoutMs, `OffsetFetch ${groupId}`);
      const value: GroupOffset[] = res.flatMap((r) =>
        r.partitions.filter((p) => p.offset !== '-1').map((p) => ({ topic: r.topic, partition: p.partition, offset: BigInt(p.offset), metadata: p.metadata ?? '' })),
      );
      return { ok: true, value, ms: Date.now() - start };
    } catch (err) {
      return { ok: false, error: classify(err, `OffsetFetch for group ${groupId}`), ms: Date.now() - start };
    }
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
   * the principal may not DESCRIBE fails as KafkaJSGroupCoordinatorNotFound
   * (cluster/index.js findGroupCoordinatorMetadata @2.2.4). Asked again without kafkajs in
   * between, the broker says GROUP_AUTHORIZATION_FAILED, and for which group.
   */
  private async coordinatorDenial<T>(groupIds: readonly string[], p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (isAuthorizationError(err)) throw asDenial(err, groupAcl(groupIds.length === 1 ? groupIds[0]! : '*'));
      if ((err as { name?: string }).name !== 'KafkaJSGroupCoordinatorNotFound') throw err;
      for (const g of groupIds.slice(0, 100)) {
        const denied = await this.groupDenied(g);
        if (denied) throw denied;
      }
      throw err;
    }
  }

  private rawCluster(): Promise<RawCluster> {
    if (this.conn.unusable) return Promise.reject(new UnusableConnectionError(this.conn.unusable));
    this.cluster ??= (() => {
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
      return this.connected(c, () => (this.cluster = undefined));
    })();
    return this.cluster;
  }

  /**
   * Reads one partition from its start to its current end without joining a group, stopping at
   * `maxRecords`. Returns the records and whether it stopped early.
   */
  readPartition(topic: string, partition: number, opts: { maxRecords: number }): Promise<PartitionRead> {
    return this.shared(`readPartition ${topic} ${partition} ${opts.maxRecords}`, () => this.fetchPartition(topic, partition, opts));
  }

  private async fetchPartition(topic: string, partition: number, opts: { maxRecords: number }): Promise<PartitionRead> {
    const t = this.conn.timeoutMs;
    const deadline = Date.now() + t;
    const cluster = await this.rawCluster();
    await needs(topicAcl(topic, 'Describe'), withTimeout(cluster.addTargetTopic(topic), t, `Metadata ${topic}`));
    let meta = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition);
    if (!meta) {
      // A pooled client keeps its metadata between diagnoses, and kafkajs refreshes it on
      // addTargetTopic only for a topic it did not know: a topic it first saw leaderless (just
      // created by MM2) would stay without partitions until metadataMaxAge. Ask once more.
      await withTimeout(cluster.refreshMetadata(), t, `Metadata ${topic}`);
      meta = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition);
    }
    if (!meta) throw Object.assign(new Error(`${topic} has no partition ${partition}`), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const broker = await cluster.findBroker({ nodeId: meta.leader });
    const offsetAt = async (timestamp: number) => {
      const r = await needs(topicAcl(topic, 'Describe'), withTimeout(broker.listOffsets({ replicaId: -1, isolationLevel: 0, topics: [{ topic, partitions: [{ partition, timestamp }] }] }), t, `ListOffsets ${topic}`));
      return BigInt(r.responses[0]!.partitions[0]!.offset);
    };
    const start = await offsetAt(-2);
    const end = await offsetAt(-1);
    const fetchAt = async (offset: bigint, minBytes: number) => {
      const left = deadline - Date.now();
      if (left <= 0) throw new DeadlineError(`reading ${topic} timed out after ${t} ms`);
      // Fetch v4 through the broker's pool, the record set decoded here (src/kafka/fetch-protocol.ts).
      const request = fetchV4({ topic, partition, fetchOffset: offset, maxWaitMs: minBytes > 0 ? 100 : 0, minBytes, maxBytes: 4 * 1024 * 1024, partitionMaxBytes: 1024 * 1024 });
      const p = await needs(topicAcl(topic, 'Read'), withTimeout(broker.connectionPool.send(request), left, `Fetch ${topic}`));
      return p;
    };
    // An empty partition needs no Fetch, and ListOffsets needs only DESCRIBE: without one, a missing
    // READ would go unnoticed until records arrive. One empty Fetch at the end asks the broker now.
    if (start === end) await fetchAt(end, 0);
    const records: RawRecord[] = [];
    let next = start;
    while (next < end && records.length < opts.maxRecords) {
      const p = await fetchAt(next, 1);
      const got = await recordsOf(p.records);
      // Nothing more below the end (compacted away), or only a batch too large for the byte limit.
      if (got.next === null || got.next <= next) break;
      let last: bigint | null = null;
      for (const r of got.records) {
        // A batch starts where it starts: records before the fetch offset come along.
        if (r.offset < next) continue;
        if (records.length >= opts.maxRecords) break;
        records.push(r);
        last = r.offset;
      }
      // Past the last record kept when the limit cut the read; else past every batch read,
      // transaction markers included (they hold no records but take offsets).
      next = records.length >= opts.maxRecords && last !== null ? last + 1n : got.next;
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
