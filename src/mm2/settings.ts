/**
 * Effective MM2 settings of one mirror (flow), per connector, with where every value came from.
 *
 * Precedence for each connector (source, checkpoint, heartbeat):
 * 1. its live config from Kafka Connect REST (`GET /connectors/<name>/config`) — authoritative;
 *    the bot config's overrides are then ignored for that connector;
 * 2. otherwise the config Strimzi generates from the `KafkaMirrorMaker2` resource, with the bot
 *    config's per-mirror `settings:` overrides on top (they describe what is really deployed);
 * 3. otherwise the overrides alone, with the bot config's source/target aliases as the aliases;
 * 4. Kafka's defaults for the version (the checkpoint connector's `target.cluster.alias` defaults
 *    to `target`, which is the "alias trap").
 * For checkpointing, the CHECKPOINT connector's values are what matter; the source connector's
 * matter for where offset syncs are written.
 */
import { groupFilter, topicFilter, type NameFilter } from './filters.ts';
import { javaTrim, parseBoolean, parseInt32, parseLong, parseShort } from './kafka-config.ts';
import { MM2_KEYS, mm2KeySpec, type Mm2KeySpec } from './keys.ts';
import { internalTopics, replicationPolicy, type FlowNaming, type InternalTopics, type ReplicationPolicy, type TopicLocation } from './policy.ts';
import { CONNECTOR_CLASSES, strimziConnectorConfigs, strimziConnectorName, type ConnectorRole, type KafkaMirrorMaker2Resource, type StrimziMapping } from './strimzi.ts';
import { atLeast, DEFAULT_KAFKA_VERSION, kafkaVersion, mm2Features, parseKafkaVersion, type KafkaVersion } from './version.ts';

/** Where a value came from. */
export type SettingSource = 'connect' | 'strimzi' | 'config-override' | 'default';

/** Provenance of a raw value: Connect connector name, Strimzi CR field path, or bot-config path. */
export interface Origin {
  source: SettingSource;
  /** Strimzi: CR field (`spec.mirrors[0].groupsPattern`); config-override: bot config path. */
  path?: string | undefined;
  /** Connect: the connector whose config holds the value. */
  connector?: string | undefined;
}

/** One effective setting: typed value, the raw string, its origin, and whether Kafka accepts it. */
export interface Setting<T> extends Origin {
  key: string;
  value: T;
  /** The configured string; `undefined` when Kafka's default applies. */
  raw: string | undefined;
  /** Kafka would reject the value and the connector would fail to start; `value` is then the default. */
  error?: string | undefined;
  /** A fact about this value, e.g. that this Kafka version ignores the key. */
  note?: string | undefined;
}

/** The modelled settings of one connector. */
export interface ConnectorSettings {
  role: ConnectorRole;
  name: string;
  /** Whether the connector exists per Connect or Strimzi; `undefined` when neither was consulted. */
  present: boolean | undefined;
  /** Strimzi's requested state (`state`, else deprecated `pause`). */
  state: Setting<'running' | 'paused' | 'stopped'> | undefined;
  enabled: Setting<boolean>;
  sourceAlias: Setting<string | undefined>;
  targetAlias: Setting<string>;
  replicationPolicyClass: Setting<string>;
  separator: Setting<string>;
  internalTopicSeparatorEnabled: Setting<boolean>;
  offsetSyncsTopicLocation: Setting<'source' | 'target'>;
  topics: Setting<string>;
  /** `topics.exclude`, or the deprecated `topics.blacklist` when only that is set (Kafka < 4.0). */
  topicsExclude: Setting<string>;
  groups: Setting<string>;
  /** `groups.exclude`, or the deprecated `groups.blacklist` when only that is set (Kafka < 4.0). */
  groupsExclude: Setting<string>;
  topicFilterClass: Setting<string>;
  groupFilterClass: Setting<string>;
  emitCheckpointsEnabled: Setting<boolean>;
  emitCheckpointsIntervalSeconds: Setting<number>;
  refreshGroupsEnabled: Setting<boolean>;
  refreshGroupsIntervalSeconds: Setting<number>;
  syncGroupOffsetsEnabled: Setting<boolean>;
  syncGroupOffsetsIntervalSeconds: Setting<number>;
  checkpointsTopicReplicationFactor: Setting<number>;
  offsetLagMax: Setting<number>;
  emitOffsetSyncsEnabled: Setting<boolean>;
  adminTimeoutMs: Setting<number>;
  tasksMax: Setting<number>;
  /** Every key handed to the connector (modelled or not), with its origin. */
  raw: Record<string, { value: string } & Origin>;
}

