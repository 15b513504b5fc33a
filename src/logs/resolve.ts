/**
 * Judgements that need the whole log: a line's meaning can depend on what other lines show
 * (which flows ran, whether a store finished loading later).
 */
import type { LogEntry } from '../model/log-explanation.ts';

/** Codes whose presence shows a flow's connectors ran. */
const ACTIVE_CODES = new Set([
  'started-with-zero-groups',
  'started-with-groups',
  'found-groups',
  'task-checkpointing-groups',
  'replicating',
  'stores-started',
  'offset-syncs-loaded',
]);

/** What the whole log showed, beyond its entries. */
export interface LogFacts {
  /** Some client got as far as a broker (metadata, a group, a topic read). */
  reachedBroker: boolean;
  /**
   * Whether a `bootstrap-node-disconnected` entry's own clients reached a broker; when absent,
   * `reachedBroker` decides for every such entry.
   */
  bootstrapNormal?: (e: LogEntry) => boolean;
  /** From a `Kafka version: X` line. */
  kafkaVersion?: string;
}

/** Reclassifies entries whose meaning depends on the rest of the log; returns new objects. */
export function resolveEntries<T extends LogEntry>(entries: T[], facts: LogFacts = { reachedBroker: true }): T[] {
  const active = new Set(entries.filter((e) => ACTIVE_CODES.has(e.code) && e.flow).map((e) => e.flow as string));
  const started = new Set(entries.filter((e) => e.code.startsWith('started-with') && e.flow).map((e) => e.flow as string));
  const loaded = new Map<string, string>();
  for (const e of entries) {
    if (e.code !== 'stores-started' && e.code !== 'offset-syncs-loaded') continue;
    // Without timestamps, assume the load came last.
    const at = e.last ?? '\uffff';
    const key = e.connector ?? '';
    if ((loaded.get(key) ?? '') < at) loaded.set(key, at);
  }
  return entries.map((e) => resolveLeader(resolveBootstrap(resolveStoreTimeout(resolveGroupsNotLoaded(resolveLoading(e, loaded), active, started, facts.kafkaVersion), loaded), facts)));
}

/** Milliseconds from `first` to `last` (normalised timestamps with a date), or undefined. */
function spanMs(first: string | undefined, last: string | undefined): number | undefined {
  const ms = (t: string | undefined) => (t && /^\d{4}-\d{2}-\d{2} /.test(t) ? Date.parse(`${t.replace(' ', 'T')}Z`) : NaN);
  const d = ms(last) - ms(first);
  return Number.isFinite(d) ? d : undefined;
}

/**
 * LEADER_NOT_AVAILABLE is transient after a topic is created or a broker restarts; still logged
 * five minutes later, a partition has no leader, and a mirrored topic without one is not
 * replicated, so its groups get no new offset syncs or checkpoints.
 */
function resolveLeader<T extends LogEntry>(e: T): T {
  if (e.code !== 'leader-not-available') return e;
  const span = spanMs(e.first, e.last);
  if (span === undefined || span < 5 * 60_000) return e;
  return {
    ...e,
    code: 'leader-not-available-persistent',
    kind: 'cause',
    reason: `Still logged after ${Math.round(span / 60_000)} minutes: a partition has no leader. If it is a mirrored topic (on the source) or MM2's target, it is not replicated, so its groups get no new offset syncs or checkpoints.`,
    action: 'Check the partitions without a leader: kafka-topics.sh --describe --unavailable-partitions, and the brokers that host them.',
  };
}

/** `Node -1 disconnected.` is the normal end of a bootstrap connection once the client has reached a broker. */
function resolveBootstrap<T extends LogEntry>(e: T, facts: LogFacts): T {
  if (e.code !== 'bootstrap-node-disconnected' || !(facts.bootstrapNormal ? facts.bootstrapNormal(e) : facts.reachedBroker)) return e;
  return {
    ...e,
    kind: 'red-herring',
    reason: 'Negative node ids are bootstrap connections, dropped once the client knows the real brokers; this log shows clients reaching brokers, so this is normal client lifecycle.',
  };
}

/**
 * KAFKA-17242: Kafka 3.5–3.8 log "timed out running task: starting … offset sync store(s)" although
 * loading continues; when "starting … took N ms" follows, the store did load.
 */
