/**
 * MirrorMaker 2 topic naming: `ReplicationPolicy`, `DefaultReplicationPolicy` and
 * `IdentityReplicationPolicy` (connect/mirror-client @3.9), with the version rules for internal
 * topic names (≤3.0 hard-coded `.`, KIP-690 in 3.1.0, KIP-949 toggle in 3.5.2).
 */
import { javaParseBoolean } from './kafka-config.ts';
import { DEFAULT_KAFKA_VERSION, kafkaVersion, mm2Features, parseKafkaVersion, type KafkaVersion } from './version.ts';

/** Kafka's default `replication.policy.class`. */
export const DEFAULT_POLICY_CLASS = 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy';
/** Kafka's identity policy (KAFKA-9726, 3.0.0+): remote topics keep their names. */
export const IDENTITY_POLICY_CLASS = 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy';
/** Strimzi's legacy identity policy from mirror-maker-2-extensions (removed from images in Strimzi 0.46). */
export const STRIMZI_IDENTITY_POLICY_CLASS = 'io.strimzi.kafka.connect.mirror.IdentityReplicationPolicy';
/** The separator when `replication.policy.separator` is not set. */
export const DEFAULT_SEPARATOR = '.';
/** Name of the heartbeats topic (not separator-dependent). */
export const HEARTBEATS_TOPIC = 'heartbeats';

/** The inputs a policy is configured from: raw connector values, `undefined` when unset. */
export interface PolicyConfig {
  /** `replication.policy.class`; default {@link DEFAULT_POLICY_CLASS}. */
  className?: string | undefined;
  /** `replication.policy.separator` exactly as configured (the policy does not trim it). */
  separator?: string | undefined;
  /** `replication.policy.internal.topic.separator.enabled` exactly as configured. */
  internalTopicSeparatorEnabled?: string | undefined;
  /** `source.cluster.alias`; IdentityReplicationPolicy reports it as every topic's source. */
  sourceClusterAlias?: string | undefined;
  /** Kafka version of the MM2 runtime; default {@link DEFAULT_KAFKA_VERSION}. */
  kafkaVersion?: KafkaVersion | string | undefined;
}

/** A configured replication policy: naming functions plus what it resolved to and why. */
export interface ReplicationPolicy {
  readonly kind: 'default' | 'identity' | 'strimzi-identity' | 'custom';
  readonly className: string;
  /** Separator of remote topic names. */
  readonly separator: string;
  /** Separator used inside internal topic names (`mm2-offset-syncs…`, `…checkpoints…`). */
  readonly internalSeparator: string;
  readonly kafkaVersion: KafkaVersion;
  /** Facts worth telling a user, e.g. that a custom class is assumed to name topics like the default. */
  readonly notes: readonly string[];
  formatRemoteTopic(sourceClusterAlias: string, topic: string): string;
  topicSource(topic: string): string | null;
  upstreamTopic(topic: string): string | null;
  originalTopic(topic: string): string;
  heartbeatsTopic(): string;
  offsetSyncsTopic(clusterAlias: string): string;
  checkpointsTopic(clusterAlias: string): string;
  isHeartbeatsTopic(topic: string): boolean;
  isCheckpointsTopic(topic: string): boolean;
  isMM2InternalTopic(topic: string): boolean;
  isInternalTopic(topic: string): boolean;
}

function resolveVersion(v: KafkaVersion | string | undefined): KafkaVersion {
  if (v === undefined) return kafkaVersion(DEFAULT_KAFKA_VERSION);
  if (typeof v !== 'string') return v;
  const parsed = parseKafkaVersion(v);
  return 'error' in parsed ? kafkaVersion(DEFAULT_KAFKA_VERSION) : parsed;
}

/**
 * Java `Pattern.compile(Pattern.quote(sep)).split(topic)` (limit 0): trailing empty strings are
 * dropped; an empty separator matches between every character, and Java 8+ drops the leading
 * empty string that a zero-width match at index 0 would produce.
 */
