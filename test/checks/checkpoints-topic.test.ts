import { describe, expect, it } from 'vitest';
import { checkpointsTopicConfig } from '../../src/checks/checkpoints-topic-config.ts';
import { checkpointsTopicExists } from '../../src/checks/checkpoints-topic-exists.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;

describe('checkpoints-topic-exists', () => {
  it.each([
    ['healthy', h(), []],
    ['seed: pre-created and empty', fx.fixSeedFacts(), []],
    ['missing', fx.withCheckpointsTopic(h(), null), ['checkpoints-topic-missing:critical']],
    ['target unreadable', fx.withTargetUnreachable(h()), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointsTopicExists, facts)).toEqual(expected);
  });

  it('explains a replication factor the target cannot hold (C9)', () => {
    const [f] = checkpointsTopicExists.run(fx.withTargetBrokers(fx.withCheckpointsTopic(h(), null), 1));
    expect(f?.title).toBe('Checkpoints topic svl.checkpoints.internal does not exist on confluent');
    expect(ev(f, 'checkpoints.topic.replication.factor')).toBe(3);
    expect(ev(f, 'target brokers')).toBe(1);
    expect(ev(f, 'cause')).toMatch(/^replication factor 3 > 1 brokers/);
  });

  it('has no cause line when the target is big enough', () => {
    const [f] = checkpointsTopicExists.run(fx.withCheckpointsTopic(h(), null));
    expect(f?.evidence.map((e) => e.label)).not.toContain('cause');
  });
});

describe('checkpoints-topic-config', () => {
  it.each([
    ['healthy', h(), []],
    ['3 partitions: harmless to MM2, still a warning', fx.withCheckpointsTopic(h(), { partitions: 3 }), ['checkpoints-topic-misconfigured:warning']],
    ['delete policy, records still there', fx.withCheckpointsTopic(h(), { configs: { 'cleanup.policy': 'delete' } }), ['checkpoints-topic-misconfigured:warning']],
    ['delete policy emptied the topic', fx.withCheckpointsTopic(h(), { configs: { 'cleanup.policy': 'delete', 'retention.ms': '3600000' }, offsets: [{ partition: 0, start: 42n, end: 42n }] }), ['checkpoints-topic-misconfigured:critical']],
    ['auto-created by the broker (RF 3 on a 1-broker target)', fx.withTargetBrokers(fx.withCheckpointsTopic(h(), { configs: { 'cleanup.policy': 'delete' } }), 1), ['checkpoints-topic-auto-created:warning']],
    ['RF setting lowered, topic fine', fx.withTargetBrokers(fx.withSettings(h(), { 'checkpoints.topic.replication.factor': '1' }), 1), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointsTopicConfig, facts)).toEqual(expected);
  });

  it('tells the truth about extra partitions and the delete policy', () => {
    const [f] = checkpointsTopicConfig.run(fx.withCheckpointsTopic(h(), { partitions: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '3600000' }, offsets: [{ partition: 0, start: 42n, end: 42n }] }));
    expect(f?.title).toBe('Checkpoints topic svl.checkpoints.internal has cleanup.policy=delete and 3 partitions (MM2 creates 1 partition, compact)');
    expect(ev(f, 'partitions')).toBe('3: MM2 writes and reads partition 0 only; the other partitions stay empty');
    expect(ev(f, 'cleanup.policy')).toMatch(/are not re-emitted while unchanged$/);
    expect(ev(f, 'retention.ms')).toBe('3600000');
    expect(ev(f, 'partition 0 offsets')).toBe('42..42: 42 checkpoints were written and all were deleted');
    expect(f?.subject).toEqual({ topics: ['svl.checkpoints.internal'], cluster: 'target' });
  });

  it('says why the topic looks auto-created', () => {
    const [f] = checkpointsTopicConfig.run(fx.withTargetBrokers(fx.withCheckpointsTopic(h(), { configs: { 'cleanup.policy': 'delete' } }), 1));
    expect(f?.title).toBe('Checkpoints topic svl.checkpoints.internal was likely auto-created by the broker (cleanup.policy=delete)');
    expect(ev(f, 'checkpoints.topic.replication.factor')).toBe("3 > 1 target brokers: MM2's own createTopics fails");
  });
});
