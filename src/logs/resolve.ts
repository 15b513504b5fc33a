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

/** Reclassifies entries whose meaning depends on the rest of the log; returns new objects. */
export function resolveEntries<T extends LogEntry>(entries: T[]): T[] {
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
  return entries.map((e) => resolveGroupsNotLoaded(resolveLoading(e, loaded), active, started));
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
function resolveGroupsNotLoaded<T extends LogEntry>(e: T, active: Set<string>, started: Set<string>): T {
  if (e.code !== 'groups-not-loaded' || !e.flow) return e;
  if (started.has(e.flow)) {
    return {
      ...e,
      code: 'groups-not-loaded-transient',
      kind: 'red-herring',
      reason: `Thrown while the initial group load was running; a "Started … consumer groups" line shows it finished for ${e.flow}.`,
    };
  }
  if (active.size > 0 && !active.has(e.flow)) {
    return {
      ...e,
      code: 'groups-not-loaded-disabled-flow',
      kind: 'red-herring',
      reason: `Kafka 3.9.0 bug KAFKA-18021: a disabled flow's checkpoint connector (here ${e.flow}, e.g. a reverse or heartbeat-only herder) retries this forever. It says nothing about ${[...active].join(', ')}.`,
    };
  }
  return e;
}
