import { describe, expect, it } from 'vitest';
import { checkpointsProgress } from '../../src/checks/checkpoints-progress.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const { fixCheckpoint, fixGroup, fixSync, NOW, MIN } = fx;
const h = fx.fixHealthyFacts;

function healthyCheckpoints() {
  const c = h().checkpoints;
  return c.ok ? c.value.records : [];
}

/** app-orders moved on to 2500 on orders-0 and a sync at 2400 exists since `syncAge` minutes. */
function movedOn(syncAge: number, checkpointAge: number) {
  let f = fx.withGroups(h(), [
    fixGroup('app-orders', { offsets: [['orders', 0, 2500n], ['orders', 1, 1200n], ['orders', 2, 900n]], assigned: { orders: [0, 1, 2] } }),
    fixGroup('app-payments', { offsets: [['payments', 0, 300n]] }),
  ]);
  const syncs = f.offsetSyncs.ok ? f.offsetSyncs.value.records : [];
  f = fx.withSyncRecords(f, [...syncs, fixSync('orders', 0, 2400n, 2400n, NOW - syncAge * MIN, 99n)]);
  const cps = f.checkpoints.ok ? f.checkpoints.value.records : [];
  return fx.withCheckpointRecords(f, cps.map((c) => ({ ...c, timestamp: NOW - checkpointAge * MIN })));
}

/** The groups just committed for the first time: every sync 30 s old, no checkpoint yet. */
function firstCommitOnly() {
  const f = fx.withCheckpointRecords(h(), []);
  const syncs = f.offsetSyncs.ok ? f.offsetSyncs.value.records : [];
  return fx.withSyncRecords(f, syncs.map((s) => ({ ...s, timestamp: NOW - MIN / 2 })));
}

describe('checkpoints-progress', () => {
  it.each([
    ['healthy', h(), []],
    ['seed: nothing qualifies', fx.fixSeedFacts(), []],
    ['group moved on, newer sync 30 min old, checkpoint 40 min old', movedOn(30, 40), ['checkpoints-stale:warning']],
    ['group moved on, sync only 2 min old: within the grace period', movedOn(2, 40), []],
    ['idle group with one old checkpoint is fine (C13)', fx.withCheckpointRecords(h(), healthyCheckpoints().map((c) => ({ ...c, timestamp: NOW - 3 * 24 * 60 * MIN }))), []],
    ['no checkpoint at all although translatable', fx.withCheckpointRecords(h(), []), ['checkpoints-not-emitted:critical']],
    [
      'one group missing, others flowing',
      fx.withCheckpointRecords(h(), [fixCheckpoint('app-orders', 'svl.orders', 0, 1500n, 1451n, NOW, 0n), fixCheckpoint('app-orders', 'svl.orders', 1, 1200n, 1101n, NOW, 1n), fixCheckpoint('app-orders', 'svl.orders', 2, 900n, 801n, NOW, 2n)]),
      ['checkpoints-not-emitted:warning'],
    ],
    ['missing checkpoints topic explains it', fx.withCheckpointsTopic(fx.withCheckpointRecords(h(), []), null), []],
    ['connector without tasks explains it', fx.withCheckpointConnector(fx.withCheckpointRecords(h(), []), { tasks: [] }), []],
    ['group not assigned yet is pending refresh, not missing', fx.withCheckpointConnector(fx.withCheckpointRecords(h(), []), { tasks: [{ id: 0, state: 'RUNNING', workerId: 'w', config: { 'task.assigned.groups': '' } }] }), []],
    ['truncated checkpoints read: no claim', (() => { const f = fx.withCheckpointRecords(h(), []); if (f.checkpoints.ok) f.checkpoints.value.truncated = true; return f; })(), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointsProgress, facts)).toEqual(expected);
  });

  it('shows the last checkpoint and the offset it should have moved to', () => {
    const [f] = checkpointsProgress.run(movedOn(30, 40));
    expect(f?.title).toBe('Checkpoints of group app-orders lag their committed offsets by more than 5m');
    expect(ev(f, 'app-orders orders-0')).toBe('last checkpoint 40m ago at 1500 → 1451; committed now 2500 → 2401');
    expect(f?.subject).toEqual({ groups: ['app-orders'], cluster: 'target' });
  });

  it('lists the translatable partitions without a checkpoint and the remaining causes', () => {
    const [f] = checkpointsProgress.run(fx.withCheckpointRecords(h(), []));
    expect(f?.title).toBe('No checkpoint for 2 qualifying groups although their offsets translate');
    expect(ev(f, 'app-payments payments-0')).toBe('committed 300 translates to svl.payments-0 offset 251 (sync written 30m ago); no checkpoint');
    expect(ev(f, 'remaining causes')).toHaveLength(3);
  });

  it('says pending, with the evidence, between a group\'s first commit and its first checkpoint (not missing, not silent)', () => {
    const [f, ...rest] = checkpointsProgress.run(firstCommitOnly());
    expect(rest).toEqual([]);
    expect(f?.code).toBe('checkpoints-pending');
    expect(f?.severity).toBe('info');
    expect(f?.title).toBe('Pending: no checkpoint for 2 groups yet');
    expect(ev(f, 'app-payments payments-0')).toBe('committed 300 translates to svl.payments-0 offset 251 (sync written 30s ago); no checkpoint yet');
    expect(String(ev(f, 'pending because'))).toContain('emit.checkpoints.interval.seconds (60s)');
  });

  it('turns pending into missing once the grace period has passed without a checkpoint', () => {
    const f = firstCommitOnly();
    expect(summary(checkpointsProgress, { ...f, now: f.now + 6 * MIN })).toEqual(['checkpoints-not-emitted:critical']);
  });

  it('scales the grace period with emit.checkpoints.interval.seconds', () => {
    const f = fx.withSettings(movedOn(30, 40), { 'emit.checkpoints.interval.seconds': '600' });
    expect(summary(checkpointsProgress, f)).toEqual([]);
  });
});
