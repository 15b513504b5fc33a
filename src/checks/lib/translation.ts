/**
 * Offset translation as the checkpoint task would do it now, through the mm2 module's
 * `OffsetSyncIndex` (a replay of `OffsetSyncStore` over the gathered offset-syncs records).
 */
import type { Facts } from '../../model/facts.ts';
import { OffsetSyncIndex, translationModel, type OffsetSync, type Translation } from '../../mm2/translate.ts';
import { versionOf } from './mirror.ts';
import { oncePerFacts } from './facts.ts';

/** The sync index plus what the gathered records say about its completeness. */
export interface SyncView {
  index: OffsetSyncIndex;
  records: number;
  /** The read stopped before the end of the topic: newer syncs may be missing. */
  truncated: boolean;
}

/**
 * Builds the index a running task holds: every sync still in the topic (the topic is compacted,
 * so older history is already gone). `null` when the syncs could not be read or there are none.
 */
// Two checks index the same offset syncs of one facts object: indexed once.
export const syncView: (facts: Facts) => SyncView | null = oncePerFacts(buildSyncView);

function buildSyncView(facts: Facts): SyncView | null {
  if (!facts.offsetSyncs.ok) return null;
  const t = facts.offsetSyncs.value;
  if (t.records.length === 0) return null;
  const { algorithm } = translationModel(versionOf(facts), { checkpointsTopicReadable: true });
  return { index: OffsetSyncIndex.load(t.records, { onlyLastSync: false, algorithm }), records: t.records.length, truncated: t.truncated };
}

/** When the sync behind a translation was written (the gathered record's timestamp), if known. */
export function syncTime(t: Translation): number | null {
  if (t.kind === 'no-sync') return null;
  const ts = (t.sync as OffsetSync & { timestamp?: number }).timestamp;
  return typeof ts === 'number' ? ts : null;
}
