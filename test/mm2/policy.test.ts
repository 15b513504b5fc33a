import { describe, expect, it } from 'vitest';
import {
  IDENTITY_POLICY_CLASS,
  STRIMZI_IDENTITY_POLICY_CLASS,
  internalTopics,
  lookAlikeTopics,
  otherFlowTopics,
  looksLikeCheckpointsTopic,
  looksLikeOffsetSyncsTopic,
  replicationPolicy,
} from '../../src/mm2/policy.ts';

describe('internal topic names by separator and Kafka version', () => {
  it.each([
    // [separator, internal toggle, Kafka version, checkpoints(svl), offsetSyncs(confluent)]
    [undefined, undefined, '3.9.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    ['.', undefined, '3.9.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    ['_', undefined, '3.9.0', 'svl_checkpoints_internal', 'mm2-offset-syncs_confluent_internal'],
    ['', undefined, '3.9.0', 'svlcheckpointsinternal', 'mm2-offset-syncsconfluentinternal'],
    ['_', 'false', '3.9.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    ['_', 'FALSE', '3.9.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    ['_', 'true', '3.9.0', 'svl_checkpoints_internal', 'mm2-offset-syncs_confluent_internal'],
    // Boolean.parseBoolean: anything but "true" disables the separator for internal topics
    ['_', 'yes', '3.9.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    ['', 'false', '3.9.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    // the toggle only exists from 3.5.2 (KIP-949)
    ['_', 'false', '3.5.1', 'svl_checkpoints_internal', 'mm2-offset-syncs_confluent_internal'],
    ['_', 'false', '3.5.2', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    // before KIP-690 (3.1.0) the names were hard-coded with '.'
    ['_', undefined, '3.0.0', 'svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal'],
    ['_', undefined, '3.1.0', 'svl_checkpoints_internal', 'mm2-offset-syncs_confluent_internal'],
  ])('separator %j, toggle %j, Kafka %s', (separator, toggle, version, checkpoints, offsetSyncs) => {
    const p = replicationPolicy({ separator, internalTopicSeparatorEnabled: toggle, kafkaVersion: version });
    expect(p.checkpointsTopic('svl')).toBe(checkpoints);
    expect(p.offsetSyncsTopic('confluent')).toBe(offsetSyncs);
  });

  it('ignores the toggle when no separator is configured (it is only read together with the separator)', () => {
    expect(replicationPolicy({ internalTopicSeparatorEnabled: 'false' }).internalSeparator).toBe('.');
  });

  it('names IdentityReplicationPolicy internal topics like the default policy', () => {
    const p = replicationPolicy({ className: IDENTITY_POLICY_CLASS, separator: '_', sourceClusterAlias: 'svl' });
    expect(p.checkpointsTopic('svl')).toBe('svl_checkpoints_internal');
  });
});

describe('internalTopics (offset-syncs.topic.location)', () => {
  const policy = replicationPolicy({});
  it('puts offset syncs on the source, named after the target, by default', () => {
    expect(internalTopics({ policy, sourceAlias: 'svl', targetAlias: 'confluent' })).toEqual({
      checkpoints: { name: 'svl.checkpoints.internal', cluster: 'target' },
      offsetSyncs: { name: 'mm2-offset-syncs.confluent.internal', cluster: 'source' },
      heartbeats: { name: 'heartbeats', cluster: 'target' },
    });
  });
  it('puts offset syncs on the target, named after the SOURCE alias, with location=target', () => {
    const t = internalTopics({ policy, sourceAlias: 'svl', targetAlias: 'confluent', offsetSyncsTopicLocation: 'target' });
    expect(t.offsetSyncs).toEqual({ name: 'mm2-offset-syncs.svl.internal', cluster: 'target' });
  });
  it('reproduces the alias trap: a checkpoint connector left at target.cluster.alias=target reads another topic', () => {
    expect(internalTopics({ policy, sourceAlias: 'svl', targetAlias: 'target' }).offsetSyncs.name).toBe('mm2-offset-syncs.target.internal');
  });
});

describe('remote topic names', () => {
  it.each([
    ['default', {}, 'svl', 'orders', 'svl.orders'],
    ['default with _', { separator: '_' }, 'svl', 'orders', 'svl_orders'],
    ['identity', { className: IDENTITY_POLICY_CLASS }, 'svl', 'orders', 'orders'],
    ['identity keeps heartbeats prefixed', { className: IDENTITY_POLICY_CLASS }, 'svl', 'heartbeats', 'svl.heartbeats'],
    ['identity: endsWith("heartbeats") counts as heartbeats', { className: IDENTITY_POLICY_CLASS }, 'svl', 'myheartbeats', 'svl.myheartbeats'],
    ['strimzi identity', { className: STRIMZI_IDENTITY_POLICY_CLASS, sourceClusterAlias: 'svl' }, 'svl', 'heartbeats', 'heartbeats'],
  ])('%s', (_t, cfg, alias, topic, remote) => {
    expect(replicationPolicy(cfg).formatRemoteTopic(alias, topic)).toBe(remote);
  });

  it.each([
    // [separator, topic, topicSource, upstreamTopic] — Java Pattern.split semantics
    ['.', 'svl.orders', 'svl', 'orders'],
    ['.', 'b.svl.orders', 'b', 'svl.orders'],
    ['.', 'orders', null, null],
    ['.', 'orders.', null, null], // trailing empty strings are dropped → one part
    ['.', '.orders', '', 'orders'],
    ['.', 'a..b', 'a', '.b'],
    ['_', 'svl_orders', 'svl', 'orders'],
    ['', 'svl', 's', 'vl'], // an empty separator splits between every character
    ['', 'x', null, null],
  ])('separator %j: %j', (separator, topic, source, upstream) => {
    const p = replicationPolicy({ separator });
    expect(p.topicSource(topic)).toBe(source);
    expect(p.upstreamTopic(topic)).toBe(upstream);
  });

  it('follows multi-hop names to the original topic and recognises remote heartbeats', () => {
    const p = replicationPolicy({});
    expect(p.originalTopic('b.a.orders')).toBe('orders');
    expect(p.isHeartbeatsTopic('b.a.heartbeats')).toBe(true);
    expect(p.isHeartbeatsTopic('orders')).toBe(false);
  });

  it('IdentityReplicationPolicy reports the configured source alias as every topic source', () => {
    const p = replicationPolicy({ className: IDENTITY_POLICY_CLASS, sourceClusterAlias: 'svl' });
    expect(p.topicSource('orders')).toBe('svl');
    expect(p.upstreamTopic('orders')).toBe('orders');
    expect(p.originalTopic('orders')).toBe('orders');
  });

  it('notes a custom policy class is assumed to name topics like the default', () => {
    const p = replicationPolicy({ className: 'com.example.MyPolicy' });
    expect(p.kind).toBe('custom');
    expect(p.notes[0]).toMatch(/assuming/);
  });
});

describe('isInternalTopic / isCheckpointsTopic', () => {
  it.each([
    ['__consumer_offsets', true],
    ['.hidden', true],
    ['connect-offsets-internal', true],
    ['svl.checkpoints.internal', true],
    ['orders', false],
    ['orders_internal', false],
  ])('default policy: %s → %s', (topic, internal) => {
    expect(replicationPolicy({}).isInternalTopic(topic)).toBe(internal);
  });
  it('a custom separator makes <sep>internal names MM2-internal', () => {
    const p = replicationPolicy({ separator: '_' });
    expect(p.isInternalTopic('orders_internal')).toBe(true);
    expect(p.isCheckpointsTopic('svl_checkpoints_internal')).toBe(true);
    expect(p.isCheckpointsTopic('svl.checkpoints.internal')).toBe(false);
  });
});

describe('lookAlikeTopics', () => {
  const flow = { policy: replicationPolicy({}), sourceAlias: 'svl', targetAlias: 'confluent' };
  const names = lookAlikeTopics(flow).map((t) => `${t.cluster}:${t.name}`);

  it('lists the seed case hand-made name and other separators, on the target', () => {
    expect(names).toEqual(expect.arrayContaining(['target:svl-checkpoints-internal', 'target:svl_checkpoints_internal', 'target:svlcheckpointsinternal']));
  });
  it('lists the alias-trap and location look-alikes for offset syncs on both clusters', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'source:mm2-offset-syncs.target.internal',
        'target:mm2-offset-syncs.target.internal',
        'target:mm2-offset-syncs.confluent.internal', // right name, wrong cluster
        'target:mm2-offset-syncs.svl.internal', // location=target naming
      ]),
    );
  });
  it('never lists the expected names on their expected clusters', () => {
    expect(names).not.toContain('target:svl.checkpoints.internal');
    expect(names).not.toContain('source:mm2-offset-syncs.confluent.internal');
    expect(new Set(names).size).toBe(names.length);
  });
  it('lists the dotted names as look-alikes when a custom separator is in effect', () => {
    const alt = lookAlikeTopics({ ...flow, policy: replicationPolicy({ separator: '_' }) }).map((t) => `${t.cluster}:${t.name}`);
    expect(alt).toContain('target:svl.checkpoints.internal');
    expect(alt).not.toContain('target:svl_checkpoints_internal');
  });
  it('leaves out the internal topics of other real flows: the reverse flow of a two-way mirror', () => {
    // confluent->svl writes mm2-offset-syncs.svl.internal on confluent (its source) on purpose.
    expect(names).toContain('target:mm2-offset-syncs.svl.internal');
    const twoWay = lookAlikeTopics(flow, { otherFlows: [{ sourceAlias: 'confluent', targetAlias: 'svl' }] }).map((t) => `${t.cluster}:${t.name}`);
    expect(twoWay).not.toContain('target:mm2-offset-syncs.svl.internal');
    expect(twoWay).not.toContain('source:confluent.checkpoints.internal');
    // A name no known flow explains is still a look-alike.
    expect(twoWay).toEqual(expect.arrayContaining(['target:svl-checkpoints-internal', 'source:mm2-offset-syncs.target.internal']));
    // This flow itself listed as an "other" flow changes nothing.
    expect(lookAlikeTopics(flow, { otherFlows: [{ sourceAlias: 'svl', targetAlias: 'confluent' }] }).map((t) => `${t.cluster}:${t.name}`)).toEqual(names);
  });
  it('places a flow with unknown aliases on both clusters (it could live on either)', () => {
    expect(otherFlowTopics(flow, { sourceAlias: 'target', targetAlias: 'dr' }).map((t) => `${t.cluster}:${t.name}`)).toEqual(
      expect.arrayContaining(['source:mm2-offset-syncs.dr.internal', 'target:mm2-offset-syncs.dr.internal', 'source:target.checkpoints.internal', 'target:target.checkpoints.internal']),
    );
  });
  it('recognises checkpoint and offset-sync names heuristically', () => {
    expect(looksLikeCheckpointsTopic('svl-checkpoints-internal')).toBe(true);
    expect(looksLikeCheckpointsTopic('orders')).toBe(false);
    expect(looksLikeOffsetSyncsTopic('mm2-offset-syncs_x_internal')).toBe(true);
  });
});
