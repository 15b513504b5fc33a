/**
 * Offset translation as MirrorCheckpointTask does it, reproduced from `OffsetSyncStore`
 * (connect/mirror). Three generations exist:
 * - `latest-only` (≤ 3.4.0): one sync per partition, result `downstream + (committed - upstream)`.
 * - `kafka-14666` (3.4.1 – 3.5.1): 64-slot sparse array per partition, result `downstream + 0|1`.
 * - `kafka-15202` (3.5.2+ / 3.6.0+, current 3.9 code): same array, better slot reuse.
 * The store only translates after its initial read of the offset-syncs topic; during that read it
 * either keeps only the last sync per partition ("only last sync") or indexes every sync.
 * Offsets are Java longs, kept as `bigint` with 64-bit wrap-around where Java would overflow.
 */
import { atLeast, type KafkaVersion } from './version.ts';

/** One record of the offset-syncs topic (key: source topic-partition; value: upstream → downstream). */
export interface OffsetSync {
  topic: string;
  partition: number;
  upstreamOffset: bigint;
  downstreamOffset: bigint;
}

/** Which `OffsetSyncStore` implementation to emulate. */
export type SyncAlgorithm = 'latest-only' | 'kafka-14666' | 'kafka-15202';

/** Result of `translateDownstream` for one committed offset. */
export type Translation =
  /** No sync was ever read for this source partition: Kafka returns empty, no checkpoint. */
  | { kind: 'no-sync' }
  /** The best sync is newer than the committed offset: Kafka returns -1 ("… is ahead of upstream consumer group"), the checkpoint is dropped. */
  | { kind: 'ahead'; downstreamOffset: -1n; sync: OffsetSync }
  /** Translated: `sync.downstream + (committed == sync.upstream ? 0 : 1)` (or + delta for `latest-only`). */
  | { kind: 'translated'; downstreamOffset: bigint; sync: OffsetSync; exact: boolean };

/** How a store of a given version loads and translates. */
export interface TranslationModel {
  algorithm: SyncAlgorithm;
  /** During the initial read only the last sync per partition survives. */
  onlyLastSync: boolean;
}

/**
 * The translation model of a Kafka release. 3.4.1–3.7.0 clear the array for every sync read
 * before `readToEnd` (`if (!readToEnd || …) clearSyncArray`), so only the last sync survives a
 * task (re)start. 3.7.1+ (KAFKA-15905) passes `initializationMustReadToEnd = !checkpointsReadOk`
 * and clears only when that is true, i.e. when the checkpoints topic could not be read.
 */
export function translationModel(version: KafkaVersion, opts: { checkpointsTopicReadable: boolean }): TranslationModel {
  if (!atLeast(version, '3.4.1')) return { algorithm: 'latest-only', onlyLastSync: true };
  const algorithm: SyncAlgorithm = atLeast(version, '3.5.2') ? 'kafka-15202' : 'kafka-14666';
  if (!atLeast(version, '3.7.1')) return { algorithm, onlyLastSync: true };
  return { algorithm, onlyLastSync: !opts.checkpointsTopicReadable };
}

/** Options for {@link OffsetSyncIndex.load}. */
export interface OffsetSyncIndexOptions {
  /** Keep only the last sync per partition from the initial read (see {@link translationModel}). */
  onlyLastSync: boolean;
  /** Default `kafka-15202` (Kafka 3.9). */
  algorithm?: SyncAlgorithm;
}

/** `OffsetSyncStore.SYNCS_PER_PARTITION = Long.SIZE`. */
export const SYNCS_PER_PARTITION = 64;

const i64 = (x: bigint) => BigInt.asIntN(64, x);
const pow2 = (n: number) => i64(1n << BigInt(n)); // Java `1L << n` (n = 63 is Long.MIN_VALUE)

