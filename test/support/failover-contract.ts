/**
 * The `failover --json` contract (README "Failover readiness"): exactly these keys at every level.
 * Shared by the renderer's contract test, the CLI test and the lab's failover drill.
 */
import { expect } from 'vitest';
import type { JsonFailover } from '../../src/render/json/failover.ts';

export function expectFailoverContract(out: JsonFailover): void {
  expect(Object.keys(out)).toEqual(['mirror', 'at', 'verdict', 'summary', 'syncGroupOffsets', 'offsetLagMax', 'thresholds', 'groups', 'caveats']);
  expect(Object.keys(out.mirror)).toEqual(['name', 'sourceAlias', 'targetAlias']);
  expect(Object.keys(out.summary)).toEqual(['ready', 'degraded', 'notReady', 'total', 'line']);
  expect(Object.keys(out.syncGroupOffsets)).toEqual(['enabled', 'intervalSeconds']);
  expect(Object.keys(out.thresholds)).toEqual(['reReadRecordsPerPartition']);
  for (const g of out.groups) {
    expect(Object.keys(g)).toEqual(['group', 'readiness', 'reasons', 'pending', 'newestCheckpointAgeMs', 'target', 'reRead', 'skipped', 'untranslatable', 'partitions']);
    if (g.target) expect(Object.keys(g.target)).toEqual(['state', 'members']);
    for (const p of g.partitions) {
      expect(Object.keys(p)).toEqual([
        'topic', 'partition', 'targetTopic', 'sourceCommitted', 'sourceEnd', 'targetEnd', 'checkpoint', 'targetCommitted',
        'resumeAt', 'resumeFrom', 'expectedAt', 'expectedMin', 'reRead', 'reReadMin', 'skipped', 'status', 'note',
      ]);
      if (p.checkpoint) expect(Object.keys(p.checkpoint)).toEqual(['upstream', 'downstream', 'ageMs']);
    }
  }
}
