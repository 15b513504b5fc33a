/** The target-offset checks (issue 10) on fixtures: one describe per check. */
import { describe, expect, it } from 'vitest';
import { replicationCatchingUp } from '../../src/checks/replication-catching-up.ts';
import { targetGroupActive } from '../../src/checks/target-group-active.ts';
import { targetOffsetsAhead } from '../../src/checks/target-offsets-ahead.ts';
import { targetOffsetsStale } from '../../src/checks/target-offsets-stale.ts';
import { targetSyncDisabled } from '../../src/checks/target-sync-disabled.ts';
import { targetSyncNotAuthorized } from '../../src/checks/target-sync-not-authorized.ts';
import { translation } from '../../src/checks/translation.ts';
import { translationCoarse } from '../../src/checks/translation-coarse.ts';
import { checkpointsProgress } from '../../src/checks/checkpoints-progress.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const { fixTargetGroup, fixLogEntry } = fx;
const h = fx.fixHealthyFacts;
/** Healthy, with sync.group.offsets on (interval `seconds`). */
const syncOn = (seconds = 60) => fx.withCheckpointConfig(h(), { 'sync.group.offsets.enabled': 'true', 'sync.group.offsets.interval.seconds': String(seconds) });
/** The healthy fixture's checkpoints, synced to the target as MM2 writes them. */
const synced = () => [
  fixTargetGroup('app-orders', { offsets: [['svl.orders', 0, 1451n], ['svl.orders', 1, 1101n], ['svl.orders', 2, 801n]] }),
  fixTargetGroup('app-payments', { offsets: [['svl.payments', 0, 251n]] }),
];
const text = (f: { title: string; evidence: { label: string; value: unknown }[] } | undefined) => `${f?.title}\n${f?.evidence.map((e) => `${e.label}: ${String(e.value)}`).join('\n')}`;

