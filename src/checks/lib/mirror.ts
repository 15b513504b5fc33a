/**
 * The mirror's MM2 semantics as checks need them, built from `Facts.settings` (the checkpoint
 * connector's effective settings) with the mm2 module (filters, policy, versions). No MM2 rule is
 * re-implemented here.
 */
import type { Facts } from '../../model/facts.ts';
import { groupFilter, topicFilter, type NameFilter, type RawSettings } from '../../mm2/filters.ts';
import { mm2KeySpec } from '../../mm2/keys.ts';
import type { ReplicationPolicy } from '../../mm2/policy.ts';
import { policyOf as connectorPolicy, settingsView, type SettingsView } from '../../mm2/settings.ts';
import { mm2Features, type KafkaVersion } from '../../mm2/version.ts';

const views = new WeakMap<Facts['settings'], SettingsView>();

/** The checkpoint connector's settings, flat (computed once per facts). */
export function viewOf(facts: Facts): SettingsView {
  let v = views.get(facts.settings);
  if (!v) {
    v = settingsView(facts.settings, facts.mirror);
    views.set(facts.settings, v);
  }
  return v;
}

/** The Kafka version MM2 runs. */
export function versionOf(facts: Facts): KafkaVersion {
  return facts.settings.kafkaVersion;
}

/** Settings the user (or Strimzi) actually set: values whose provenance is not Kafka's default. */
export function configuredSettings(facts: Facts): RawSettings {
  const view = viewOf(facts);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(view.values)) {
    if (view.origin[k]?.from !== 'default') out[k] = v;
  }
  return out;
}

/** The effective value of an MM2 key: configured, else Kafka's default (`undefined` if it has none). */
export function settingOf(facts: Facts, key: string): string | undefined {
  return viewOf(facts).values[key] ?? mm2KeySpec(key)?.default;
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
  return connectorPolicy(facts.settings.checkpoint, versionOf(facts), facts.mirror.sourceAlias);
}

/** Where a setting came from; `from` and `path` are the view's origin of the key. */
export function originOf(facts: Facts, key: string): SettingsView['origin'][string] | undefined {
  return viewOf(facts).origin[key];
}

/** Where a setting came from, in words; `path` is the KafkaMirrorMaker2 field when the mirror is Strimzi-managed. */
export function provenance(facts: Facts, key: string): { isDefault: boolean; path: string | null; words: string } {
  const o = originOf(facts, key);
  if (!o || o.from === 'default') return { isDefault: true, path: null, words: `Kafka's default for ${key}` };
  // A bot-config override path (`mirrors[0].settings[...]`) is not a CR field.
  if (o.path && !o.path.startsWith('spec.')) return { isDefault: false, path: null, words: o.path };
  const words = o.path ?? (o.from === 'connect' ? `${key} in the live connector config` : o.from === 'strimzi' ? `${key} from the KafkaMirrorMaker2` : `${key} in the mm2-doctor config`);
  return { isDefault: false, path: o.path ?? null, words };
}