/** Effective settings of a mirror. */
export interface MirrorSettings {
  kafkaVersion: KafkaVersion;
  source: ConnectorSettings;
  checkpoint: ConnectorSettings;
  heartbeat: ConnectorSettings;
  /** The Strimzi mapping used, when a CR was given. */
  strimzi: StrimziMapping | undefined;
  notes: string[];
}

/** Inputs of {@link effectiveSettings}; every source is optional. */
export interface MirrorSettingsInput {
  /** Kafka version of the MM2 runtime; default the CR's `spec.version`, else 3.9.0. */
  kafkaVersion?: string | undefined;
  /** Aliases the bot config uses for this mirror, and the bot-config paths that name them. */
  aliases?: { source: string; target: string; sourcePath?: string; targetPath?: string } | undefined;
  /** Live connector configs from Connect REST, by role (a missing role means "not found in Connect"). */
  connect?: { configs: Partial<Record<ConnectorRole, Record<string, string>>>; names?: Partial<Record<ConnectorRole, string>> } | undefined;
  /** A Strimzi `KafkaMirrorMaker2` and which `spec.mirrors[]` entry this mirror is. */
  strimzi?: { resource: KafkaMirrorMaker2Resource; mirrorIndex: number } | undefined;
  /** The bot config's per-mirror `settings:` overrides and their config path (e.g. `mirrors[0].settings`). */
  overrides?: { values: Record<string, string>; path: string } | undefined;
}

type Layer = Map<string, { value: string } & Origin>;

const quotePath = (path: string, key: string) => `${path}[${JSON.stringify(key)}]`;

function versionOf(input: MirrorSettingsInput): KafkaVersion {
  const raw = input.kafkaVersion ?? input.strimzi?.resource.spec.version ?? DEFAULT_KAFKA_VERSION;
  const v = parseKafkaVersion(raw);
  return 'error' in v ? kafkaVersion(DEFAULT_KAFKA_VERSION) : v;
}

function buildLayer(role: ConnectorRole, name: string, input: MirrorSettingsInput, mapping: StrimziMapping | undefined, notes: string[]): Layer {
  const layer: Layer = new Map();
  const live = input.connect?.configs[role];
  if (live !== undefined) {
    for (const [k, v] of Object.entries(live)) layer.set(k, { value: v, source: 'connect', connector: name });
    const ignored = Object.keys(input.overrides?.values ?? {}).filter((k) => live[k] !== input.overrides?.values[k]);
    if (ignored.length > 0) notes.push(`${name}: Connect reported the live config, so the bot config overrides ${ignored.join(', ')} are not used`);
    return layer;
  }
  const generated = mapping?.connectors.find((c) => c.role === role);
  if (generated) {
    for (const [k, v] of Object.entries(generated.config)) layer.set(k, { value: v, source: 'strimzi', path: generated.origins[k] });
  }
  for (const [k, v] of Object.entries(input.overrides?.values ?? {})) {
    layer.set(k, { value: v, source: 'config-override', path: quotePath(input.overrides?.path ?? 'settings', k) });
  }
  const a = input.aliases;
  if (a && !layer.has('source.cluster.alias')) layer.set('source.cluster.alias', { value: a.source, source: 'config-override', path: a.sourcePath });
  if (a && !layer.has('target.cluster.alias')) layer.set('target.cluster.alias', { value: a.target, source: 'config-override', path: a.targetPath });
  return layer;
}

