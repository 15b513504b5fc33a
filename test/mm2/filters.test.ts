import { describe, expect, it } from 'vitest';
import {
  explainGroup,
  explainTopic,
  explainTopicReplication,
  filterErrors,
  groupFilter,
  topicFilter,
  type FilterDecision,
} from '../../src/mm2/filters.ts';
import { parseList } from '../../src/mm2/kafka-config.ts';
import { replicationPolicy } from '../../src/mm2/policy.ts';

describe('parseList (ConfigDef LIST)', () => {
  it.each([
    ['a, b ,c', ['a', 'b', 'c']],
    ['  ', []],
    ['', []],
    ['a,,b', ['a', '', 'b']], // split(..., -1): empty entries are kept
    ['a, b,', ['a', 'b', '']],
    [' orders-.* ', ['orders-.*']],
    ['a\t,\nb', ['a', 'b']],
  ])('%j → %j', (raw, expected) => {
    expect(parseList(raw)).toEqual(expected);
  });
});

describe('DefaultGroupFilter', () => {
  const defaults = groupFilter({});

  it.each<[string, Record<string, string>, string, FilterDecision]>([
    [
      'a console consumer is excluded by the default groups.exclude',
      {},
      'console-consumer-4711',
      { selected: false, reason: 'excluded', matchedPattern: 'console-consumer-.*', setting: 'groups.exclude', isDefault: true },
    ],
    [
      'a sink connector group is excluded by default',
      {},
      'connect-s3-sink',
      { selected: false, reason: 'excluded', matchedPattern: 'connect-.*', setting: 'groups.exclude', isDefault: true },
    ],
    [
      'an ordinary group is selected by the default groups=.*',
      {},
      'billing',
      { selected: true, reason: 'included', matchedPattern: '.*', setting: 'groups', isDefault: true },
    ],
    [
      'billing is not matched by orders-.*',
      { groups: 'orders-.*' },
      'billing',
      { selected: false, reason: 'not-included', setting: 'groups', patterns: ['orders-.*'], isDefault: false },
    ],
    [
      'a group excluded both ways names the include first and the exclude as well',
      { groups: 'svl-.*' },
      'console-consumer-1',
      {
        selected: false,
        reason: 'not-included',
        setting: 'groups',
        patterns: ['svl-.*'],
        isDefault: false,
        alsoExcludedBy: { setting: 'groups.exclude', matchedPattern: 'console-consumer-.*', isDefault: true },
      },
    ],
    [
      'a configured exclude replaces the defaults (console consumers are then selected)',
      { 'groups.exclude': 'test-.*' },
      'console-consumer-4711',
      { selected: true, reason: 'included', matchedPattern: '.*', setting: 'groups', isDefault: true },
    ],
    [
      'excludes win over includes',
      { groups: 'orders-.*', 'groups.exclude': 'orders-test' },
      'orders-test',
      { selected: false, reason: 'excluded', matchedPattern: 'orders-test', setting: 'groups.exclude', isDefault: false },
    ],
    [
      'the deprecated groups.blacklist applies when groups.exclude is absent',
      { 'groups.blacklist': 'legacy-.*' },
      'legacy-1',
      { selected: false, reason: 'excluded', matchedPattern: 'legacy-.*', setting: 'groups.blacklist', isDefault: false },
    ],
    [
      'groups.exclude wins over groups.blacklist',
      { 'groups.exclude': 'x', 'groups.blacklist': 'legacy-.*' },
      'legacy-1',
      { selected: true, reason: 'included', matchedPattern: '.*', setting: 'groups', isDefault: true },
    ],
    [
      'an empty include list matches nothing',
      { groups: ' ' },
      'billing',
      { selected: false, reason: 'not-included', setting: 'groups', patterns: [], isDefault: false },
    ],
    [
      'an empty exclude list excludes nothing',
      { 'groups.exclude': '' },
      'console-consumer-1',
      { selected: true, reason: 'included', matchedPattern: '.*', setting: 'groups', isDefault: true },
    ],
    [
      'matching is whole-name',
      { groups: 'orders' },
      'orders-eu',
      { selected: false, reason: 'not-included', setting: 'groups', patterns: ['orders'], isDefault: false },
    ],
    [
      'the matching entry of a list is named',
      { groups: 'a-.*, b-.*, c-.*' },
      'b-1',
      { selected: true, reason: 'included', matchedPattern: 'b-.*', setting: 'groups', isDefault: false },
    ],
    [
      'an inline flag leaks into later entries of the joined pattern (named by the joined pattern)',
      { groups: 'x, (?i)y, z' },
      'Z',
      { selected: true, reason: 'included', matchedPattern: 'x|(?i)y|z', setting: 'groups', isDefault: false },
    ],
    [
      'a group split across entries by a comma still compiles once joined',
      { groups: '(a, b)' },
      'b',
      { selected: true, reason: 'included', matchedPattern: '(a|b)', setting: 'groups', isDefault: false },
    ],
  ])('%s', (_title, settings, group, expected) => {
    expect(explainGroup(groupFilter(settings), group)).toEqual(expected);
  });

  it('reports a pattern Java rejects as a pattern error for every name (MM2 would fail to start)', () => {
    const f = groupFilter({ groups: 'orders-(' });
    const d = explainGroup(f, 'anything');
    expect(d).toMatchObject({ selected: null, reason: 'pattern-error', setting: 'groups', error: { kind: 'invalid', pattern: 'orders-(' } });
    expect(filterErrors(f)).toEqual([expect.objectContaining({ setting: 'groups', kind: 'invalid' })]);
    // an invalid exclude breaks even names the include rejects
    expect(explainGroup(groupFilter({ groups: 'a', 'groups.exclude': '[' }), 'b').selected).toBeNull();
  });

  it('ignores groups.blacklist when told the Kafka version removed it', () => {
    const f = groupFilter({ 'groups.blacklist': 'legacy-.*' }, { blacklistAlias: false });
    expect(f.exclude).toMatchObject({ setting: 'groups.exclude', isDefault: true });
  });

  it('keeps the default exclude list as Kafka parses it', () => {
    expect(defaults.exclude.patterns).toEqual(['console-consumer-.*', 'connect-.*', '__.*']);
  });
});

