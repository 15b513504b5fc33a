import { settingsView } from '../../src/mm2/settings.ts';
import { describe, expect, it } from 'vitest';
import { consumerGroups } from '../../src/checks/consumer-groups.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const { fixGroup, withGroups } = fx;
const h = fx.fixHealthyFacts;
const groups = (...g: Parameters<typeof withGroups>[1]) => withGroups(h(), g);

describe('consumer-groups', () => {
  it.each([
    ['healthy: candidates exist, excluded console consumer is info', h(), ['groups-excluded-by-filter:info']],
    ['seed: no group commits', fx.fixSeedFacts(), ['no-consumer-groups:critical']],
    ['no group at all', groups(), ['no-consumer-groups:critical']],
    ['only a default-excluded group commits on a mirrored topic', groups(fixGroup('connect-jdbc-sink', { offsets: [['orders', 0, 5n]] })), ['groups-excluded-by-filter:critical']],
    ['consuming without commits', groups(fixGroup('app-orders', { assigned: { orders: [0, 1, 2] } })), ['groups-without-offsets:critical']],
    ['committing only on an unmirrored topic', groups(fixGroup('app-audit', { offsets: [['audit', 0, 7n]] })), ['groups-on-unmirrored-topics:critical']],
    ['filtered group on unmirrored topic is irrelevant', groups(fixGroup('reporting', { offsets: [['audit', 0, 7n]] })), ['no-consumer-groups:critical']],
    ['Connect worker group (protocol connect) is not a consumer group', groups(fixGroup('app-connect', { protocolType: 'connect', offsets: [['orders', 0, 1n]] })), ['no-consumer-groups:critical']],
    ['simple (assign-only) group with commits qualifies', groups(fixGroup('app-simple', { protocolType: '', offsets: [['orders', 0, 1n]] })), []],
    ['groups not listable: nothing said', fx.withGroupsUnlistable(fx.fixSeedFacts()), []],
    ['OffsetFetch denied: nothing said', fx.withOffsetFetchDenied(fx.fixSeedFacts()), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(consumerGroups, facts)).toEqual(expected);
  });

  it('seed: says no group commits, with the filters', () => {
    const [f] = consumerGroups.run(fx.fixSeedFacts());
    expect(f?.title).toBe('No consumer group on svl has committed offsets on a mirrored topic');
    expect(ev(f, 'consumer groups listed')).toBe(1);
    expect(ev(f, 'groups')).toEqual(['app-orders']);
    expect(f?.evidence.filter((e) => e.label === 'group filter').map((e) => e.value)).toEqual([
      'groups = app-.*',
      'groups.exclude = console-consumer-.*, connect-.*, __.* (Kafka default)',
    ]);
    expect(f?.subject).toEqual({ cluster: 'source', groups: ['app-orders'] });
    expect(ev(f, 'MM2 logged')).toBe(
      'Checkpoint connector started with 0 consumer groups: INFO Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector)',
    );
  });

  it("names the default exclude pattern and the Strimzi field to change", () => {
    const f0 = fx.withSettings(groups(fixGroup('connect-jdbc-sink', { offsets: [['orders', 0, 5n]] })), { groups: '.*' }, 'strimzi', 'spec.mirrors[0].groupsPattern');
    const [f] = consumerGroups.run(f0);
    expect(f?.title).toBe('Every group committing on a mirrored topic on svl is rejected by the group filter');
    expect(ev(f, 'connect-jdbc-sink')).toBe("excluded by groups.exclude pattern connect-.* (MM2's default groups.exclude)");
    expect(ev(f, 'change')).toBe('spec.mirrors[0].groupsExcludePattern');
    expect(f?.subject).toEqual({
      groups: ['connect-jdbc-sink'],
      setting: 'groups.exclude',
      pattern: 'connect-.*',
      strimziPath: 'spec.mirrors[0].groupsExcludePattern',
      cluster: 'source',
    });
  });

  it('finds the CR field when Strimzi-managed values were read live from Connect', () => {
    let f0 = groups(fixGroup('connect-jdbc-sink', { offsets: [['orders', 0, 5n]] }));
    f0 = fx.withSettings(f0, { groups: '.*' }, 'connect');
    expect(Object.values(settingsView(f0.settings, f0.mirror).origin).some((o) => o.from === 'strimzi')).toBe(false);
    const [f] = consumerGroups.run(f0);
    expect(f?.subject?.strimziPath).toBe('spec.mirrors[0].groupsExcludePattern');
  });

  it('gives no CR field for a plain Connect deployment', () => {
    const f0 = fx.asConnectDeployment(groups(fixGroup('connect-jdbc-sink', { offsets: [['orders', 0, 5n]] })));
    const [f] = consumerGroups.run(fx.withSettings(f0, { groups: '.*' }, 'connect'));
    expect(f?.subject?.strimziPath).toBeUndefined();
    expect(f?.evidence.map((e) => e.label)).not.toContain('change');
  });

  it('names a user exclude pattern with its CR field', () => {
    const f0 = fx.withSettings(groups(fixGroup('app-legacy', { offsets: [['orders', 0, 5n]] })), { 'groups.exclude': 'app-legacy' }, 'strimzi', 'spec.mirrors[0].groupsExcludePattern');
    const [f] = consumerGroups.run(f0);
    expect(ev(f, 'app-legacy')).toBe('excluded by groups.exclude pattern app-legacy');
    expect(f?.subject?.strimziPath).toBe('spec.mirrors[0].groupsExcludePattern');
  });

  it('says when the include pattern misses a group', () => {
    const [f] = consumerGroups.run(groups(fixGroup('billing', { offsets: [['orders', 0, 5n]] })));
    expect(ev(f, 'billing')).toBe('not matched by groups = app-.*');
    expect(f?.subject?.strimziPath).toBe('spec.mirrors[0].groupsPattern');
  });

  it('names the unmirrored topics and the pattern that rejects them', () => {
    const [f] = consumerGroups.run(groups(fixGroup('app-audit', { offsets: [['audit', 0, 7n], ['mm2-offset-syncs.confluent.internal', 0, 1n]] })));
    expect(f?.title).toBe('Groups on svl commit offsets only on topics the topic filter does not mirror');
    expect(ev(f, 'app-audit')).toEqual(['audit', 'mm2-offset-syncs.confluent.internal']);
    expect(f?.subject?.topics).toEqual(['audit', 'mm2-offset-syncs.confluent.internal']);
    const topics = f?.evidence.filter((e) => e.label === 'topic').map((e) => e.value);
    expect(topics).toEqual(['audit: not matched by topics = orders.*, payments', 'mm2-offset-syncs.confluent.internal: not matched by topics = orders.*, payments']);
  });

  it('lists the mirrored topics a non-committing group is assigned', () => {
    const [f] = consumerGroups.run(groups(fixGroup('app-orders', { assigned: { orders: [0, 1, 2], audit: [0] } })));
    expect(ev(f, 'app-orders (Stable)')).toEqual(['orders']);
    expect(f?.subject?.groups).toEqual(['app-orders']);
  });
});