type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; error: string };

const asNumber = (p: (raw: string) => { ok: true; value: bigint | number } | { ok: false; error: string }): Parser<number> => (raw) => {
  const r = p(raw);
  return r.ok ? { ok: true, value: Number(r.value) } : r;
};
const PARSERS = {
  boolean: parseBoolean as Parser<boolean>,
  long: asNumber(parseLong),
  int: asNumber(parseInt32),
  short: asNumber(parseShort),
  string: ((raw) => ({ ok: true, value: javaTrim(raw) })) as Parser<string>,
  'raw-string': ((raw) => ({ ok: true, value: raw })) as Parser<string>,
  list: ((raw) => ({ ok: true, value: raw })) as Parser<string>,
  class: ((raw) => ({ ok: true, value: javaTrim(raw) })) as Parser<string>,
  location: ((raw) => {
    // ConfigDef.ValidString.in("source", "target") is case-sensitive.
    const t = javaTrim(raw);
    return t === 'source' || t === 'target'
      ? { ok: true, value: t }
      : { ok: false, error: `Invalid value ${t} for configuration offset-syncs.topic.location: String must be one of: source, target` };
  }) as Parser<'source' | 'target'>,
};

function readSetting<T>(layer: Layer, spec: Mm2KeySpec, version: KafkaVersion, parse: Parser<T>, fallback: T): Setting<T> {
  const entry = layer.get(spec.key);
  const defaultValue = (): T => {
    if (spec.default === undefined) return fallback;
    const d = parse(spec.default);
    return d.ok ? d.value : fallback;
  };
  if (entry === undefined) {
    return { key: spec.key, value: defaultValue(), raw: undefined, source: 'default' };
  }
  const base = { key: spec.key, raw: entry.value, source: entry.source, path: entry.path, connector: entry.connector };
  if (spec.since !== undefined && !atLeast(version, spec.since)) {
    return { ...base, value: defaultValue(), note: `ignored: Kafka ${version.raw} does not know ${spec.key} (added in ${spec.since})` };
  }
  if (spec.until !== undefined && atLeast(version, spec.until)) {
    return { ...base, value: defaultValue(), note: `ignored: ${spec.key} was removed in Kafka ${spec.until}` };
  }
  const parsed = parse(entry.value);
  if (!parsed.ok) return { ...base, value: defaultValue(), error: parsed.error };
  return { ...base, value: parsed.value };
}

function spec(key: string): Mm2KeySpec {
  const s = mm2KeySpec(key);
  if (!s) throw new Error(`unmodelled key ${key}`);
  return s;
}

