/**
 * Kafka version parsing and the version gates that change MirrorMaker 2 behaviour.
 * Each gate names the first release that contains the change (see mm2-checkpoints.md §3.2, §7).
 */

/** A parsed Kafka release version; `raw` keeps what the user wrote. */
export interface KafkaVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly raw: string;
}

/** The Kafka version assumed when none is configured (the seed case runs 3.9.0). */
export const DEFAULT_KAFKA_VERSION = '3.9.0';

/** Parses `3.9`, `3.9.0`, `3.9.0-rc3` or `4.0.0`; returns an error string for anything else. */
export function parseKafkaVersion(raw: string): KafkaVersion | { error: string } {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:[-.+][0-9A-Za-z.-]+)?\s*$/.exec(raw);
  if (!m) return { error: `not a Kafka version: expected MAJOR.MINOR[.PATCH] such as 3.9.0` };
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw: raw.trim() };
}

/** Like {@link parseKafkaVersion} but throws; for constants and already-validated input. */
export function kafkaVersion(raw: string): KafkaVersion {
  const v = parseKafkaVersion(raw);
  if ('error' in v) throw new Error(`${v.error}: ${raw}`);
  return v;
}

/** Negative when a < b, 0 when equal, positive when a > b (pre-release suffixes are ignored). */
export function compareVersions(a: KafkaVersion, b: KafkaVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `v` is at least `min` (e.g. `atLeast(v, '3.5.2')`). */
export function atLeast(v: KafkaVersion, min: string): boolean {
  return compareVersions(v, kafkaVersion(min)) >= 0;
}

/** Behaviour switches of MM2 that depend on the Kafka release. */
export interface Mm2VersionFeatures {
  /** KIP-690 (3.1.0): internal topic names come from the ReplicationPolicy and use its separator. */
  readonly internalTopicsUseSeparator: boolean;
  /** KIP-949 (3.5.2 / 3.6.0): `replication.policy.internal.topic.separator.enabled` exists. */
  readonly internalSeparatorToggle: boolean;
  /** KIP-716 (3.0.0): `offset-syncs.topic.location` exists. */
  readonly offsetSyncsTopicLocation: boolean;
  /** KIP-1031 (3.9.0): `emit.offset-syncs.enabled` exists and the checkpoint connector validates it. */
  readonly emitOffsetSyncsToggle: boolean;
  /** KAFKA-17529 (4.0.0): `groups.blacklist` / `topics.blacklist` were removed. */
  readonly blacklistAliases: boolean;
  /** KIP-545 (2.7.0): `sync.group.offsets.enabled` exists. */
  readonly syncGroupOffsets: boolean;
}

/** The feature gates for one Kafka version. */
export function mm2Features(v: KafkaVersion): Mm2VersionFeatures {
  return {
    internalTopicsUseSeparator: atLeast(v, '3.1.0'),
    internalSeparatorToggle: atLeast(v, '3.5.2'),
    offsetSyncsTopicLocation: atLeast(v, '3.0.0'),
    emitOffsetSyncsToggle: atLeast(v, '3.9.0'),
    blacklistAliases: !atLeast(v, '4.0.0'),
    syncGroupOffsets: atLeast(v, '2.7.0'),
  };
}