describe('target-sync-disabled', () => {
  it('says, as info, that MM2 writes no target offsets and what a failover needs', () => {
    const [f] = targetSyncDisabled.run(h());
    expect(f?.severity).toBe('info');
    expect(f?.subject?.groups).toEqual(['app-orders', 'app-payments']);
    expect(String(ev(f, 'on failover'))).toMatch(/RemoteClusterUtils\.translateOffsets/);
    expect(String(ev(f, 'sync.group.offsets.enabled'))).toMatch(/Kafka's default/);
  });
  it.each([
    ['sync on', syncOn(), []],
    ['no checkpoint yet: nothing a failover could use', fx.withCheckpointRecords(h(), []), []],
    ['seed', fx.fixSeedFacts(), []],
  ])('%s → nothing', (_n, facts, expected) => expect(summary(targetSyncDisabled, facts)).toEqual(expected));
});

describe('target-group-active', () => {
  const active = () => fx.withTargetGroups(syncOn(), [fixTargetGroup('app-orders', { members: [['billing-1', '10.0.0.5'], ['billing-2', '10.0.0.6']], offsets: [['svl.orders', 0, 900n]] }), ...synced().slice(1)]);
  it('names the members and hosts of a checkpointed group that is in use on the target', () => {
    const [f] = targetGroupActive.run(active());
    expect(f?.severity).toBe('warning');
    expect(f?.subject?.groups).toEqual(['app-orders']);
    expect(text(f)).toContain('billing-1@10.0.0.5');
    expect(text(f)).toContain('billing-2@10.0.0.6');
    expect(text(f)).toMatch(/Stable, 2 members/);
  });
  it('quotes MM2\'s WARN when the logs have it', () => {
    const f0 = fx.withLogs(active(), [fixLogEntry('sync-offsets-group-active', 'red-herring', 'WARN Unable to sync offsets for consumer group app-orders. This is likely caused by consumers currently using this group in the target cluster.', { groups: ['app-orders'], count: 4 })]);
    expect(text(targetGroupActive.run(f0)[0])).toMatch(/4× WARN Unable to sync offsets/);
  });
  it.each([
    ['sync off: MM2 writes nothing anyway', fx.withTargetGroups(h(), [fixTargetGroup('app-orders', { members: [['c', 'h']] })])],
    ['members-less (Empty) groups', fx.withTargetGroups(syncOn(), synced())],
    ['target groups not read', syncOn()],
    ['active but never checkpointed', fx.withTargetGroups(syncOn(), [fixTargetGroup('other', { members: [['c', 'h']] })])],
  ])('%s → nothing', (_n, facts) => expect(summary(targetGroupActive, facts)).toEqual([]));
});

describe('target-offsets-ahead', () => {
  it('reports a target offset past the checkpoint, and the records a failover would skip', () => {
    const f0 = fx.withTargetGroups(syncOn(), [fixTargetGroup('app-orders', { offsets: [['svl.orders', 0, 1600n], ['svl.orders', 1, 1101n], ['svl.orders', 2, 801n]] }), ...synced().slice(1)]);
    const [f] = targetOffsetsAhead.run(f0);
    expect(f?.severity).toBe('warning');
    expect(f?.subject?.topics).toEqual(['svl.orders']);
    // The group is at 1500 on svl; syncs place it at 1500 on confluent; the target offset 1600 skips 100.
    expect(String(ev(f, 'app-orders svl.orders-0'))).toMatch(/1600 > checkpoint 1451.*skips 100 records/);
    expect(f?.title).toMatch(/would skip records/);
  });
  it.each([
    ['synced exactly', fx.withTargetGroups(syncOn(), synced())],
    ['behind the checkpoint (stale, not ahead)', fx.withTargetGroups(syncOn(), [fixTargetGroup('app-orders', { offsets: [['svl.orders', 0, 10n]] })])],
    ['sync off', fx.withTargetGroups(h(), [fixTargetGroup('app-orders', { offsets: [['svl.orders', 0, 1600n]] })])],
    ['active group (its own finding)', fx.withTargetGroups(syncOn(), [fixTargetGroup('app-orders', { members: [['c', 'h']], offsets: [['svl.orders', 0, 1600n]] })])],
  ])('%s → nothing', (_n, facts) => expect(summary(targetOffsetsAhead, facts)).toEqual([]));
});

describe('target-offsets-stale', () => {
  // Checkpoints are 2 min old: past the grace of 2 × 10 s + 30 s, not of 2 × 60 s + 30 s.
  it('reports checkpoints MM2 should have written by now', () => {
    const f0 = fx.withTargetGroups(syncOn(10), [fixTargetGroup('app-orders'), ...synced().slice(1)]);
    const [f] = targetOffsetsStale.run(f0);
    expect(f?.severity).toBe('warning');
    expect(f?.subject?.groups).toEqual(['app-orders']);
    expect(String(ev(f, 'app-orders svl.orders-0'))).toMatch(/checkpoint 1451 written 2m ago; the target group has no offset/);
  });
  it('cites the sync failures MM2 logged', () => {
    const f0 = fx.withLogs(fx.withTargetGroups(syncOn(10), [fixTargetGroup('app-orders', { offsets: [['svl.orders', 0, 1000n]] })]), [
      fixLogEntry('sync-offsets-failed', 'cause', 'ERROR Unable to sync offsets for consumer group app-orders.', { exceptions: ['TimeoutException'] }),
    ]);
    expect(text(targetOffsetsStale.run(f0)[0])).toMatch(/MM2 logged.*Unable to sync offsets/);
  });
  it.each([
    ['synced', fx.withTargetGroups(syncOn(10), synced())],
    ['within the grace of the default interval', fx.withTargetGroups(syncOn(60), [fixTargetGroup('app-orders')])],
    ['sync off', fx.withTargetGroups(fx.withCheckpointConfig(h(), { 'sync.group.offsets.interval.seconds': '10' }), [fixTargetGroup('app-orders')])],
    ['group in use on the target', fx.withTargetGroups(syncOn(10), [fixTargetGroup('app-orders', { members: [['c', 'h']] }), ...synced().slice(1)])],
    [
      'the task is still loading its offset syncs (pending)',
      fx.withLogs(fx.withTargetGroups(syncOn(10), [fixTargetGroup('app-orders')]), [fixLogEntry('offset-syncs-loading', 'evidence', 'INFO Starting KafkaBasedLog with topic mm2-offset-syncs.confluent.internal reportErrorsToCallback=false')]),
    ],
  ])('%s → nothing', (_n, facts) => expect(summary(targetOffsetsStale, facts)).toEqual([]));
});

describe('target-sync-not-authorized', () => {
  it('reads the sync job\'s authorization failure from the logs', () => {
    const f0 = fx.withLogs(h(), [
      fixLogEntry('sync-offsets-failed', 'cause', 'ERROR Unable to sync offsets for consumer group app-orders. org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: app-orders', {
        exceptions: ['GroupAuthorizationException'],
        groups: ['app-orders'],
        count: 12,
      }),
    ]);
    const [f] = targetSyncNotAuthorized.run(f0);
    expect(f?.severity).toBe('warning');
    expect(f?.subject?.groups).toEqual(['app-orders']);
    expect(f?.title).toMatch(/GroupAuthorizationException/);
  });
  it('reads MirrorUtils.adminCall denials on the target cluster (3.8+), not on the source', () => {
    const line = (cluster: string) =>
      fixLogEntry('group-not-authorized', 'cause', `ERROR GroupAuthorizationException occurred while trying to list offsets for consumer group app-orders on ${cluster} cluster`, { groups: ['app-orders'], title: `GroupAuthorizationException while trying to list offsets for consumer group app-orders on ${cluster} cluster` });
    expect(summary(targetSyncNotAuthorized, fx.withLogs(h(), [line('confluent')]))).toEqual(['target-sync-not-authorized:warning']);
    expect(summary(targetSyncNotAuthorized, fx.withLogs(h(), [line('svl')]))).toEqual([]);
  });
  it('ignores sync failures that are not about authorization', () => {
    const f0 = fx.withLogs(h(), [fixLogEntry('sync-offsets-failed', 'cause', 'ERROR Unable to sync offsets for consumer group app-orders.', { exceptions: ['UnknownTopicOrPartitionException'] })]);
    expect(summary(targetSyncNotAuthorized, f0)).toEqual([]);
  });
});

describe('translation-coarse', () => {
  it('says, as info, how far translation trails a group at the log end, and the setting to change', () => {
    // app-orders is at 1500 = the log end; the newest sync is at 1450, so MM2 translates to 1451.
    const f0 = fx.withEndOffsets(h(), [['orders', 0, 1500n], ['orders', 1, 5000n], ['orders', 2, 5000n], ['payments', 0, 9000n]]);
    const [f] = translationCoarse.run(f0);
    expect(f?.severity).toBe('info');
    expect(f?.title).toMatch(/up to 49 records \(offset\.lag\.max = 100\)/);
    expect(String(ev(f, 'app-orders orders-0'))).toMatch(/translates to 1451 .* position on confluent is 1500: 49 records to re-read/);
    expect(String(ev(f, 'to change'))).toMatch(/offset\.lag\.max = 0/);
    expect(f?.subject?.setting).toBe('offset.lag.max');
    // Partitions far from the end lag because of the group, not the translation: not listed.
    expect(f?.evidence.map((e) => e.label)).not.toContain('app-orders orders-1');
  });
  it.each([
    ['log ends unknown', h()],
    ['group exactly on a sync', fx.withEndOffsets(fx.withGroups(h(), [fx.fixGroup('app-orders', { offsets: [['orders', 0, 1450n]] })]), [['orders', 0, 1450n]])],
  ])('%s → nothing', (_n, facts) => expect(summary(translationCoarse, facts)).toEqual([]));
});

describe('replication-catching-up (pending) and translation-impossible', () => {
  const onNewPartition = () => fx.withGroups(h(), [fx.fixGroup('app-orders', { offsets: [['orders', 0, 1500n], ['orders', 3, 10n]] })]);
  it('a partition MM2 has not replicated yet is pending, not untranslatable', () => {
    const f0 = fx.withEndOffsets(onNewPartition(), [['orders', 0, 1500n], ['orders', 3, 20n]], [['svl.orders', 0, 1500n]]);
    const [f] = replicationCatchingUp.run(f0);
    expect(f?.severity).toBe('info');
    expect(f?.title).toMatch(/^Pending: MM2 is still catching up on 1 partition of group app-orders/);
    expect(String(ev(f, 'app-orders orders-3'))).toMatch(/svl\.orders does not exist yet|svl\.orders-3 is still empty/);
    expect(summary(translation, f0)).toEqual([]);
  });
  it('a remote partition still filling up and no sync yet: pending (the sync of its first record is on its way)', () => {
    const f0 = fx.withEndOffsets(onNewPartition(), [['orders', 3, 20n]], [['svl.orders', 3, 5n]]);
    expect(String(ev(replicationCatchingUp.run(f0)[0], 'app-orders orders-3'))).toMatch(/svl\.orders-3 holds 5 of them so far/);
    expect(summary(translation, f0)).toEqual([]);
  });
  it('the same partition with replicated records and no sync stays untranslatable (broken)', () => {
    const f0 = fx.withEndOffsets(onNewPartition(), [['orders', 3, 20n]], [['svl.orders', 3, 20n]]);
    expect(summary(replicationCatchingUp, f0)).toEqual([]);
    expect(summary(translation, f0)).toEqual(['translation-impossible:warning']);
  });
  it('a source connector that is not RUNNING replicates nothing: not pending', () => {
    const f0 = fx.withSourceConnector(fx.withEndOffsets(onNewPartition(), [['orders', 3, 20n]]), { state: 'FAILED' });
    expect(summary(replicationCatchingUp, f0)).toEqual([]);
  });
  it('replication behind: the source end is more than offset.lag.max past the newest sync the group has passed', () => {
    const f0 = fx.withEndOffsets(fx.withGroups(h(), [fx.fixGroup('app-orders', { offsets: [['orders', 0, 1600n]] })]), [['orders', 0, 5000n]]);
    const [f] = replicationCatchingUp.run(f0);
    expect(String(ev(f, 'app-orders orders-0'))).toMatch(/ends at 5000 .* newest offset sync is for upstream offset 1450/);
    expect(String(ev(f, 'pending because'))).toMatch(/replication is behind/);
  });
  it('the offset-sync store still loading (logs) makes everything pending, and checkpoints are not "not emitted"', () => {
    const loading = fixLogEntry('offset-syncs-loading', 'evidence', 'INFO Starting KafkaBasedLog with topic mm2-offset-syncs.confluent.internal reportErrorsToCallback=false', { last: '2025-06-02 09:58:00.000' });
    const f0 = fx.withLogs(fx.withCheckpointRecords(h(), []), [loading]);
    const [f] = replicationCatchingUp.run(f0);
    expect(f?.title).toBe('Pending: the checkpoint task is still loading its offset syncs');
    expect(summary(checkpointsProgress, f0)).toEqual([]);
    const loaded = fixLogEntry('offset-syncs-loaded', 'evidence', 'INFO Finished reading KafkaBasedLog for topic mm2-offset-syncs.confluent.internal', { last: '2025-06-02 09:58:30.000' });
    expect(summary(replicationCatchingUp, fx.withLogs(fx.withCheckpointRecords(h(), []), [loading, loaded]))).toEqual([]);
  });
  it('healthy → not pending', () => {
    expect(summary(replicationCatchingUp, fx.withEndOffsets(h(), [['orders', 0, 1500n]], [['svl.orders', 0, 1500n]]))).toEqual([]);
  });
});