function connectorSettings(role: ConnectorRole, name: string, present: boolean | undefined, layer: Layer, version: KafkaVersion, mapping: StrimziMapping | undefined): ConnectorSettings {
  const bool = (key: string) => readSetting(layer, spec(key), version, PARSERS.boolean, false);
  const num = (key: string) => {
    const s = spec(key);
    return readSetting(layer, s, version, PARSERS[s.type as 'long' | 'int' | 'short'], 0);
  };
  const str = (key: string) => readSetting(layer, spec(key), version, PARSERS[spec(key).type as 'string' | 'raw-string' | 'list' | 'class'], '');
  // ConfigUtils.translateDeprecatedConfigs: the deprecated alias applies only when the key is absent.
  const withAlias = (key: string, alias: string) => {
    const features = mm2Features(version);
    if (!layer.has(key) && layer.has(alias) && features.blacklistAliases) return str(alias);
    return str(key);
  };
  const sourceAlias: Setting<string | undefined> = readSetting<string | undefined>(layer, spec('source.cluster.alias'), version, PARSERS.string, undefined);
  if (sourceAlias.source === 'default') sourceAlias.error = 'Missing required configuration "source.cluster.alias" which has no default value.';

  const generated = mapping?.connectors.find((c) => c.role === role);
  const state: ConnectorSettings['state'] = generated
    ? { key: 'state', value: generated.state, raw: generated.statePath ? generated.state : undefined, source: generated.statePath ? 'strimzi' : 'default', path: generated.statePath }
    : undefined;

  const raw: ConnectorSettings['raw'] = {};
  for (const [k, v] of layer) raw[k] = v;

  return {
    role,
    name,
    present,
    state,
    enabled: bool('enabled'),
    sourceAlias,
    targetAlias: str('target.cluster.alias'),
    replicationPolicyClass: str('replication.policy.class'),
    separator: str('replication.policy.separator'),
    internalTopicSeparatorEnabled: bool('replication.policy.internal.topic.separator.enabled'),
    offsetSyncsTopicLocation: readSetting(layer, spec('offset-syncs.topic.location'), version, PARSERS.location, 'source'),
    topics: str('topics'),
    topicsExclude: withAlias('topics.exclude', 'topics.blacklist'),
    groups: str('groups'),
    groupsExclude: withAlias('groups.exclude', 'groups.blacklist'),
    topicFilterClass: str('topic.filter.class'),
    groupFilterClass: str('group.filter.class'),
    emitCheckpointsEnabled: bool('emit.checkpoints.enabled'),
    emitCheckpointsIntervalSeconds: num('emit.checkpoints.interval.seconds'),
    refreshGroupsEnabled: bool('refresh.groups.enabled'),
    refreshGroupsIntervalSeconds: num('refresh.groups.interval.seconds'),
    syncGroupOffsetsEnabled: bool('sync.group.offsets.enabled'),
    syncGroupOffsetsIntervalSeconds: num('sync.group.offsets.interval.seconds'),
    checkpointsTopicReplicationFactor: num('checkpoints.topic.replication.factor'),
    offsetLagMax: num('offset.lag.max'),
    emitOffsetSyncsEnabled: bool('emit.offset-syncs.enabled'),
    adminTimeoutMs: num('admin.timeout.ms'),
    tasksMax: num('tasks.max'),
    raw,
  };
}

/** Resolves a mirror's effective settings from Connect, Strimzi, bot-config overrides and defaults. */
export function effectiveSettings(input: MirrorSettingsInput): MirrorSettings {
  const version = versionOf(input);
  const notes: string[] = [];
  let mapping: StrimziMapping | undefined;
  if (input.strimzi) {
    const m = strimziConnectorConfigs(input.strimzi.resource, input.strimzi.mirrorIndex);
    if ('error' in m) notes.push(m.error);
    else {
      mapping = m;
      notes.push(...m.problems, ...m.warnings);
    }
  }
  const src = mapping?.sourceAlias ?? input.aliases?.source;
  const tgt = mapping?.targetAlias ?? input.aliases?.target;
  const build = (role: ConnectorRole): ConnectorSettings => {
    const name =
      input.connect?.names?.[role] ??
      mapping?.connectors.find((c) => c.role === role)?.name ??
      (src !== undefined && tgt !== undefined && mapping ? strimziConnectorName(src, tgt, role) : CONNECTOR_CLASSES[role]);
    let present: boolean | undefined;
    if (input.connect) present = input.connect.configs[role] !== undefined;
    else if (mapping) present = mapping.connectors.some((c) => c.role === role);
    return connectorSettings(role, name, present, buildLayer(role, name, input, mapping, notes), version, mapping);
  };
  return { kafkaVersion: version, source: build('source'), checkpoint: build('checkpoint'), heartbeat: build('heartbeat'), strimzi: mapping, notes };
}

/** Raw string values of a connector's settings (for the filters, which read Kafka LIST strings). */
export function rawValues(cs: ConnectorSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(cs.raw)) out[k] = v.value;
  return out;
}

/** The replication policy this connector instantiates. */
export function policyOf(cs: ConnectorSettings, version: KafkaVersion, fallbackSourceAlias?: string): ReplicationPolicy {
  return replicationPolicy({
    className: cs.replicationPolicyClass.value,
    separator: cs.raw['replication.policy.separator']?.value,
    internalTopicSeparatorEnabled: cs.raw['replication.policy.internal.topic.separator.enabled']?.value,
    sourceClusterAlias: cs.sourceAlias.value ?? fallbackSourceAlias,
    kafkaVersion: version,
  });
}

