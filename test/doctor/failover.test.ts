/** Failover readiness over fixtures: where each group resumes, what it re-reads or skips, and the roll-up. */
import { describe, expect, it } from 'vitest';
import { failoverReadiness, withFailover } from '../../src/doctor/failover.ts';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { buildReport } from '../../src/doctor/report.ts';
import { fixRunbookContext } from '../fixtures/runbook.ts';
import { onlyGroup, readinessLine } from '../../src/model/failover.ts';
import * as fx from '../fixtures/facts.ts';

const { fixTargetGroup, fixGroup } = fx;
const h = fx.fixHealthyFacts;
const syncOn = (f = h()) => fx.withCheckpointConfig(f, { 'sync.group.offsets.enabled': 'true' });
const synced = (orders0 = 1451n) => [
  fixTargetGroup('app-orders', { offsets: [['svl.orders', 0, orders0], ['svl.orders', 1, 1101n], ['svl.orders', 2, 801n]] }),
  fixTargetGroup('app-payments', { offsets: [['svl.payments', 0, 251n]] }),
];
const ends = (f: ReturnType<typeof h>) =>
  fx.withEndOffsets(f, [['orders', 0, 1500n], ['orders', 1, 1200n], ['orders', 2, 900n], ['payments', 0, 300n]], [['svl.orders', 0, 1500n], ['svl.orders', 1, 1200n], ['svl.orders', 2, 900n], ['svl.payments', 0, 300n]]);
const part = (r: ReturnType<typeof failoverReadiness>, group: string, topic: string, p: number) => r.groups.find((g) => g.group === group)!.partitions.find((x) => x.targetTopic === topic && x.partition === p)!;

