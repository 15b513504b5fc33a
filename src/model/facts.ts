import type { OffsetSyncRecord, CheckpointRecord } from '../mm2/codec.ts';
import type { MirrorSettings } from '../mm2/settings.ts';
import type { LogExplanation } from './log-explanation.ts';

/**
 * Facts: everything the gatherers learned about one mirror, as plain data. Gathering does all
 * the I/O; checks are pure functions of these facts. A fact that could not be gathered is a
 * `Gathered` with `ok: false` and the reason, never a thrown error and never a guess.
 */

/** Why a fact is missing. `not-authorized` and `auth-failed` are findings, not crashes. */
export type GatherErrorKind =
  | 'unreachable' // connection refused, DNS, no broker answered
  | 'timeout' // the fact's own deadline passed
  | 'auth-failed' // the cluster rejected mm2-doctor's credentials (SASL, or the TLS client certificate)
  | 'unusable' // the config cannot produce a working connection (unsupported authentication, unreadable or broken key material)
  | 'not-authorized' // authenticated, but an ACL denies the operation
  | 'not-found' // e.g. connector or topic does not exist (when that is not itself the fact)
  | 'bad-response' // Connect REST answered HTML, 500, or unparsable JSON
  | 'not-configured' // e.g. no Connect URL in the config
  | 'error';

export interface GatherError {
  kind: GatherErrorKind;
  /** User-safe text: names what failed and where; never a secret. */
  message: string;
  /** Which operation, e.g. `listGroups`, `GET /connectors/x/status`. */
  operation?: string;
  /** For `not-authorized`: the ACL the broker checked and did not find, when known. */
  acl?: RequiredAcl;
}

/**
 * An ACL a read needs: ALLOW `operation` on `resource` `name` (literal) for `principal`. What each
 * Kafka API checks is in KafkaApis.scala @3.9 (see README "The ACLs mm2-doctor needs").
 */
export interface RequiredAcl {
  resource: 'topic' | 'group' | 'cluster';
  name: string;
  operation: 'Describe' | 'Read' | 'DescribeConfigs';
  /** `User:…` as the broker sees mm2-doctor, when known (SASL username, client certificate subject). */
  principal?: string;
}

/** `ALLOW Describe on topic '*'` / `… for User:CN=mm2-doctor`: an ACL in words. */
export function describeAcl(acl: RequiredAcl): string {
  const on = acl.resource === 'cluster' ? 'the cluster' : `${acl.resource} '${acl.name}'`;
  return `ALLOW ${acl.operation} on ${on}${acl.principal ? ` for ${acl.principal}` : ''}`;
}

export type Gathered<T> = ({ ok: true; value: T } | { ok: false; error: GatherError }) & { ms: number };

export type ClusterRole = 'source' | 'target';

export interface ClusterFacts {
  alias: string;
  bootstrap: string;
  brokers: { nodeId: number; host: string; port: number }[];
  controllerId: number | null;
  clusterId: string | null;
}

export interface TopicFacts {
  name: string;
  partitions: number;
  /** Only for topics whose configs were asked for (internal topics). */
  configs?: Record<string, string>;
  /** Per partition, from ListOffsets. */
  offsets?: { partition: number; start: bigint; end: bigint }[];
}

export interface GroupOffset {
  topic: string;
  partition: number;
  offset: bigint;
  metadata: string;
}

export interface GroupFacts {
  groupId: string;
  /** `Stable`, `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Dead`, or `Unknown`. */
  state: string;
  /** `consumer`, `` (simple/assign-only groups), or another protocol type (`connect`). */
  protocolType: string;
  members: { memberId: string; clientId: string; host: string; assignment: { topic: string; partitions: number[] }[] }[];
  /** Committed offsets; `ok: false` when OffsetFetch failed for this group (e.g. GROUP_AUTHORIZATION_FAILED). */
  offsets: Gathered<GroupOffset[]>;
}