/** The group filter this connector configures (only meaningful for the checkpoint connector). */
export function groupFilterOf(cs: ConnectorSettings, version: KafkaVersion): NameFilter {
  return groupFilter(rawValues(cs), { blacklistAlias: mm2Features(version).blacklistAliases });
}

/** The topic filter this connector configures. */
export function topicFilterOf(cs: ConnectorSettings, version: KafkaVersion): NameFilter {
  return topicFilter(rawValues(cs), { blacklistAlias: mm2Features(version).blacklistAliases });
}

/**
 * Naming inputs (policy, aliases, offset-syncs location) as this connector sees them. A connector
 * without `source.cluster.alias` fails to start; `fallback` names the topics it would use anyway.
 */
export function flowNamingOf(cs: ConnectorSettings, version: KafkaVersion, fallback?: { sourceAlias: string }): FlowNaming {
  return {
    policy: policyOf(cs, version, fallback?.sourceAlias),
    sourceAlias: cs.sourceAlias.value ?? fallback?.sourceAlias ?? '',
    targetAlias: cs.targetAlias.value,
    offsetSyncsTopicLocation: mm2Features(version).offsetSyncsTopicLocation ? cs.offsetSyncsTopicLocation.value : 'source',
  };
}

/** Internal topic names as this connector computes them. */
export function internalTopicsOf(cs: ConnectorSettings, version: KafkaVersion, fallback?: { sourceAlias: string }): InternalTopics {
  return internalTopics(flowNamingOf(cs, version, fallback));
}

/** One setting that differs between the source and the checkpoint connector. */
export interface ConnectorConfigMismatch {
  key: string;
  sourceConnector: Setting<unknown>;
  checkpointConnector: Setting<unknown>;
  consequence: string;
}

/** Result of {@link compareConnectors}. */
export interface ConnectorComparison {
  mismatches: ConnectorConfigMismatch[];
  /** Where the source connector writes offset syncs and where the checkpoint connector reads them. */
  offsetSyncs: { writtenBySource: TopicLocation; readByCheckpoint: TopicLocation; match: boolean };
}

const NAMING = 'the two connectors compute different internal topic names';
const FILTER = 'groups committing on topics only the checkpoint connector accepts get tasks but never get offset syncs, so no checkpoints';
const COMPARED: Array<[keyof ConnectorSettings & string, string]> = [
  ['replicationPolicyClass', NAMING],
  ['separator', NAMING],
  ['internalTopicSeparatorEnabled', NAMING],
  ['offsetSyncsTopicLocation', 'the checkpoint connector looks for offset syncs on the other cluster'],
  ['sourceAlias', NAMING],
  ['targetAlias', NAMING],
  ['topics', FILTER],
  ['topicsExclude', FILTER],
  ['topicFilterClass', FILTER],
];

/**
 * Settings that must match between MirrorSourceConnector and MirrorCheckpointConnector (Strimzi
 * docs, "Aligning the configuration of MirrorMaker 2 connectors"; strimzi#4498), and the
 * offset-syncs topic each one derives from them.
 */
export function compareConnectors(settings: MirrorSettings): ConnectorComparison {
  const { source, checkpoint, kafkaVersion: v } = settings;
  const mismatches: ConnectorConfigMismatch[] = [];
  for (const [field, consequence] of COMPARED) {
    const a = source[field] as Setting<unknown>;
    const b = checkpoint[field] as Setting<unknown>;
    if (a.value !== b.value) mismatches.push({ key: a.key === b.key ? a.key : `${a.key} / ${b.key}`, sourceConnector: a, checkpointConnector: b, consequence });
  }
  const writtenBySource = internalTopicsOf(source, v).offsetSyncs;
  const readByCheckpoint = internalTopicsOf(checkpoint, v).offsetSyncs;
  return {
    mismatches,
    offsetSyncs: { writtenBySource, readByCheckpoint, match: writtenBySource.name === readByCheckpoint.name && writtenBySource.cluster === readByCheckpoint.cluster },
  };
}