function javaSplit(topic: string, sep: string): string[] {
  let parts: string[];
  if (sep === '') {
    parts = [...topic];
    if (parts.length === 0) parts = [''];
    return parts;
  }
  if (!topic.includes(sep)) return [topic];
  parts = topic.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Builds the policy a connector with this configuration would instantiate. */
export function replicationPolicy(cfg: PolicyConfig = {}): ReplicationPolicy {
  const version = resolveVersion(cfg.kafkaVersion);
  const features = mm2Features(version);
  const className = cfg.className ?? DEFAULT_POLICY_CLASS;
  const notes: string[] = [];
  let kind: ReplicationPolicy['kind'];
  if (className === DEFAULT_POLICY_CLASS) kind = 'default';
  else if (className === IDENTITY_POLICY_CLASS) kind = 'identity';
  else if (className === STRIMZI_IDENTITY_POLICY_CLASS) {
    kind = 'strimzi-identity';
    notes.push(`${className} is Strimzi's legacy identity policy; Strimzi 0.46+ images no longer ship it`);
  } else {
    kind = 'custom';
    notes.push(`${className} is not a Kafka policy; assuming it names internal topics like DefaultReplicationPolicy`);
  }

  // DefaultReplicationPolicy.configure: the KIP-949 toggle is only read when a separator is set.
  const separatorSet = cfg.separator !== undefined;
  const separator = cfg.separator ?? DEFAULT_SEPARATOR;
  let internalSeparator = separator;
  if (!features.internalTopicsUseSeparator) {
    internalSeparator = '.';
    if (separator !== '.') notes.push(`Kafka ${version.raw} (< 3.1.0) always uses '.' in internal topic names`);
  } else if (features.internalSeparatorToggle && separatorSet && cfg.internalTopicSeparatorEnabled !== undefined) {
    // Boolean.parseBoolean on the raw value: anything but "true" (any case) disables it.
    if (!javaParseBoolean(cfg.internalTopicSeparatorEnabled)) internalSeparator = '.';
  } else if (!features.internalSeparatorToggle && cfg.internalTopicSeparatorEnabled !== undefined) {
    notes.push(`replication.policy.internal.topic.separator.enabled is ignored before Kafka 3.5.2`);
  }

  const internalSuffix = `${internalSeparator}internal`;
  const checkpointsSuffix = `${internalSeparator}checkpoints${internalSuffix}`;
  const looksLikeHeartbeat = (topic: string) => topic.endsWith(HEARTBEATS_TOPIC);

  const defaultTopicSource = (topic: string): string | null => {
    const parts = javaSplit(topic, separator);
    return parts.length < 2 ? null : (parts[0] ?? null);
  };
  const defaultUpstreamTopic = (topic: string): string | null => {
    const source = defaultTopicSource(topic);
    return source === null ? null : topic.slice(source.length + separator.length);
  };

  const policy: ReplicationPolicy = {
    kind,
    className,
    separator,
    internalSeparator,
    kafkaVersion: version,
    notes,
    formatRemoteTopic(sourceClusterAlias, topic) {
      if (kind === 'strimzi-identity') return topic;
      // IdentityReplicationPolicy keeps names, except heartbeats (checked with endsWith, so "myheartbeats" too).
      if (kind === 'identity' && !looksLikeHeartbeat(topic)) return topic;
      return sourceClusterAlias + separator + topic;
    },
    topicSource(topic) {
      if (kind === 'strimzi-identity') return cfg.sourceClusterAlias ?? null;
      if (kind === 'identity' && !looksLikeHeartbeat(topic)) return cfg.sourceClusterAlias ?? null;
      return defaultTopicSource(topic);
    },
    upstreamTopic(topic) {
      if (kind === 'strimzi-identity') return null;
      if (kind === 'identity' && !looksLikeHeartbeat(topic)) return topic;
      return defaultUpstreamTopic(topic);
    },
    originalTopic(topic) {
      // ReplicationPolicy.originalTopic: follow upstreamTopic until it stops changing.
      let current = topic;
      for (let hops = 0; hops < 1000; hops++) {
        const up = policy.upstreamTopic(current);
        if (up === null || up === current) return current;
        current = up;
      }
      return current;
    },
    heartbeatsTopic: () => HEARTBEATS_TOPIC,
    offsetSyncsTopic(clusterAlias) {
      return `mm2-offset-syncs${internalSeparator}${clusterAlias}${internalSuffix}`;
    },
    checkpointsTopic(clusterAlias) {
      return clusterAlias + checkpointsSuffix;
    },
    isHeartbeatsTopic(topic) {
      return policy.originalTopic(topic) === HEARTBEATS_TOPIC;
    },
    isCheckpointsTopic(topic) {
      return topic.endsWith(checkpointsSuffix);
    },
    isMM2InternalTopic(topic) {
      return topic.endsWith(internalSuffix);
    },
    isInternalTopic(topic) {
      // ReplicationPolicy.isInternalTopic: Kafka-internal, Connect-style, or MM2-internal names.
      return (
        policy.isMM2InternalTopic(topic) ||
        topic.startsWith('__') ||
        topic.startsWith('.') ||
        topic.endsWith('-internal') ||
        topic.endsWith('.internal')
      );
    },
  };
  return policy;
}

/**
 * The target topic a checkpoint (and a synced target offset) names for a source topic:
 * `MirrorCheckpointTask.renameTopicPartition` @3.9 (L268-276): a topic that came from the target
 * (`confluent.orders` on the source of svl->confluent) maps back to its original name, any other
 * topic to its remote name (`svl.orders`).
 */
export function checkpointTopicName(policy: ReplicationPolicy, sourceAlias: string, targetAlias: string, topic: string): string {
  if (policy.topicSource(topic) === targetAlias) return policy.originalTopic(topic);
  return policy.formatRemoteTopic(sourceAlias, topic);
}

/** Which cluster a topic lives on, relative to one mirror (flow). */
export type ClusterRole = 'source' | 'target';

/** A topic MM2 uses, and on which cluster of the flow it lives. */
export interface TopicLocation {
  name: string;
  cluster: ClusterRole;
}

/** The internal topics one flow uses, as its connectors compute them. */
export interface InternalTopics {
  /** `<source><sep>checkpoints<sep>internal`, on the target (written by the checkpoint connector). */
  checkpoints: TopicLocation;
  /** Offset syncs: on the source named after the target (default), or on the target named after the source. */
  offsetSyncs: TopicLocation;
  /** `heartbeats` on the target of the heartbeat connector. */
  heartbeats: TopicLocation;
}

/** Inputs for computing a flow's internal topic names. */
export interface FlowNaming {
  policy: ReplicationPolicy;
  sourceAlias: string;
  targetAlias: string;
  /** `offset-syncs.topic.location`; default `source`. */
  offsetSyncsTopicLocation?: 'source' | 'target' | undefined;
}

/**
 * Internal topic names for one flow. Mirrors `MirrorCheckpointConfig.offsetSyncsTopic()` and
 * `checkpointsTopic()` @3.9: location `source` → `offsetSyncsTopic(targetAlias)` read from the
 * source cluster; any other value → `offsetSyncsTopic(sourceAlias)` on the target.
 */
export function internalTopics(flow: FlowNaming): InternalTopics {
  const onSource = (flow.offsetSyncsTopicLocation ?? 'source') === 'source';
  return {
    checkpoints: { name: flow.policy.checkpointsTopic(flow.sourceAlias), cluster: 'target' },
    offsetSyncs: onSource
      ? { name: flow.policy.offsetSyncsTopic(flow.targetAlias), cluster: 'source' }
      : { name: flow.policy.offsetSyncsTopic(flow.sourceAlias), cluster: 'target' },
    heartbeats: { name: flow.policy.heartbeatsTopic(), cluster: 'target' },
  };
}

/** A name worth looking for because a naming mistake would produce it. */
export interface LookAlikeTopic extends TopicLocation {
  kind: 'checkpoints' | 'offset-syncs';
  /** Why this name could exist, for the report. */
  reason: string;
}

const ALT_SEPARATORS = ['.', '_', '-', ''];

/** Another flow over the same clusters, by its aliases (see {@link lookAlikeTopics}). */
export interface OtherFlowAliases {
  sourceAlias: string;
  targetAlias: string;
}

/**
 * Where another flow's internal topics live, seen from `flow`: its checkpoints topic on its target,
 * its offset syncs on its source (location `source`) or on its target named after its source
 * (location `target`; the other flow's setting is not known, so both). A cluster is placed by
 * alias: the other flow's alias equal to this flow's source or target alias is that cluster; an
 * alias this flow does not use could be either cluster, so both are listed.
 */
export function otherFlowTopics(flow: FlowNaming, other: OtherFlowAliases): TopicLocation[] {
  const roleOf = (alias: string): ClusterRole[] =>
    alias === flow.sourceAlias ? ['source'] : alias === flow.targetAlias ? ['target'] : ['source', 'target'];
  const at = (name: string, alias: string) => roleOf(alias).map((cluster) => ({ name, cluster }));
  return [
    ...at(flow.policy.checkpointsTopic(other.sourceAlias), other.targetAlias),
    ...at(flow.policy.offsetSyncsTopic(other.targetAlias), other.sourceAlias),
    ...at(flow.policy.offsetSyncsTopic(other.sourceAlias), other.targetAlias),
  ];
}

/**
 * Plausible wrong names for the flow's checkpoints and offset-syncs topics, on both clusters:
 * other separators (`svl-checkpoints-internal`, `svl_checkpoints_internal`), the KIP-949 toggle,
 * the alias trap (`target.cluster.alias` defaulting to `target`, so `mm2-offset-syncs.target.internal`),
 * swapped aliases and the other offset-syncs location. The expected names are excluded, so any
 * look-alike that exists on its cluster points at a naming mismatch.
 *
 * `otherFlows` are real flows over the same clusters (a two-way mirror's reverse flow b->a, other
 * KafkaMirrorMaker2 resources): their own internal topics are excluded too. The reverse flow's
 * `mm2-offset-syncs.a.internal` on b is exactly this flow's "location=target" look-alike, yet MM2
 * writes it on purpose. A name no known flow explains stays a look-alike.
 */
export function lookAlikeTopics(flow: FlowNaming, opts: { otherFlows?: readonly OtherFlowAliases[] } = {}): LookAlikeTopic[] {
  const expected = internalTopics(flow);
  const owned = new Set(
    (opts.otherFlows ?? [])
      .filter((o) => o.sourceAlias !== flow.sourceAlias || o.targetAlias !== flow.targetAlias)
      .flatMap((o) => otherFlowTopics(flow, o))
      .map((t) => `${t.cluster}\u0000${t.name}`),
  );
  const out = new Map<string, LookAlikeTopic>();
  const add = (t: LookAlikeTopic) => {
    const key = `${t.cluster}\u0000${t.name}`;
    const isExpected =
      (t.name === expected.checkpoints.name && t.cluster === expected.checkpoints.cluster) ||
      (t.name === expected.offsetSyncs.name && t.cluster === expected.offsetSyncs.cluster);
    if (!isExpected && !owned.has(key) && !out.has(key)) out.set(key, t);
  };
  const { sourceAlias: src, targetAlias: tgt } = flow;
  const seps = [flow.policy.internalSeparator, flow.policy.separator, ...ALT_SEPARATORS];
  const checkpoints = (alias: string, sep: string) => `${alias}${sep}checkpoints${sep}internal`;
  const offsetSyncs = (alias: string, sep: string) => `mm2-offset-syncs${sep}${alias}${sep}internal`;
  const both: ClusterRole[] = ['source', 'target'];

  for (const sep of seps) {
    const sepNote = `separator '${sep}'`;
    add({ kind: 'checkpoints', name: checkpoints(src, sep), cluster: 'target', reason: `checkpoints topic with ${sepNote}` });
    add({ kind: 'checkpoints', name: checkpoints(src, sep), cluster: 'source', reason: `checkpoints topic with ${sepNote} on the wrong cluster` });
    add({ kind: 'checkpoints', name: checkpoints(tgt, sep), cluster: 'target', reason: `checkpoints topic named after the target alias (${sepNote})` });
    for (const cluster of both) {
      add({ kind: 'offset-syncs', name: offsetSyncs(tgt, sep), cluster, reason: `offset-syncs topic for location=source with ${sepNote}` });
      add({ kind: 'offset-syncs', name: offsetSyncs(src, sep), cluster, reason: `offset-syncs topic for location=target with ${sepNote}` });
    }
  }
  // Alias trap: target.cluster.alias defaults to "target" (MirrorConnectorConfig.TARGET_CLUSTER_ALIAS_DEFAULT),
  // and "source" is SOURCE_CLUSTER_ALIAS_DEFAULT.
  for (const sep of new Set([flow.policy.internalSeparator, '.'])) {
    for (const cluster of both) {
      add({ kind: 'offset-syncs', name: offsetSyncs('target', sep), cluster, reason: `target.cluster.alias left at its default "target"` });
      add({ kind: 'offset-syncs', name: offsetSyncs('source', sep), cluster, reason: `source.cluster.alias given as "source"` });
    }
    add({ kind: 'checkpoints', name: checkpoints('source', sep), cluster: 'target', reason: `source.cluster.alias given as "source"` });
  }
  return [...out.values()];
}

/** Heuristic: does a topic name look like some flow's checkpoints topic (any separator)? */
export function looksLikeCheckpointsTopic(name: string): boolean {
  return /checkpoints[._-]?internal$/.test(name);
}

/** Heuristic: does a topic name look like some flow's offset-syncs topic (any separator)? */
export function looksLikeOffsetSyncsTopic(name: string): boolean {
  return /^mm2-offset-syncs/.test(name);
}
