/** The shared view of every checkpointed group on both clusters (src/checks/lib/target.ts). */
import { describe, expect, it } from 'vitest';
import { targetView } from '../../src/checks/lib/target.ts';
import * as fx from '../fixtures/facts.ts';

const { fixCheckpoint, fixGroup, fixTargetGroup, NOW, MIN } = fx;

describe('targetView', () => {
  it('keeps the newest checkpoint per partition, joins both clusters by topic and partition, orders partitions by source topic and number', () => {
    let f = fx.withCheckpointRecords(fx.fixHealthyFacts(), [
      fixCheckpoint('app-orders', 'svl.orders', 2, 900n, 801n, NOW - 3 * MIN, 0n),
      fixCheckpoint('app-orders', 'svl.orders', 0, 1400n, 1001n, NOW - 5 * MIN, 1n),
      fixCheckpoint('app-orders', 'svl.orders', 0, 1500n, 1451n, NOW - 2 * MIN, 2n),
      fixCheckpoint('app-orders', 'svl.orders', 1, 1200n, 1101n, NOW - 4 * MIN, 3n),
    ]);
    f = fx.withTargetGroups(f, [fixTargetGroup('app-orders', { offsets: [['svl.orders', 1, 1101n], ['svl.orders', 0, 1451n]] })]);
    f = fx.withEndOffsets(f, [['orders', 0, 1600n], ['orders', 2, 950n]], [['svl.orders', 0, 1590n]]);
    const g = targetView(f)!.groups.find((x) => x.group === 'app-orders')!;
    expect(g.partitions.map((p) => [p.topic, p.partition, p.remoteTopic])).toEqual([
      ['orders', 0, 'svl.orders'],
      ['orders', 1, 'svl.orders'],
      ['orders', 2, 'svl.orders'],
    ]);
    expect(g.partitions.map((p) => [p.committed, p.checkpoint?.upstreamOffset, p.targetCommitted, p.sourceEnd, p.targetEnd])).toEqual([
      [1500n, 1500n, 1451n, 1600n, 1590n],
      [1200n, 1200n, 1101n, null, null],
      [900n, 900n, null, 950n, null],
    ]);
    expect(g.newestCheckpointAt).toBe(NOW - 2 * MIN);
  });

  it('a group the checkpoints name that is no longer a candidate keeps its source group', () => {
    // app-orders now commits only on an unmirrored topic: not a candidate, but still checkpointed.
    const f = fx.withGroups(fx.fixHealthyFacts(), [fixGroup('app-orders', { offsets: [['audit', 0, 10n]] }), fixGroup('app-payments', { offsets: [['payments', 0, 300n]] })]);
    const v = targetView(f)!;
    const g = v.groups.find((x) => x.group === 'app-orders')!;
    expect(g.source?.groupId).toBe('app-orders');
    expect(g.partitions.map((p) => [p.topic, p.partition, p.committed])).toEqual([
      ['orders', 0, null],
      ['orders', 1, null],
      ['orders', 2, null],
    ]);
  });
});