/** Keys `effectiveSettings` models (re-exported for config validation). */
export const MODELLED_KEYS: readonly string[] = MM2_KEYS.map((k) => k.key);

/** One connector's settings as flat strings with where each came from: what filters read and steps print. */
export interface SettingsView {
  kafkaVersion: string;
  /** The mirror's aliases as the mm2-doctor config names them. */
  sourceAlias: string;
  targetAlias: string;
  /** Every key the connector was given, plus each modelled key's effective value. */
  values: Record<string, string>;
  origin: Record<string, { from: SettingSource; /** e.g. `spec.mirrors[0].groupsPattern` */ path?: string }>;
}

/**
 * The flat view of one connector's settings (the checkpoint connector's by default). For a
 * Strimzi-managed mirror a key's origin names the resource field behind it even when the live value
 * came from Connect: that field is what the operator edits.
 */
export function settingsView(ms: MirrorSettings, aliases: { sourceAlias: string; targetAlias: string }, role: ConnectorRole = 'checkpoint'): SettingsView {
  const cs = ms[role];
  const values: Record<string, string> = {};
  const origin: SettingsView['origin'] = {};
  const strimziPaths = ms.strimzi?.connectors.find((c) => c.role === role)?.origins ?? {};
  for (const [k, v] of Object.entries(cs.raw)) {
    values[k] = v.value;
    const p = v.path ?? (v.source === 'connect' ? strimziPaths[k] : undefined);
    origin[k] = { from: v.source, ...(p && { path: p }) };
  }
  for (const s of Object.values(cs)) {
    if (!isSetting(s) || s.value === undefined) continue;
    values[s.key] ??= String(s.value);
    origin[s.key] ??= { from: s.source, ...(s.path && { path: s.path }) };
  }
  return { kafkaVersion: ms.kafkaVersion.raw, sourceAlias: aliases.sourceAlias, targetAlias: aliases.targetAlias, values, origin };
}

function isSetting(s: unknown): s is Setting<unknown> {
  return typeof s === 'object' && s !== null && 'key' in s && typeof (s as { key: unknown }).key === 'string' && 'source' in s;
}

/**
 * The same settings with `values` set (or, when `undefined`, unset) on the given connectors, as if
 * configured from `origin`,
 * every typed setting re-derived. What-if views (and test fixtures) use it; gathering never does.
 */
export function withRawSettings(ms: MirrorSettings, values: Record<string, string | undefined>, origin: Origin, roles: readonly ConnectorRole[] = ['source', 'checkpoint', 'heartbeat']): MirrorSettings {
  const rebuild = (cs: ConnectorSettings): ConnectorSettings => {
    if (!roles.includes(cs.role)) return cs;
    const layer: Layer = new Map(Object.entries(cs.raw));
    // `undefined` unsets a key: Kafka's default applies again.
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) layer.delete(k);
      else layer.set(k, { value: v, ...origin });
    }
    return connectorSettings(cs.role, cs.name, cs.present, layer, ms.kafkaVersion, ms.strimzi);
  };
  return { ...ms, source: rebuild(ms.source), checkpoint: rebuild(ms.checkpoint), heartbeat: rebuild(ms.heartbeat) };
}

/** The same settings as a Kafka version would read them (a version decides which keys count). */
export function atKafkaVersion(ms: MirrorSettings, version: string): MirrorSettings {
  const v = parseKafkaVersion(version);
  const kv = 'error' in v ? ms.kafkaVersion : v;
  const rebuild = (cs: ConnectorSettings) => connectorSettings(cs.role, cs.name, cs.present, new Map(Object.entries(cs.raw)), kv, ms.strimzi);
  return { ...ms, kafkaVersion: kv, source: rebuild(ms.source), checkpoint: rebuild(ms.checkpoint), heartbeat: rebuild(ms.heartbeat) };
}
