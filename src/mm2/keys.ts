/**
 * The MM2 connector settings mm2-doctor models: key, Kafka type, default and version range
 * (MirrorConnectorConfig / MirrorSourceConfig / MirrorCheckpointConfig @3.9, and the filters).
 * Used for effective-settings resolution and for did-you-mean on the bot config's `settings:`.
 */
import { GROUPS_EXCLUDE_DEFAULT, GROUPS_INCLUDE_DEFAULT, TOPICS_EXCLUDE_DEFAULT, TOPICS_INCLUDE_DEFAULT } from './filters.ts';
import { DEFAULT_POLICY_CLASS, DEFAULT_SEPARATOR } from './policy.ts';

/** How Kafka parses a value (`ConfigDef.Type`, plus `location` for the ValidString of `offset-syncs.topic.location`). */
export type Mm2KeyType = 'string' | 'raw-string' | 'boolean' | 'long' | 'int' | 'short' | 'list' | 'class' | 'location';

/** One modelled MM2 setting. */
export interface Mm2KeySpec {
  key: string;
  type: Mm2KeyType;
  /** Kafka's default; `undefined` for a required key without default (`source.cluster.alias`). */
  default: string | undefined;
  /** First Kafka version that knows the key. */
  since?: string;
  /** Kafka version that removed the key. */
  until?: string;
}

/** Every modelled key, in a stable order. */
export const MM2_KEYS = [
  { key: 'enabled', type: 'boolean', default: 'true' },
  { key: 'source.cluster.alias', type: 'string', default: undefined },
  // MirrorConnectorConfig.TARGET_CLUSTER_ALIAS_DEFAULT: the alias trap when set on one connector only.
  { key: 'target.cluster.alias', type: 'string', default: 'target' },
  { key: 'replication.policy.class', type: 'class', default: DEFAULT_POLICY_CLASS },
  // The policy reads the raw (untrimmed) originals value.
  { key: 'replication.policy.separator', type: 'raw-string', default: DEFAULT_SEPARATOR },
  { key: 'replication.policy.internal.topic.separator.enabled', type: 'boolean', default: 'true', since: '3.5.2' },
  { key: 'offset-syncs.topic.location', type: 'location', default: 'source', since: '3.0.0' },
  { key: 'topics', type: 'list', default: TOPICS_INCLUDE_DEFAULT },
  { key: 'topics.exclude', type: 'list', default: TOPICS_EXCLUDE_DEFAULT },
  { key: 'topics.blacklist', type: 'list', default: undefined, until: '4.0.0' },
  { key: 'groups', type: 'list', default: GROUPS_INCLUDE_DEFAULT },
  { key: 'groups.exclude', type: 'list', default: GROUPS_EXCLUDE_DEFAULT },
  { key: 'groups.blacklist', type: 'list', default: undefined, until: '4.0.0' },
  { key: 'topic.filter.class', type: 'class', default: 'org.apache.kafka.connect.mirror.DefaultTopicFilter' },
  { key: 'group.filter.class', type: 'class', default: 'org.apache.kafka.connect.mirror.DefaultGroupFilter' },
  { key: 'emit.checkpoints.enabled', type: 'boolean', default: 'true' },
  { key: 'emit.checkpoints.interval.seconds', type: 'long', default: '60' },
  { key: 'refresh.groups.enabled', type: 'boolean', default: 'true' },
  { key: 'refresh.groups.interval.seconds', type: 'long', default: '600' },
  { key: 'sync.group.offsets.enabled', type: 'boolean', default: 'false', since: '2.7.0' },
  { key: 'sync.group.offsets.interval.seconds', type: 'long', default: '60', since: '2.7.0' },
  { key: 'checkpoints.topic.replication.factor', type: 'short', default: '3' },
  { key: 'offset-syncs.topic.replication.factor', type: 'short', default: '3' },
  { key: 'offset.lag.max', type: 'long', default: '100' },
  { key: 'emit.offset-syncs.enabled', type: 'boolean', default: 'true', since: '3.9.0' },
  { key: 'admin.timeout.ms', type: 'long', default: '60000' },
  { key: 'emit.heartbeats.enabled', type: 'boolean', default: 'true' },
  { key: 'emit.heartbeats.interval.seconds', type: 'long', default: '1' },
  { key: 'sync.topic.configs.enabled', type: 'boolean', default: 'true' },
  { key: 'sync.topic.acls.enabled', type: 'boolean', default: 'true' },
  { key: 'refresh.topics.enabled', type: 'boolean', default: 'true' },
  { key: 'refresh.topics.interval.seconds', type: 'long', default: '600' },
  { key: 'tasks.max', type: 'int', default: '1' },
] as const satisfies readonly Mm2KeySpec[];

/** A modelled key name. */
export type Mm2Key = (typeof MM2_KEYS)[number]['key'];

const BY_KEY: ReadonlyMap<string, Mm2KeySpec> = new Map(MM2_KEYS.map((k) => [k.key, k as Mm2KeySpec]));

/** The spec of a modelled key, or undefined. */
export function mm2KeySpec(key: string): Mm2KeySpec | undefined {
  return BY_KEY.get(key);
}

/** All modelled key names (for did-you-mean). */
export function mm2KeyNames(): string[] {
  return MM2_KEYS.map((k) => k.key);
}
