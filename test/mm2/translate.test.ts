// Scenarios follow Kafka's OffsetSyncStoreTest (connect/mirror, 3.9 and 3.5.1).
import { describe, expect, it } from 'vitest';
import { OffsetSyncIndex, SYNCS_PER_PARTITION, replicatedPosition, translationModel, type OffsetSync, type SyncAlgorithm } from '../../src/mm2/translate.ts';
import { kafkaVersion } from '../../src/mm2/version.ts';

const TOPIC = 'topic1';
const PARTITION = 2;
const sync = (upstream: bigint | number, downstream: bigint | number): OffsetSync => ({
  topic: TOPIC,
  partition: PARTITION,
  upstreamOffset: BigInt(upstream),
  downstreamOffset: BigInt(downstream),
});

/** translateDownstream as Kafka returns it: empty (undefined) or a long. */
function translate(index: OffsetSyncIndex, committed: number | bigint): bigint | undefined {
  const t = index.translate(TOPIC, PARTITION, BigInt(committed));
  return t.kind === 'no-sync' ? undefined : t.downstreamOffset;
}

/** OffsetSyncStoreTest.assertSparseSync */
function expectSparseSync(index: OffsetSyncIndex, syncOffset: number, previousOffset: number): void {
  expect(translate(index, syncOffset - 1)).toBe(BigInt(previousOffset === -1 ? -1 : previousOffset + 1));
  expect(translate(index, syncOffset)).toBe(BigInt(syncOffset));
  expect(translate(index, syncOffset + 1)).toBe(BigInt(syncOffset + 1));
  expect(translate(index, syncOffset + 2)).toBe(BigInt(syncOffset + 1));
}

/** OffsetSyncStoreTest.assertSparseSyncInvariant (invariants B and C over all pairs). */
function expectSparseSyncInvariant(index: OffsetSyncIndex): void {
  const s = index.syncsFor(TOPIC, PARTITION) ?? [];
  const i64 = (x: bigint) => BigInt.asIntN(64, x);
  for (let j = 0; j < SYNCS_PER_PARTITION; j++) {
    for (let i = 0; i < j; i++) {
      const jU = (s[j] as OffsetSync).upstreamOffset;
      const iU = (s[i] as OffsetSync).upstreamOffset;
      if (jU === iU) continue;
      const lower = i64(jU + i64(1n << BigInt(Math.max(i - 2, 0))));
      if (lower < 0n) continue;
      if (iU < lower) throw new Error(`Invariant C(${i},${j}): ${iU} < ${lower}`);
      const upper = i64(i64(jU + i64(1n << BigInt(j))) - i64(1n << BigInt(i)));
      if (upper < 0n) continue;
      if (iU > upper) throw new Error(`Invariant B(${i},${j}): ${iU} > ${upper}`);
    }
  }
}

function distinctCount(index: OffsetSyncIndex): number {
  return index.distinctSyncs(TOPIC, PARTITION).length;
}