describe('failoverReadiness', () => {
  it('a synced mirror: resumes at the target offsets and re-reads what translation costs; every group ready', () => {
    const r = failoverReadiness(ends(fx.withTargetGroups(syncOn(), synced())));
    expect(readinessLine(r)).toBe('2 of 2 groups ready');
    const p0 = part(r, 'app-orders', 'svl.orders', 0);
    // Committed 1500; sync 1450→1450, so the group's position is 1500 on the target; MM2 synced 1451.
    expect(p0).toMatchObject({ resumeAt: 1451n, resumeFrom: 'target-offset', expectedAt: 1500n, expectedMin: 1451n, reRead: 49n, reReadMin: 0n, skipped: 0n, status: 're-read' });
    expect(r.groups.find((g) => g.group === 'app-orders')).toMatchObject({ readiness: 'ready', reRead: 49n + 99n + 99n, skipped: 0n, untranslatable: 0, reasons: [] });
    expect(r.syncGroupOffsets).toEqual({ enabled: true, intervalSeconds: 60 });
    expect(r.thresholds.reReadRecordsPerPartition).toBe(1000);
    expect(r.caveats).toEqual([]);
  });

  it('a target offset ahead of the group: skips records, not ready', () => {
    const r = failoverReadiness(ends(fx.withTargetGroups(syncOn(), synced(1600n))));
    expect(part(r, 'app-orders', 'svl.orders', 0)).toMatchObject({ resumeAt: 1600n, expectedAt: 1500n, skipped: 100n, reRead: 0n, status: 'skip' });
    const g = r.groups.find((x) => x.group === 'app-orders')!;
    expect(g.readiness).toBe('not-ready');
    expect(g.reasons.join()).toMatch(/would skip 100 records \(svl\.orders-0\)/);
  });

  it('a partition with no offset sync and no checkpoint starts at auto.offset.reset: not ready', () => {
    const f = fx.withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n], ['orders', 3, 10n]] })]);
    const r = failoverReadiness(fx.withTargetGroups(f, []));
    const p3 = part(r, 'app-orders', 'svl.orders', 3);
    expect(p3).toMatchObject({ resumeAt: null, resumeFrom: 'auto.offset.reset', status: 'untranslatable' });
    expect(p3.note).toMatch(/no offset sync names this partition/);
    expect(r.groups[0]).toMatchObject({ readiness: 'not-ready', untranslatable: 1 });
  });

  it('MM2 still catching up: pending, not ready', () => {
    const f = fx.withEndOffsets(fx.withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 3, 10n]] })]), [['orders', 3, 20n]]);
    const g = failoverReadiness(f).groups[0]!;
    expect(g).toMatchObject({ readiness: 'not-ready', pending: true });
    expect(g.partitions.find((p) => p.partition === 3)!.status).toBe('pending');
  });

  it('re-reads above max(1000, offset.lag.max) on a partition: degraded', () => {
    // The group moved on to 5000; the last checkpoint (and target offset) is still 1451.
    const f = fx.withTargetGroups(syncOn(fx.withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 0, 5000n]] })])), synced());
    const g = failoverReadiness(f).groups.find((x) => x.group === 'app-orders')!;
    expect(g.partitions.find((p) => p.partition === 0)).toMatchObject({ expectedAt: 5000n, reRead: 3549n, status: 're-read' });
    expect(g.readiness).toBe('degraded');
    expect(g.reasons.join()).toMatch(/more than 1000 records on svl\.orders-0 \(3549\)/);
  });

  it('sync off and no target offsets: resumes at the checkpoint only if the consumers translate it', () => {
    const r = failoverReadiness(fx.withTargetGroups(h(), []));
    const p0 = part(r, 'app-orders', 'svl.orders', 0);
    expect(p0).toMatchObject({ resumeAt: 1451n, resumeFrom: 'checkpoint', targetCommitted: null });
    expect(p0.note).toMatch(/RemoteClusterUtils\.translateOffsets/);
    expect(r.syncGroupOffsets.enabled).toBe(false);
  });

  it('names the members of a group in use on the target, and degrades it when MM2 should sync it', () => {
    const f = fx.withTargetGroups(syncOn(), [fixTargetGroup('app-orders', { members: [['billing-1', '10.0.0.5']], offsets: [['svl.orders', 0, 1451n]] }), ...synced().slice(1)]);
    const g = failoverReadiness(f).groups.find((x) => x.group === 'app-orders')!;
    expect(g.target).toEqual({ state: 'Stable', members: [{ clientId: 'billing-1', host: '10.0.0.5' }] });
    expect(g.readiness).toBe('degraded');
  });

  it('says what it could not read instead of guessing', () => {
    const r = failoverReadiness(fx.withFailed(h(), 'offsetSyncs', 'not-authorized', 'reading mm2-offset-syncs.confluent.internal: denied'));
    expect(r.caveats.join()).toMatch(/offset syncs unknown: reading mm2-offset-syncs.confluent.internal: denied/);
    expect(r.caveats.join()).toMatch(/target groups were not read/);
    expect(r.groups.every((g) => g.partitions.every((p) => p.reRead === null))).toBe(true);
  });

  it('one group only', () => {
    const r = onlyGroup(failoverReadiness(ends(fx.withTargetGroups(syncOn(), synced()))), 'app-payments');
    expect(r.groups.map((g) => g.group)).toEqual(['app-payments']);
    expect(readinessLine(r)).toBe('1 of 1 group ready');
  });
});

describe('withFailover: the readiness of a diagnosis, worked out when first read', () => {
  it('is not worked out until read, then once per facts, and equals failoverReadiness', () => {
    const f = ends(fx.withTargetGroups(syncOn(), synced()));
    const report = buildReport(f, ALL_CHECKS, { durationMs: 1 });
    // Count reads of a fact only the readiness reads after the checks ran (its caveats).
    let reads = 0;
    const endsFact = f.sourceEndOffsets;
    Object.defineProperty(f, 'sourceEndOffsets', { enumerable: true, get: () => (reads++, endsFact) });
    const d = withFailover({ report, facts: f, runbook: fixRunbookContext(f), ageMs: 5 });
    const again = withFailover({ report, facts: f, runbook: d.runbook });
    expect(reads).toBe(0);
    expect(Object.keys(d)).toEqual(['report', 'facts', 'runbook', 'failover', 'ageMs']);
    const r = d.failover!;
    expect(reads).toBeGreaterThan(0);
    expect(d.failover).toBe(r);
    expect(again.failover).toBe(r);
    expect(r).toEqual(failoverReadiness(ends(fx.withTargetGroups(syncOn(), synced()))));
    expect(readinessLine({ ...d }.failover!)).toBe('2 of 2 groups ready');
  });
});
