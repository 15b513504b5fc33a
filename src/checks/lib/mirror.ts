/**
 * The mirror's MM2 semantics as checks need them, built from `Facts.settings` with the mm2 module
 * (filters, policy, versions). No MM2 rule is re-implemented here.
 */
import type { Facts } from '../../model/facts.ts';
import { groupFilter, topicFilter, type NameFilter, type RawSettings } from '../../mm2/filters.ts';
import { mm2KeySpec } from '../../mm2/keys.ts';
import { replicationPolicy, type ReplicationPolicy } from '../../mm2/policy.ts';
import { DEFAULT_KAFKA_VERSION, kafkaVersion, mm2Features, parseKafkaVersion, type KafkaVersion } from '../../mm2/version.ts';

/** The Kafka version MM2 runs, or 3.9.0 when the settings carry none. */
export function versionOf(facts: Facts): KafkaVersion {
  const v = parseKafkaVersion(facts.settings.kafkaVersion ?? DEFAULT_KAFKA_VERSION);
  return 'error' in v ? kafkaVersion(DEFAULT_KAFKA_VERSION) : v;
}

/** Settings the user (or Strimzi) actually set: values whose provenance is not Kafka's default. */
export function configuredSettings(facts: Facts): RawSettings {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(facts.settings.values)) {
    if (facts.settings.origin[k]?.from !== 'default') out[k] = v;
  }
  return out;
}

/** The effective value of an MM2 key: configured, else Kafka's default (`undefined` if it has none). */
export function settingOf(facts: Facts, key: string): string | undefined {
  return facts.settings.values[key] ?? mm2KeySpec(key)?.default;
}

/** A LONG/INT setting as a number, falling back to Kafka's default when unparsable. */
export function numberSetting(facts: Facts, key: string): number {
  const raw = settingOf(facts, key)?.trim();
  const n = raw === undefined ? NaN : Number(raw);
  if (Number.isFinite(n)) return n;
  return Number(mm2KeySpec(key)?.default ?? NaN);
}

/** A BOOLEAN setting (`ConfigDef` trims and ignores case); `undefined` when unset or invalid. */
export function booleanSetting(facts: Facts, key: string): boolean | undefined {
  const raw = settingOf(facts, key)?.trim().toLowerCase();
  return raw === 'true' ? true : raw === 'false' ? false : undefined;
}

/** The checkpoint connector's group filter (`DefaultGroupFilter`). */
export function groupFilterOf(facts: Facts): NameFilter {
  return groupFilter(configuredSettings(facts), { blacklistAlias: mm2Features(versionOf(facts)).blacklistAliases });
}

/** The checkpoint connector's topic filter (`DefaultTopicFilter`), applied to source topic names. */
export function topicFilterOf(facts: Facts): NameFilter {
  return topicFilter(configuredSettings(facts), { blacklistAlias: mm2Features(versionOf(facts)).blacklistAliases });
}

/** The replication policy the checkpoint connector instantiates. */
export function policyOf(facts: Facts): ReplicationPolicy {
  const v = facts.settings.values;
  return replicationPolicy({
    className: v['replication.policy.class'],
    separator: v['replication.policy.separator'],
    internalTopicSeparatorEnabled: v['replication.policy.internal.topic.separator.enabled'],
    sourceClusterAlias: facts.settings.sourceAlias,
    kafkaVersion: versionOf(facts),
  });
}

/** Where a setting came from, in words; `path` is the KafkaMirrorMaker2 field when the mirror is Strimzi-managed. */
export function provenance(facts: Facts, key: string): { isDefault: boolean; path: string | null; words: string } {
  const o = facts.settings.origin[key];
  if (!o || o.from === 'default') return { isDefault: true, path: null, words: `Kafka's default for ${key}` };
  // A bot-config override path (`mirrors[0].settings[...]`) is not a CR field.
  if (o.path && !o.path.startsWith('spec.')) return { isDefault: false, path: null, words: o.path };
  const words = o.path ?? (o.from === 'connect' ? `${key} in the live connector config` : o.from === 'strimzi' ? `${key} from the KafkaMirrorMaker2` : `${key} in the mm2-doctor config`);
  return { isDefault: false, path: o.path ?? null, words };
}
