import { describe, expect, it } from 'vitest';
import { offsetSyncs } from '../../src/checks/offset-syncs.ts';
import { offsetSyncsTopicConfig } from '../../src/checks/offset-syncs-topic-config.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;

describe('offset-syncs', () => {
  it.each([
    ['healthy', h(), []],
    ['seed: syncs flowing', fx.fixSeedFacts(), []],
    ['topic missing', fx.withOffsetSyncsTopic(h(), null), ['offset-syncs-missing:critical']],
    ['topic empty', fx.withSyncRecords(fx.withOffsetSyncsTopic(h(), { offsets: [{ partition: 0, start: 0n, end: 0n }] }), []), ['offset-syncs-empty:critical']],
    ['records only in partition 1', fx.withOffsetSyncsTopic(h(), { partitions: 2, offsets: [{ partition: 0, start: 0n, end: 0n }, { partition: 1, start: 0n, end: 40n }] }), ['offset-syncs-empty:critical']],
    ['topic unreadable', fx.withFailed(h(), 'offsetSyncsTopic'), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(offsetSyncs, facts)).toEqual(expected);
  });

  it('names the expected topic, look-alikes and the source connector state', () => {
    let f0 = fx.withOffsetSyncsTopic(h(), null);
    f0 = fx.withLookalikes(f0, [{ cluster: 'source', name: 'mm2-offset-syncs.target.internal' }]);
    f0 = fx.withSourceConnector(f0, { state: 'RUNNING', tasks: [{ id: 0, state: 'FAILED', workerId: 'w' }] });
    const [f] = offsetSyncs.run(f0);
    expect(f?.title).toBe('Offset-syncs topic mm2-offset-syncs.confluent.internal does not exist on svl');
    expect(ev(f, 'expected')).toBe('mm2-offset-syncs.confluent.internal on source (svl)');
    expect(ev(f, 'similar topics')).toEqual(['mm2-offset-syncs.target.internal on source']);
    expect(ev(f, `source connector ${fx.SOURCE_CONNECTOR}`)).toBe('RUNNING, task 0 FAILED');
  });

  it('says when syncs were written and then deleted', () => {
    const [f] = offsetSyncs.run(fx.withOffsetSyncsTopic(h(), { offsets: [{ partition: 0, start: 120n, end: 120n }] }));
    expect(ev(f, 'partition 0 offsets')).toBe('120..120');
    expect(ev(f, 'history')).toMatch(/^120 syncs were written and all were deleted/);
  });
});

describe('offset-syncs-topic-config', () => {
  it.each([
    ['healthy', h(), []],
    ['delete policy', fx.withOffsetSyncsTopic(h(), { configs: { 'cleanup.policy': 'delete' } }), ['offset-syncs-topic-misconfigured:warning']],
    ['compact,delete', fx.withOffsetSyncsTopic(h(), { configs: { 'cleanup.policy': 'compact,delete' } }), ['offset-syncs-topic-misconfigured:warning']],
    ['3 partitions', fx.withOffsetSyncsTopic(h(), { partitions: 3 }), ['offset-syncs-topic-misconfigured:warning']],
    ['configs not gathered', fx.withOffsetSyncsTopic(h(), { configs: undefined }), []],
    ['missing topic is another check', fx.withOffsetSyncsTopic(h(), null), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(offsetSyncsTopicConfig, facts)).toEqual(expected);
  });

  it('explains both deviations', () => {
    const [f] = offsetSyncsTopicConfig.run(fx.withOffsetSyncsTopic(h(), { partitions: 3, configs: { 'cleanup.policy': 'delete' } }));
    expect(f?.title).toBe('Offset-syncs topic mm2-offset-syncs.confluent.internal has cleanup.policy=delete and 3 partitions (MM2 creates 1 partition, compact)');
    expect(ev(f, 'partitions')).toBe('3: harmless, MM2 writes and reads partition 0 only');
    expect(ev(f, 'cleanup.policy')).toMatch(/^delete: syncs of partitions idle longer than retention.ms are deleted/);
  });
});