/** A deterministic stand-in for java.util.Random (the property holds for any sequence). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('OffsetSyncIndex.translate', () => {
  it('translates exactly at a sync, +1 past it, -1 before every sync, and follows resets (testOffsetTranslation)', () => {
    const index = OffsetSyncIndex.load([], { onlyLastSync: true });
    index.add(sync(100, 200));
    expect(translate(index, 150)).toBe(201n); // no dead-reckoning: only 1 past the sync
    index.add(sync(150, 251));
    expect(translate(index, 150)).toBe(251n); // exact
    expect(index.translate(TOPIC, PARTITION, 5n)).toMatchObject({ kind: 'ahead', downstreamOffset: -1n, sync: { upstreamOffset: 100n } });
    index.add(sync(200, 10)); // downstream reset
    expect(translate(index, 200)).toBe(10n);
    index.add(sync(20, 20)); // upstream reset clears the history
    expect(translate(index, 20)).toBe(20n);
  });

  it('returns no-sync for a partition without syncs (testNoTranslationIfNoOffsetSync)', () => {
    const index = OffsetSyncIndex.load([sync(0, 0)], { onlyLastSync: true });
    expect(index.translate(TOPIC, 3, 0n)).toEqual({ kind: 'no-sync' });
    expect(index.translate('other', PARTITION, 0n)).toEqual({ kind: 'no-sync' });
  });

  it('marks exact translations', () => {
    const index = OffsetSyncIndex.load([sync(100, 200)], { onlyLastSync: true });
    expect(index.translate(TOPIC, PARTITION, 100n)).toMatchObject({ kind: 'translated', exact: true, downstreamOffset: 200n });
    expect(index.translate(TOPIC, PARTITION, 101n)).toMatchObject({ kind: 'translated', exact: false, downstreamOffset: 201n });
  });

  it.each<SyncAlgorithm>(['kafka-15202', 'kafka-14666'])(
    '%s: only the last startup sync survives a must-read-to-end load (testPastOffsetTranslation)',
    (algorithm) => {
      const initial: OffsetSync[] = [];
      for (let o = 0; o <= 1000; o += 10) initial.push(sync(o, o));
      const index = OffsetSyncIndex.load(initial, { onlyLastSync: true, algorithm });
      expectSparseSync(index, 1000, -1);
      for (let o = 1010; o <= 10000; o += 10) {
        index.add(sync(o, o));
        expectSparseSyncInvariant(index);
      }
      // Invariant D: the last sync of the initial read is still the oldest
      expectSparseSync(index, 1000, -1);
      const ladder = [4840, 6760, 8680, 9160, 9640, 9880, 9940, 9970, 9990, 10000];
      let prev = 1000;
      for (const s of ladder) {
        expectSparseSync(index, s, prev);
        prev = s;
      }
      index.add(sync(1500, 11000)); // rewind clears all history
      expectSparseSyncInvariant(index);
      expect(translate(index, 1499)).toBe(-1n);
      expect(translate(index, 1500)).toBe(11000n);
      expect(translate(index, 2000)).toBe(11001n);
    },
  );

  it('indexes the whole startup history when the checkpoints topic was readable (testPastOffsetTranslationWithoutInitializationReadToEnd)', () => {
    const initial: OffsetSync[] = [];
    for (let o = 0; o <= 1000; o += 10) initial.push(sync(o, o));
    const index = OffsetSyncIndex.load(initial, { onlyLastSync: false });
    expectSparseSyncInvariant(index);
    expectSparseSync(index, 480, 0);
    expectSparseSync(index, 720, 480);
    expectSparseSync(index, 1000, 990);
    for (let o = 1000; o <= 10000; o += 10) {
      index.add(sync(o, o));
      expectSparseSyncInvariant(index);
    }
    let prev = 0;
    for (const s of [3840, 7680, 8640, 9120, 9600, 9840, 9900, 9960, 9990, 10000]) {
      expectSparseSync(index, s, prev);
      prev = s;
    }
  });

  it('evicts at most one sync per update for consistently spaced syncs (testConsistentlySpacedSyncs)', () => {
    const iterations = 100n;
    const maxStep = (2n ** 63n - 1n) / iterations;
    for (let step = 1n; step < maxStep; step = step * 2n + 1n) {
      for (const first of [0n, 1n, 7n, 29n]) {
        const index = OffsetSyncIndex.load([], { onlyLastSync: true });
        index.add(sync(first, first));
        let offset = first;
        let last = 1;
        for (let n = 0n; n < iterations; n++) {
          offset += step;
          index.add(sync(offset, offset));
          const slots = index.syncsFor(TOPIC, PARTITION) ?? [];
          expect(slots[0]?.upstreamOffset).toBe(offset); // Invariant A
          expect(slots[63]?.upstreamOffset).toBe(first); // Invariant D
          const count = distinctCount(index);
          expect(last - count + 1).toBeLessThanOrEqual(1);
          last = count;
        }
      }
    }
  });

  it('bounds evictions for randomly spaced syncs by n + 2 (testRandomlySpacedSyncs)', () => {
    const rnd = prng(0);
    for (let n = 1; n < 20; n++) {
      const maxDiff = 2 ** n;
      for (const minStep of [0, 2 ** 16]) {
        const index = OffsetSyncIndex.load([], { onlyLastSync: true });
        index.add(sync(0, 0));
        let offset = 0n;
        let last = 1;
        for (let k = 0; k < 256; k++) {
          offset += BigInt(minStep + Math.floor(rnd() * maxDiff));
          index.add(sync(offset, offset));
          const count = distinctCount(index);
          expect(last - count + 1).toBeLessThanOrEqual(n + 2);
          last = count;
        }
        expectSparseSyncInvariant(index);
      }
    }
  });

  it('discards at most 2 syncs when a sync in between was dropped (testDroppedSyncsSpacing)', () => {
    const rnd = prng(42);
    const index = OffsetSyncIndex.load([], { onlyLastSync: true });
    index.add(sync(0, 0));
    let offset = 0n;
    let last = 1;
    for (let k = 0; k < 3000; k++) {
      offset += rnd() < 0.5 ? 200n : 100n;
      index.add(sync(offset, offset));
      const count = distinctCount(index);
      expect(last - count + 1).toBeLessThanOrEqual(2);
      last = count;
    }
  });

  it('3.4.1–3.5.1 (KAFKA-14666) never loses distinct syncs for consistently spaced syncs (testKeepMostDistinctSyncs @3.5.1)', () => {
    for (const step of [1n, 3n, 7n, 15n, 100n]) {
      const index = OffsetSyncIndex.load([], { onlyLastSync: true, algorithm: 'kafka-14666' });
      let last = 1;
      for (let offset = 0n; offset <= 3000n; offset += step) {
        index.add(sync(offset, offset));
        const count = distinctCount(index);
        expect(count - last).toBeGreaterThanOrEqual(0);
        last = count;
      }
      expectSparseSyncInvariant(index);
    }
  });

  it('≤3.4.0 keeps one sync and extrapolates (latest-only)', () => {
    const index = OffsetSyncIndex.load([sync(100, 200), sync(150, 250)], { onlyLastSync: true, algorithm: 'latest-only' });
    expect(translate(index, 170)).toBe(270n);
    expect(translate(index, 120)).toBe(-1n); // behind the only sync
    expect(index.syncsFor(TOPIC, PARTITION)).toHaveLength(1);
  });

  it('keeps offsets as 64-bit values near Long.MAX_VALUE', () => {
    const big = 2n ** 63n - 10n;
    const index = OffsetSyncIndex.load([sync(big, big)], { onlyLastSync: true });
    index.add(sync(big + 5n, big + 5n));
    expect(translate(index, big + 6n)).toBe(big + 6n);
    expectSparseSyncInvariant(index);
  });
});

describe('translationModel', () => {
  it.each([
    ['3.3.2', true, 'latest-only', true],
    ['3.4.0', true, 'latest-only', true],
    ['3.4.1', true, 'kafka-14666', true],
    ['3.5.1', true, 'kafka-14666', true],
    ['3.5.2', true, 'kafka-15202', true],
    ['3.7.0', true, 'kafka-15202', true], // KAFKA-16622: restarts forget history
    ['3.7.1', true, 'kafka-15202', false],
    ['3.9.0', true, 'kafka-15202', false],
    ['3.9.0', false, 'kafka-15202', true], // checkpoints topic unreadable → must read to end → last only
  ])('Kafka %s, checkpoints readable %s → %s, onlyLastSync %s', (v, readable, algorithm, onlyLastSync) => {
    expect(translationModel(kafkaVersion(v), { checkpointsTopicReadable: readable })).toEqual({ algorithm, onlyLastSync });
  });
});

describe('replicatedPosition (where an upstream offset sits downstream)', () => {
  const s = (u: bigint, d: bigint): OffsetSync => ({ topic: 't', partition: 0, upstreamOffset: u, downstreamOffset: d });
  it('is exact on a sync', () => {
    expect(replicatedPosition([s(0n, 0n), s(101n, 90n)], 101n)).toMatchObject({ kind: 'known', downstream: 90n, min: 90n, exact: true });
  });
  it('counts one downstream offset per upstream offset past the sync, with MM2\'s +1 as the least', () => {
    // MM2 translates 150 to 91 (sync.downstream + 1); the record at 150 sits at 139 when nothing was dropped.
    expect(replicatedPosition([s(0n, 0n), s(101n, 90n), s(202n, 191n)], 150n)).toMatchObject({ kind: 'known', downstream: 139n, min: 91n, exact: false });
  });
  it('never goes past the next sync (upstream gaps make fewer downstream records)', () => {
    expect(replicatedPosition([s(0n, 0n), s(100n, 10n)], 60n)).toMatchObject({ downstream: 10n, min: 1n });
  });
  it('forgets syncs before an upstream rewind, as OffsetSyncStore does', () => {
    expect(replicatedPosition([s(500n, 500n), s(10n, 900n)], 600n)).toMatchObject({ kind: 'known', downstream: 1490n, sync: { upstreamOffset: 10n } });
    expect(replicatedPosition([s(500n, 500n), s(700n, 900n)], 100n)).toEqual({ kind: 'unknown' });
  });
  it('places the end of a partition just past the last synced record', () => {
    expect(replicatedPosition([s(0n, 0n), s(99n, 99n)], 100n)).toMatchObject({ downstream: 100n, min: 100n, exact: true });
  });
});