// OffsetSyncStore.invariantB: syncs[i].upstream <= syncs[j].upstream + 2^j - 2^i (Java long arithmetic).
function invariantB(iSync: OffsetSync, jSync: OffsetSync, i: number, j: number): boolean {
  const bound = i64(i64(jSync.upstreamOffset + pow2(j)) - pow2(i));
  return iSync === jSync || bound < 0n || iSync.upstreamOffset <= bound;
}

// OffsetSyncStore.invariantC: syncs[i].upstream >= syncs[j].upstream + 2^max(i-2, 0).
function invariantC(iSync: OffsetSync, jSync: OffsetSync, i: number): boolean {
  const bound = i64(jSync.upstreamOffset + pow2(Math.max(i - 2, 0)));
  return iSync === jSync || (bound >= 0n && iSync.upstreamOffset >= bound);
}

/** Per topic, then partition: no string key is built per translation (40,000 per diagnosis at 10,000 groups). */
class SyncSlots {
  /** Topic → partition → position in `order`. */
  private readonly at = new Map<string, Map<number, number>>();
  /** In first-insertion order, as a Map keyed by topic-partition iterates. */
  private readonly order: OffsetSync[][] = [];
  get(topic: string, partition: number): OffsetSync[] | undefined {
    const i = this.at.get(topic)?.get(partition);
    return i === undefined ? undefined : this.order[i];
  }
  set(topic: string, partition: number, slots: OffsetSync[]): void {
    let t = this.at.get(topic);
    if (!t) this.at.set(topic, (t = new Map()));
    const i = t.get(partition);
    if (i !== undefined) this.order[i] = slots;
    else t.set(partition, this.order.push(slots) - 1);
  }
  values(): readonly OffsetSync[][] {
    return this.order;
  }
}

/**
 * An in-memory offset-sync index with the same update and lookup rules as `OffsetSyncStore`.
 * Syncs are compared by identity, as Java compares `OffsetSync` references.
 */
export class OffsetSyncIndex {
  private readonly syncs = new SyncSlots();
  private readToEnd = false;

  private constructor(
    private readonly algorithm: SyncAlgorithm,
    private readonly onlyLastSync: boolean,
  ) {}

  /** Builds the store as a task would after reading the offset-syncs topic from the start (`start()`). */
  static load(syncs: Iterable<OffsetSync>, opts: OffsetSyncIndexOptions): OffsetSyncIndex {
    const index = new OffsetSyncIndex(opts.algorithm ?? 'kafka-15202', opts.onlyLastSync);
    for (const s of syncs) index.handle(s);
    index.readToEnd = true;
    return index;
  }

  /** Applies one sync read after start-up (a live sync). */
  add(sync: OffsetSync): void {
    this.handle(sync);
  }

  /** `translateDownstream(group, sourceTopicPartition, committedOffset)`. */
  translate(topic: string, partition: number, committed: bigint): Translation {
    const arr = this.syncs.get(topic, partition);
    if (arr === undefined) return { kind: 'no-sync' };
    const sync = this.algorithm === 'latest-only' ? (arr[0] as OffsetSync) : lookupLatestSync(arr, committed);
    if (sync.upstreamOffset > committed) return { kind: 'ahead', downstreamOffset: -1n, sync };
    const exact = committed === sync.upstreamOffset;
    if (this.algorithm === 'latest-only') {
      return { kind: 'translated', downstreamOffset: i64(sync.downstreamOffset + committed - sync.upstreamOffset), sync, exact };
    }
    // Only 1 past the sync: MM2 cannot know how many of the later upstream records were replicated.
    return { kind: 'translated', downstreamOffset: i64(sync.downstreamOffset + (exact ? 0n : 1n)), sync, exact };
  }

  /** The stored slots for a partition (64 for the sparse algorithms, 1 for `latest-only`). */
  syncsFor(topic: string, partition: number): readonly OffsetSync[] | undefined {
    return this.syncs.get(topic, partition);
  }

  /** Source topic-partitions that have at least one sync. */
  partitions(): Array<{ topic: string; partition: number }> {
    return [...this.syncs.values()].map((a) => ({ topic: (a[0] as OffsetSync).topic, partition: (a[0] as OffsetSync).partition }));
  }