describe('DefaultTopicFilter', () => {
  it.each<[string, Record<string, string>, string, boolean]>([
    ['default: ordinary topic', {}, 'orders', true],
    ['default: .internal excluded', {}, 'mm2-offset-syncs.confluent.internal', false],
    ['default: -internal excluded', {}, 'connect-configs-internal', false],
    ['default: .replica excluded', {}, 'orders.replica', false],
    ['default: __ excluded', {}, '__consumer_offsets', false],
    ['topicsPattern alternation', { topics: 'orders.*|payments.*' }, 'payments-eu', true],
    ['topicsPattern alternation rejects others', { topics: 'orders.*|payments.*' }, 'billing', false],
  ])('%s', (_t, settings, topic, selected) => {
    expect(explainTopic(topicFilter(settings), topic).selected).toBe(selected);
  });
});

describe('MirrorSourceConnector.shouldReplicateTopic', () => {
  const policy = replicationPolicy({});
  const ctx = { topicFilter: topicFilter({ 'topics.exclude': '' }), policy, targetAlias: 'confluent' };

  it.each([
    ['orders', true, 'included'],
    ['__consumer_offsets', false, 'internal'], // internal regardless of topics.exclude
    ['.hidden', false, 'internal'],
    ['foo-internal', false, 'internal'],
    ['confluent.orders', false, 'cycle'], // originated on the target
    ['other.confluent.orders', false, 'cycle'], // transitively
    ['other.orders', true, 'included'],
  ])('%s → %s (%s)', (topic, replicated, reason) => {
    expect(explainTopicReplication(ctx, topic)).toMatchObject({ replicated, reason });
  });

  it('replicates heartbeats even when the topic filter rejects them', () => {
    const d = explainTopicReplication({ ...ctx, topicFilter: topicFilter({ topics: 'orders' }) }, 'heartbeats');
    expect(d).toMatchObject({ replicated: true, reason: 'heartbeats', heartbeats: true });
  });

  it('treats <sep>internal names as internal under a custom separator', () => {
    const p = replicationPolicy({ separator: '_' });
    expect(explainTopicReplication({ ...ctx, policy: p }, 'x_internal')).toMatchObject({ replicated: false, reason: 'internal' });
  });

  it('cannot detect cycles under IdentityReplicationPolicy', () => {
    const p = replicationPolicy({ className: 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy', sourceClusterAlias: 'svl' });
    expect(explainTopicReplication({ ...ctx, policy: p }, 'confluent.orders')).toMatchObject({ replicated: true, cycle: false });
  });
});