/** A decoded MM2 record, or the offset and reason of a record that did not decode. */
export interface DecodedTopic<T> {
  topic: string;
  cluster: ClusterRole;
  /** Records of partition 0 (the only one MM2 writes and reads). */
  records: (T & { offset: bigint; timestamp: number })[];
  corrupt: { partition: number; offset: bigint; reason: string; /** The codec's `DecodeErrorCode`, e.g. `converter-mismatch`. */ code?: string }[];
  /** True when the read stopped at its record limit before the end of the partition. */
  truncated: boolean;
}

export type { OffsetSyncRecord, CheckpointRecord } from '../mm2/codec.ts';

export type ConnectorState = 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED' | 'UNASSIGNED';

export interface ConnectorFacts {
  name: string;
  /** Live config from `GET /connectors/{name}/config`. */
  config: Record<string, string>;
  state: ConnectorState;
  workerId: string;
  trace?: string;
  tasks: { id: number; state: ConnectorState; workerId: string; trace?: string; config?: Record<string, string> }[];
}

export interface ConnectFacts {
  url: string;
  /** Kafka version of the Connect worker (`GET /`): the MM2 runtime's version. */
  version?: string;
  /** Per MM2 connector kind; `null` = the connector does not exist on this Connect cluster. */
  source: ConnectorFacts | null;
  checkpoint: ConnectorFacts | null;
  heartbeat: ConnectorFacts | null;
  /** Every connector name the worker knows (to spot misnamed ones). */
  allConnectors: string[];
}

/** Topic names MM2 uses for this mirror, derived from aliases, policy, separator and location. */
export interface InternalTopicNames {
  checkpoints: string; // on target
  offsetSyncs: { name: string; cluster: ClusterRole };
  heartbeats: string;
}

export interface LogFacts {
  /** Where the text came from: a file name, `thread`, `pod kafka/svl-mirrormaker2-0 (previous)`. */
  origin: string;
  lines: number;
  bytes?: number;
  /** True when the read stopped at its byte limit (the newest lines of the window are missing). */
  truncated?: boolean;
}

