/**
 * Command lines the steps show, filled in from the runbook context. Pure string builders: every
 * value is shell-quoted when it needs it, and nothing secret is ever added.
 */
import type { ClusterAccess, RunbookContext } from '../model/runbook-context.ts';

/** POSIX shell quoting for one word (connector names contain `>`). */
export function shq(word: string): string {
  return /^[A-Za-z0-9_.:,/@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function base(tool: string, c: ClusterAccess): string {
  const cfg = c.commandConfig ? ` --command-config ${shq(c.commandConfig)}` : '';
  return `${tool} --bootstrap-server ${shq(c.bootstrap)}${cfg}`;
}

/** `kafka-consumer-groups.sh --list`. */
export const listGroups = (c: ClusterAccess) => `${base('kafka-consumer-groups.sh', c)} --list`;
/** `kafka-consumer-groups.sh --group G --describe`. */
export const describeGroup = (c: ClusterAccess, group: string) => `${base('kafka-consumer-groups.sh', c)} --group ${shq(group)} --describe`;
/** `kafka-consumer-groups.sh --describe --all-groups`, for when no group name is known. */
export const describeAllGroups = (c: ClusterAccess) => `${base('kafka-consumer-groups.sh', c)} --describe --all-groups`;
/** `kafka-topics.sh --describe --topic T`: partitions and replication factor. */
export const describeTopic = (c: ClusterAccess, topic: string) => `${base('kafka-topics.sh', c)} --describe --topic ${shq(topic)}`;
/** `kafka-topics.sh --list`. */
export const listTopics = (c: ClusterAccess) => `${base('kafka-topics.sh', c)} --list`;
/** `kafka-configs.sh --describe` for one topic: cleanup.policy and retention. */
export const describeTopicConfigs = (c: ClusterAccess, topic: string) =>
  `${base('kafka-configs.sh', c)} --describe --entity-type topics --entity-name ${shq(topic)}`;
/** `kafka-configs.sh --alter --add-config k=v` for one topic. */
export const alterTopicConfig = (c: ClusterAccess, topic: string, kv: string) =>
  `${base('kafka-configs.sh', c)} --alter --entity-type topics --entity-name ${shq(topic)} --add-config ${shq(kv)}`;
/** `kafka-topics.sh --create` with the settings MM2 itself uses for internal topics (1 partition, compact). */
export const createCompactedTopic = (c: ClusterAccess, topic: string, rf: number) =>
  `${base('kafka-topics.sh', c)} --create --topic ${shq(topic)} --partitions 1 --replication-factor ${rf} --config cleanup.policy=compact`;
/** `kafka-topics.sh --delete`. */
export const deleteTopic = (c: ClusterAccess, topic: string) => `${base('kafka-topics.sh', c)} --delete --topic ${shq(topic)}`;
/** `kafka-get-offsets.sh`: start and end offsets per partition. */
export const getOffsets = (c: ClusterAccess, topic: string) => `${base('kafka-get-offsets.sh', c)} --topic ${shq(topic)}`;
/** `kafka-broker-api-versions.sh`: the cheapest "can I reach and authenticate to the brokers" probe. */
export const probeBrokers = (c: ClusterAccess) => base('kafka-broker-api-versions.sh', c);
/** `kafka-acls.sh --list` for one resource. */
export const listAcls = (c: ClusterAccess, resource: '--group' | '--topic', name: string) =>
  `${base('kafka-acls.sh', c)} --list ${resource} ${shq(name)}`;

/** `kafka-acls.sh --add` for one ALLOW rule (literal pattern, the tool's default). */
export function addAcl(c: ClusterAccess, acl: { resource: 'topic' | 'group' | 'cluster'; name: string; operation: string; principal?: string | undefined }): string {
  const resource = acl.resource === 'cluster' ? '--cluster' : `--${acl.resource} ${shq(acl.name)}`;
  return `${base('kafka-acls.sh', c)} --add --allow-principal ${shq(acl.principal ?? 'User:<mm2-doctor principal>')} --operation ${acl.operation} ${resource}`;
}

/** Console consumer with one of MM2's formatters (`OffsetSyncFormatter`, `CheckpointFormatter`; KIP-597). */
export function consumeFormatted(c: ClusterAccess, topic: string, formatter: 'OffsetSyncFormatter' | 'CheckpointFormatter'): string {
  const cfg = c.commandConfig ? ` --consumer.config ${shq(c.commandConfig)}` : '';
  return (
    `kafka-console-consumer.sh --bootstrap-server ${shq(c.bootstrap)}${cfg} --topic ${shq(topic)} --partition 0 --offset earliest` +
    ` --formatter org.apache.kafka.connect.mirror.formatters.${formatter}`
  );
}

/** The cluster an internal topic lives on. */
export function clusterOf(ctx: RunbookContext, role: 'source' | 'target'): ClusterAccess {
  return role === 'source' ? ctx.source : ctx.target;
}

/** `curl` against the Connect REST API; `null` when no URL is known. Connector names are URL-encoded (`->`). */
export function connectGet(ctx: RunbookContext, path: string): string | null {
  return ctx.connectUrl === null ? null : `curl -s ${shq(ctx.connectUrl + path)}`;
}

/** REST path of a connector resource. */
export const connectorPath = (name: string, sub = '') => `/connectors/${encodeURIComponent(name)}${sub}`;

/** `curl -X <method>` against the Connect REST API. */
export function connectCall(ctx: RunbookContext, method: 'POST' | 'PUT', path: string): string | null {
  return ctx.connectUrl === null ? null : `curl -s -X ${method} ${shq(ctx.connectUrl + path)}`;
}

/** `oc|kubectl [-n ns] <verb> kafkamirrormaker2 <name> …`. */
export function strimziCli(ctx: RunbookContext, verb: string, rest = ''): string | null {
  const s = ctx.strimzi;
  if (!s) return null;
  const ns = s.namespace ? ` -n ${shq(s.namespace)}` : '';
  return `${s.cli}${ns} ${verb} kafkamirrormaker2 ${shq(s.name)}${rest ? ` ${rest}` : ''}`;
}

/** The `spec.mirrors[N]` prefix of this mirror. */
export function mirrorPath(ctx: RunbookContext): string {
  return `spec.mirrors[${ctx.strimzi?.mirrorIndex ?? 0}]`;
}

const STRIMZI_FILTER_FIELDS: Record<string, string> = {
  groups: 'groupsPattern',
  'groups.exclude': 'groupsExcludePattern',
  'groups.blacklist': 'groupsExcludePattern',
  topics: 'topicsPattern',
  'topics.exclude': 'topicsExcludePattern',
  'topics.blacklist': 'topicsExcludePattern',
};

/**
 * The KafkaMirrorMaker2 field that sets an MM2 key: the provenance path when the settings have one,
 * else the mirror-level pattern field for filters (Strimzi writes those to every connector, strimzi.md
 * §1.6), else the key under the connector's `config`.
 */
export function strimziField(ctx: RunbookContext, key: string, connector: 'checkpointConnector' | 'sourceConnector' = 'checkpointConnector'): string {
  // A Strimzi-managed value read live from Connect keeps the CR field as its path.
  const path = ctx.settings.origin[key]?.path;
  if (path?.startsWith('spec.')) return path;
  const field = STRIMZI_FILTER_FIELDS[key];
  if (field) return `${mirrorPath(ctx)}.${field}`;
  return `${mirrorPath(ctx)}.${connector}.config["${key}"]`;
}