function resolveStoreTimeout<T extends LogEntry>(e: T, loaded: Map<string, string>): T {
  if (e.code !== 'offset-sync-store-failed' || !e.title.includes('timed out')) return e;
  // The "took N ms" line carries no connector context in Strimzi's pattern: one without applies to any task.
  const at = loaded.get(e.connector ?? '') ?? loaded.get('');
  if (at === undefined || (e.last !== undefined && at !== '\uffff' && at < e.last)) return e;
  return {
    ...e,
    code: 'offset-sync-store-timeout-spurious',
    kind: 'red-herring',
    reason: 'Kafka 3.5–3.8 log this timeout while the store keeps loading (KAFKA-17242, fixed in 3.9.0); the "took N ms" line that follows shows it finished.',
  };
}

/** `Skipped (initial offset syncs read still in progress)` before the store finished loading is expected. */
function resolveLoading<T extends LogEntry>(e: T, loaded: Map<string, string>): T {
  if (e.code !== 'translate-skipped-loading') return e;
  const at = loaded.get(e.connector ?? '');
  if (at === undefined || (e.last !== undefined && e.last > at)) return e;
  return {
    ...e,
    code: 'translate-skipped-loading-transient',
    kind: 'red-herring',
    reason: 'The offset-syncs store finished loading afterwards; translations refused while it loaded are expected.',
  };
}

/**
 * `groups-not-loaded` (Kafka 3.9 `Timeout while loading consumer groups.`) from a flow that never
 * ran is KAFKA-18021 noise; from a flow whose `Started … consumer groups` line followed, it was transient.
 */
function resolveGroupsNotLoaded<T extends LogEntry>(e: T, active: Set<string>, started: Set<string>, version: string | undefined): T {
  if (e.code !== 'groups-not-loaded') return e;
  if (!e.flow) return { ...e, reason: notLoadedReason(e, version) };
  if (started.has(e.flow)) {
    return {
      ...e,
      code: 'groups-not-loaded-transient',
      kind: 'red-herring',
      reason: `Thrown while the initial group load was running; a "Started … consumer groups" line shows it finished for ${e.flow}.`,
    };
  }
  // Only dedicated MirrorMaker 2 (connect-mirror-maker.sh) runs connectors for flows that are not
  // enabled, named by their class alone; Strimzi and Connect REST create connectors only for the
  // mirrors configured (`<source>-><target>.MirrorCheckpointConnector`, or any name), and 4.0+ has the fix.
  const dedicated = !e.connector || /^Mirror\w+Connector$/.test(e.connector);
  if (active.size > 0 && !active.has(e.flow) && dedicated && !fixedFor18021(version)) {
    return {
      ...e,
      code: 'groups-not-loaded-disabled-flow',
      kind: 'red-herring',
      reason: `Kafka 3.9.0/3.9.1 bug KAFKA-18021: a disabled flow's checkpoint connector (here ${e.flow}, e.g. a reverse or heartbeat-only herder) retries this forever. It says nothing about ${[...active].join(', ')}; if you do mirror ${e.flow}, check that its group load is not timing out.`,
    };
  }
  return { ...e, reason: notLoadedReason(e, version) };
}

/** Version (3.9.0/3.9.1 vs 4.0+) decides between the two readings; without it, say both and how to tell. */
function notLoadedReason(e: LogEntry, version: string | undefined): string {
  const flow = e.flow ?? '<source>-><target>';
  const loop = e.count > 1 ? `Repeated ${e.count} times, this` : 'This';
  const real = `The checkpoint connector cannot list the source consumer groups and their offsets within admin.timeout.ms (default 60 s): slow or unreachable source, or many groups; then it never gets tasks and writes no checkpoints`;
  if (fixedFor18021(version)) {
    return `${loop} means: ${real}. (Kafka ${version} has the fix for KAFKA-18021, so it is not the disabled-flow loop.)`;
  }
  const v = version ? `Kafka ${version}` : 'On Kafka 3.9.0/3.9.1 (the version is not in these lines)';
  return `${v}: ${loop.toLowerCase()} has two readings. (1) The flow is disabled (${flow}.enabled=false, e.g. the reverse flow a dedicated MirrorMaker 2 creates for heartbeats): KAFKA-18021, harmless, fixed in 4.0.0. (2) ${real}. How to tell: check ${flow}.enabled in mm2.properties (or the KafkaMirrorMaker2 mirrors); for an enabled flow, a "Started … with N consumer groups." line appears once loading succeeds, and timing kafka-consumer-groups.sh --list against the source shows whether listing is slow.`;
}

/** Kafka 4.0+ no longer loops on a disabled flow's group load (KAFKA-18021). */
function fixedFor18021(version: string | undefined): boolean {
  return !!version && /^(?:[4-9]|\d{2,})\./.test(version);
}