  /** Distinct syncs stored for a partition, newest first (what translation can use). */
  distinctSyncs(topic: string, partition: number): OffsetSync[] {
    const arr = this.syncs.get(topic, partition) ?? [];
    return arr.filter((s, i) => i === 0 || s !== arr[i - 1]);
  }

  private handle(sync: OffsetSync): void {
    const existing = this.syncs.get(sync.topic, sync.partition);
    if (this.algorithm === 'latest-only') {
      this.syncs.set(sync.topic, sync.partition, [sync]);
      return;
    }
    if (existing === undefined) {
      this.syncs.set(sync.topic, sync.partition, new Array<OffsetSync>(SYNCS_PER_PARTITION).fill(sync));
      return;
    }
    // Copy-on-write as in updateExistingSyncs; `existing` stays the "original" array.
    const next = existing.slice();
    if (this.algorithm === 'kafka-14666') this.update14666(next, sync);
    else this.update15202(next, existing, sync);
    this.syncs.set(sync.topic, sync.partition, next);
  }

  private mustClear(syncs: OffsetSync[], sync: OffsetSync): boolean {
    const onlyLoadLastOffset = !this.readToEnd && this.onlyLastSync;
    const upstreamRewind = sync.upstreamOffset < (syncs[0] as OffsetSync).upstreamOffset;
    if (onlyLoadLastOffset || upstreamRewind) {
      syncs.fill(sync);
      return true;
    }
    return false;
  }

  // OffsetSyncStore.updateSyncArray @3.9 (KAFKA-15202).
  private update15202(syncs: OffsetSync[], original: readonly OffsetSync[], sync: OffsetSync): void {
    if (this.mustClear(syncs, sync)) return;
    const at = (a: readonly OffsetSync[], i: number) => a[i] as OffsetSync;
    let replacement = sync;
    let replacementIndex = 0;
    syncs[0] = replacement;
    for (let current = 1; current < SYNCS_PER_PARTITION; current++) {
      const previous = current - 1;
      let skipOldValue: boolean;
      do {
        const oldValue = at(original, replacementIndex);
        const isRecent = invariantB(at(syncs, previous), oldValue, previous, current);
        const separatedFromPrevious = invariantC(at(syncs, previous), oldValue, previous);
        const next = current + 1;
        const separatedFromNext = next >= SYNCS_PER_PARTITION || invariantC(oldValue, at(syncs, next), current);
        const nextReplacement = replacementIndex + 1;
        const duplicate = nextReplacement < SYNCS_PER_PARTITION && oldValue === original[nextReplacement];
        const promote = isRecent && separatedFromPrevious && separatedFromNext;
        if (promote) replacement = oldValue;
        skipOldValue = duplicate || !separatedFromPrevious;
        if (promote || skipOldValue) replacementIndex++;
      } while (replacementIndex < current && skipOldValue);
      if (invariantB(at(syncs, previous), at(syncs, current), previous, current)) break;
      syncs[current] = replacement;
    }
  }

  // OffsetSyncStore.updateSyncArray @3.5.1 (KAFKA-14666): reuses only the most recently discarded sync.
  private update14666(syncs: OffsetSync[], sync: OffsetSync): void {
    if (this.mustClear(syncs, sync)) return;
    const at = (i: number) => syncs[i] as OffsetSync;
    let replacement = sync;
    let oldValue = at(0);
    syncs[0] = replacement;
    for (let current = 1; current < SYNCS_PER_PARTITION; current++) {
      const previous = current - 1;
      const isRecent = invariantB(at(previous), oldValue, previous, current);
      const separatedFromPrevious = invariantC(at(previous), oldValue, previous);
      const next = current + 1;
      const separatedFromNext = next >= SYNCS_PER_PARTITION || invariantC(oldValue, at(next), current);
      if (isRecent && separatedFromPrevious && separatedFromNext) replacement = oldValue;
      if (invariantB(at(previous), at(current), previous, current)) break;
      oldValue = at(current);
      syncs[current] = replacement;
    }
  }
}