/** One `status.conditions[]` entry of a Strimzi resource (Strimzi `common/Condition.java`). */
export interface StrimziCondition {
  type: string;
  /** `True`, `False` or `Unknown`. */
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * One `status.connectors[]` entry: what Connect's `GET /connectors/{name}/status` answered the
 * operator at its last reconciliation (Strimzi `KafkaMirrorMaker2Status.connectors`, raw maps).
 */
export interface StrimziConnectorStatus {
  name: string;
  type?: string;
  state?: string;
  workerId?: string;
  trace?: string;
  tasks: { id: number; state: string; workerId?: string; trace?: string }[];
}

/** The `status` of a KafkaMirrorMaker2 (same shape from Strimzi 0.45 to 1.2). */
export interface StrimziStatusFacts {
  /** `metadata.generation`: bumped by every spec change. */
  generation: number | null;
  /** The generation the operator last reconciled; lower than `generation` while a change is pending. */
  observedGeneration: number | null;
  conditions: StrimziCondition[];
  connectors: StrimziConnectorStatus[];
  /** Strimzi's connector auto-restarts (`spec.mirrors[].*Connector.autoRestart`). */
  autoRestarts: { connectorName: string; count: number; lastRestartTimestamp?: string }[];
  labelSelector?: string;
  replicas?: number;
}

/** The KafkaMirrorMaker2 read live from the Kubernetes API. */
export interface StrimziResourceFacts {
  namespace: string;
  name: string;
  apiVersion: string;
  mirrorIndex: number;
  /** `null` until the operator has written a status. */
  status: StrimziStatusFacts | null;
}

/** One log read of one container through `pods/log`. */
export interface PodLogRead {
  container: string;
  /** `previous=true`: the container instance that ran before the last restart. */
  previous: boolean;
  bytes: number;
  lines: number;
  truncated: boolean;
}

/** One MM2 pod (a Connect worker) as the pod list shows it, and what its logs gave. */
export interface Mm2PodFacts {
  name: string;
  /** `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`. */
  phase: string;
  container: string;
  ready: boolean;
  restartCount: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** `CrashLoopBackOff`, `OOMKilled`, … */
  reason?: string;
  lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
  /** The current container's log and, after a restart, the previous one's. */
  logs: Gathered<PodLogRead>[];
}

/** The MM2 pods of a KafkaMirrorMaker2, found by Strimzi's labels. */
export interface Mm2PodsFacts {
  namespace: string;
  /** The label selector the pods were listed with. */
  selector: string;
  pods: Mm2PodFacts[];
  /** Pods beyond the cap that were not read. */
  skipped: number;
}

export interface Facts {
  mirror: { name: string; sourceAlias: string; targetAlias: string };
  /** Wall clock at gathering time (ms); checks never call Date.now(). */
  now: number;
  /**
   * The mirror's effective MM2 settings, per connector, with where every value came from: the live
   * Connect configs when Connect answered, else the KafkaMirrorMaker2, else the config's overrides
   * and Kafka's defaults (src/mm2/settings.ts). Views over it: `settingsView`.
   */
  settings: MirrorSettings;
  topicNames: InternalTopicNames;
  source: Gathered<ClusterFacts>;
  target: Gathered<ClusterFacts>;
  sourceTopics: Gathered<TopicFacts[]>;
  targetTopics: Gathered<TopicFacts[]>;
  /** Consumer groups on the source with state, members and committed offsets. */
  sourceGroups: Gathered<GroupFacts[]>;
  /** The checkpoints topic on the target, with configs and offsets; `null` value = absent. */
  checkpointsTopic: Gathered<TopicFacts | null>;
  offsetSyncsTopic: Gathered<TopicFacts | null>;
  /** Topics on either cluster whose names look like MM2 internal topics but are not the expected ones. */
  lookalikeTopics: { cluster: ClusterRole; name: string }[];
  offsetSyncs: Gathered<DecodedTopic<OffsetSyncRecord>>;
  checkpoints: Gathered<DecodedTopic<CheckpointRecord>>;
  /** Undefined when no Connect URL is configured. */
  connect?: Gathered<ConnectFacts>;
  /** The KafkaMirrorMaker2 read from the Kubernetes API, with its status; undefined unless the config asks for it. */
  strimziResource?: Gathered<StrimziResourceFacts>;
  /** The MM2 pods and their log reads (Kubernetes API); undefined unless the config names a resource there. */
  mm2Pods?: Gathered<Mm2PodsFacts>;
  /**
   * Classified log lines: pasted ones (--logs, a thread) and the MM2 pods' own, explained as one
   * log. Undefined when there were none.
   */
  logs?: LogExplanation;
  /** Where the explained log text came from. */
  logSources?: LogFacts[];
  /**
   * The same consumer groups on the TARGET: the source groups the checkpoint connector would
   * checkpoint plus every group the checkpoints name, read as on the source (DescribeGroups and
   * OffsetFetch only; no group joined, nothing committed). A group that does not exist there comes
   * back `Dead` with no members and no offsets. Undefined when the diagnosis did not get that far.
   */
  targetGroups?: Gathered<GroupFacts[]>;
  /** Log start/end of the mirrored source topics those groups commit on (what replication must reach). */
  sourceEndOffsets?: Gathered<PartitionEnds[]>;
  /** Log start/end of the matching remote topics on the target (what a failed-over consumer can read). */
  targetEndOffsets?: Gathered<PartitionEnds[]>;
  /** Other flows known over these clusters: their internal topics are theirs, not look-alikes of this flow's. */
  otherFlows?: OtherFlow[];
}

/** Start and end offset of one partition of a mirrored topic (ListOffsets earliest / latest). */
export interface PartitionEnds {
  topic: string;
  partition: number;
  start: bigint;
  end: bigint;
}

/** Another replication flow over the same clusters, and where mm2-doctor learned of it. */
export interface OtherFlow {
  sourceAlias: string;
  targetAlias: string;
  /** `config`: another mirror of the mm2-doctor config; `connect`: a connector named `<src>-><tgt>.Mirror…`; `strimzi`: another `spec.mirrors[]` entry. */
  from: 'config' | 'connect' | 'strimzi';
}

/** Facts a check can depend on. `Gathered` ones count as missing when `ok` is false. */
export type FactKey = Exclude<keyof Facts, 'mirror' | 'now' | 'settings' | 'topicNames' | 'lookalikeTopics' | 'logSources' | 'otherFlows'>;