// OffsetSyncStore.lookupLatestSync: newest sync with upstream <= offset, else the oldest (syncs[63]).
function lookupLatestSync(syncs: readonly OffsetSync[], offset: bigint): OffsetSync {
  for (const s of syncs) if (s.upstreamOffset <= offset) return s;
  return syncs[syncs.length - 1] as OffsetSync;
}

/** Where an upstream offset sits downstream, as far as the offset syncs tell. */
export type ReplicatedPosition =
  /** No sync at or below the offset (since the last upstream rewind): the syncs cannot place it. */
  | { kind: 'unknown' }
  | {
      kind: 'known';
      /**
       * The downstream offset of the first record at or after `upstream`, assuming every upstream
       * offset between the sync and `upstream` is a record that was replicated (no transaction
       * markers, compaction or filtered records in between): `sync.downstream + (upstream − sync.upstream)`,
       * never past the next sync's downstream offset.
       */
      downstream: bigint;
      /** The least it can be: `sync.downstream + 1` past a sync (one record for each gap-free step is the most). */
      min: bigint;
      /** True when a sync names this very offset: no uncertainty. */
      exact: boolean;
      sync: OffsetSync;
    };

/**
 * Where upstream offset `upstream` of one partition landed on the target, from that partition's
 * syncs in topic order (a sync with a lower upstream offset than the newest one is an upstream
 * rewind, and MM2's store forgets everything before it: OffsetSyncStore.updateSyncArray @3.9).
 *
 * This is the inverse question to {@link OffsetSyncIndex.translate}: MM2 answers with the
 * conservative `sync.downstream + 1` (the least the position can be, OffsetSyncStore.translateDownstream
 * @3.9 L141-153: "we can translate the upstream offset only 1 downstream offset past the offset
 * sync itself"); the true position lies in `[min, downstream]`. Records between a sync and the next
 * are contiguous on both sides, because MirrorSourceTask forces a sync on every upstream gap
 * (`skippedUpstreamRecord`, OffsetSyncWriter.PartitionState.update @3.9 L169-184), so `downstream`
 * is exact unless syncs were compacted away across a gap.
 */
export function replicatedPosition(syncs: Iterable<OffsetSync>, upstream: bigint): ReplicatedPosition {
  return positionIn(liveSyncs(syncs), upstream);
}

/**
 * One partition's syncs in topic order, reduced to what {@link positionIn} needs: those since the
 * last upstream rewind, in upstream order (for many lookups on the same partition).
 */
export function liveSyncs(syncs: Iterable<OffsetSync>): readonly OffsetSync[] {
  let live: OffsetSync[] = [];
  for (const s of syncs) {
    const newest = live[live.length - 1];
    if (newest && s.upstreamOffset < newest.upstreamOffset) live = [];
    live.push(s);
  }
  return live;
}

/** {@link replicatedPosition} over {@link liveSyncs} (ascending upstream offsets; binary search). */
export function positionIn(live: readonly OffsetSync[], upstream: bigint): ReplicatedPosition {
  // The last sync with upstream <= offset (the newest of equal ones), and the first one above it.
  let lo = 0;
  let hi = live.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((live[mid] as OffsetSync).upstreamOffset <= upstream) lo = mid + 1;
    else hi = mid;
  }
  const at = live[lo - 1];
  const next = live[lo];
  if (!at) return { kind: 'unknown' };
  if (at.upstreamOffset === upstream) return { kind: 'known', downstream: at.downstreamOffset, min: at.downstreamOffset, exact: true, sync: at };
  let downstream = at.downstreamOffset + (upstream - at.upstreamOffset);
  if (next && next.downstreamOffset < downstream) downstream = next.downstreamOffset;
  const min = at.downstreamOffset + 1n;
  return { kind: 'known', downstream: downstream < min ? min : downstream, min, exact: downstream <= min, sync: at };
}
