import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { explainGroup } from '../../src/mm2/filters.ts';
import {
  compareConnectors,
  effectiveSettings,
  groupFilterOf,
  internalTopicsOf,
  policyOf,
  topicFilterOf,
} from '../../src/mm2/settings.ts';
import type { KafkaMirrorMaker2Resource } from '../../src/mm2/strimzi.ts';

const seed = parse(readFileSync(new URL('./fixtures/seed-kmm2.yaml', import.meta.url), 'utf8'), { version: '1.1' }) as KafkaMirrorMaker2Resource;

const connectSource = {
  name: 'mm2-source',
  'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
  'source.cluster.alias': 'svl',
  'target.cluster.alias': 'confluent',
  topics: 'orders.*',
};

describe('effectiveSettings from Connect REST', () => {
  it('takes the checkpoint connector values from its live config and defaults the rest', () => {
    const s = effectiveSettings({
      connect: {
        configs: { checkpoint: { 'source.cluster.alias': 'svl', 'target.cluster.alias': 'confluent', 'emit.checkpoints.interval.seconds': '5' } },
        names: { checkpoint: 'mm2-checkpoint' },
      },
    });
    expect(s.checkpoint.name).toBe('mm2-checkpoint');
    expect(s.checkpoint.present).toBe(true);
    expect(s.checkpoint.emitCheckpointsIntervalSeconds).toMatchObject({ value: 5, raw: '5', source: 'connect', connector: 'mm2-checkpoint' });
    expect(s.checkpoint.refreshGroupsIntervalSeconds).toMatchObject({ value: 600, source: 'default' });
    expect(s.checkpoint.groupsExclude).toMatchObject({ value: 'console-consumer-.*, connect-.*, __.*', source: 'default' });
    expect(s.source.present).toBe(false); // Connect was asked and has no such connector
  });

  it('shows the alias trap: target.cluster.alias defaults to "target" on a checkpoint connector that omits it', () => {
    const s = effectiveSettings({
      connect: { configs: { source: connectSource, checkpoint: { 'source.cluster.alias': 'svl' } } },
    });
    expect(s.checkpoint.targetAlias).toMatchObject({ value: 'target', source: 'default' });
    expect(internalTopicsOf(s.checkpoint, s.kafkaVersion).offsetSyncs.name).toBe('mm2-offset-syncs.target.internal');
    const cmp = compareConnectors(s);
    expect(cmp.offsetSyncs).toEqual({
      writtenBySource: { name: 'mm2-offset-syncs.confluent.internal', cluster: 'source' },
      readByCheckpoint: { name: 'mm2-offset-syncs.target.internal', cluster: 'source' },
      match: false,
    });
    expect(cmp.mismatches.map((m) => m.key)).toEqual(['target.cluster.alias', 'topics']);
  });

  it('lists a policy mismatch between the connectors (strimzi#4498)', () => {
    const s = effectiveSettings({
      connect: {
        configs: {
          source: { ...connectSource, 'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy', 'replication.policy.separator': '_' },
          checkpoint: { 'source.cluster.alias': 'svl', 'target.cluster.alias': 'confluent', topics: 'orders.*' },
        },
      },
    });
    const cmp = compareConnectors(s);
    expect(cmp.mismatches.map((m) => m.key)).toEqual(['replication.policy.class', 'replication.policy.separator']);
    expect(cmp.mismatches[0]?.sourceConnector).toMatchObject({ source: 'connect', value: 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy' });
    expect(cmp.offsetSyncs.writtenBySource.name).toBe('mm2-offset-syncs_confluent_internal');
    expect(cmp.offsetSyncs.match).toBe(false);
  });

  it('flags values Kafka would reject, keeping the default as the value', () => {
    const s = effectiveSettings({
      connect: { configs: { checkpoint: { 'source.cluster.alias': 'svl', 'emit.checkpoints.enabled': 'yes', 'offset-syncs.topic.location': 'Target' } } },
    });
    expect(s.checkpoint.emitCheckpointsEnabled).toMatchObject({ value: true, raw: 'yes', error: expect.stringMatching(/true or false/) });
    expect(s.checkpoint.offsetSyncsTopicLocation).toMatchObject({ value: 'source', error: expect.stringMatching(/must be one of/) });
  });

  it('reports a missing source.cluster.alias (required, no default)', () => {
    const s = effectiveSettings({ connect: { configs: { checkpoint: {} } } });
    expect(s.checkpoint.sourceAlias).toMatchObject({ value: undefined, source: 'default', error: expect.stringMatching(/Missing required/) });
  });

  it('ignores keys the Kafka version does not know, and blacklist keys from 4.0', () => {
    const old = effectiveSettings({ kafkaVersion: '3.8.0', connect: { configs: { checkpoint: { 'source.cluster.alias': 'a', 'emit.offset-syncs.enabled': 'false' } } } });
    expect(old.checkpoint.emitOffsetSyncsEnabled).toMatchObject({ value: true, note: expect.stringMatching(/added in 3\.9\.0/) });
    const v4 = effectiveSettings({ kafkaVersion: '4.0.0', connect: { configs: { checkpoint: { 'source.cluster.alias': 'a', 'groups.blacklist': 'x' } } } });
    expect(v4.checkpoint.groupsExclude).toMatchObject({ key: 'groups.exclude', source: 'default' });
    expect(explainGroup(groupFilterOf(v4.checkpoint, v4.kafkaVersion), 'x').selected).toBe(true);
    const v3 = effectiveSettings({ kafkaVersion: '3.9.0', connect: { configs: { checkpoint: { 'source.cluster.alias': 'a', 'groups.blacklist': 'x' } } } });
    expect(v3.checkpoint.groupsExclude).toMatchObject({ key: 'groups.blacklist', value: 'x', source: 'connect' });
  });

  it('does not apply bot-config overrides over live Connect values, and says so', () => {
    const s = effectiveSettings({
      connect: { configs: { checkpoint: { 'source.cluster.alias': 'svl', 'emit.checkpoints.interval.seconds': '5' } } },
      overrides: { values: { 'emit.checkpoints.interval.seconds': '60' }, path: 'mirrors[0].settings' },
    });
    expect(s.checkpoint.emitCheckpointsIntervalSeconds.value).toBe(5);
    expect(s.notes.join('\n')).toMatch(/overrides emit\.checkpoints\.interval\.seconds are not used/);
  });
});

describe('effectiveSettings from a Strimzi KafkaMirrorMaker2', () => {
  const s = effectiveSettings({ strimzi: { resource: seed, mirrorIndex: 0 } });

  it('uses the CR version and Strimzi connector names', () => {
    expect(s.kafkaVersion.raw).toBe('3.9.0');
    expect(s.checkpoint.name).toBe('svl->confluent.MirrorCheckpointConnector');
    expect(s.checkpoint.present).toBe(true);
    expect(s.heartbeat.present).toBe(false);
  });

  it('cites CR fields for values Strimzi sets, and defaults for the rest', () => {
    expect(s.checkpoint.groups).toMatchObject({ value: 'svl-.*', source: 'strimzi', path: 'spec.mirrors[0].groupsPattern' });
    expect(s.checkpoint.targetAlias).toMatchObject({ value: 'confluent', source: 'strimzi', path: 'spec.clusters[1].alias' });
    expect(s.checkpoint.replicationPolicyClass).toMatchObject({ value: 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy', source: 'default' });
    expect(s.checkpoint.tasksMax).toMatchObject({ value: 1, source: 'strimzi', path: 'spec.mirrors[0].checkpointConnector.tasksMax' });
    expect(s.checkpoint.state).toMatchObject({ value: 'running', source: 'default' });
  });

  it('explains the seed groups: console-consumer-4711 and billing are not checkpointed', () => {
    const f = groupFilterOf(s.checkpoint, s.kafkaVersion);
    expect(explainGroup(f, 'console-consumer-4711')).toMatchObject({
      selected: false,
      reason: 'not-included',
      setting: 'groups',
      alsoExcludedBy: { matchedPattern: 'console-consumer-.*', isDefault: true },
    });
    expect(explainGroup(f, 'billing')).toMatchObject({ selected: false, reason: 'not-included', patterns: ['svl-.*'] });
    expect(explainGroup(f, 'svl-orders-app')).toMatchObject({ selected: true });
  });

  it('lets groupsExcludePattern replace the MM2 default excludes', () => {
    const cr = structuredClone(seed);
    const mirror = cr.spec.mirrors?.[0];
    if (!mirror) throw new Error('fixture');
    mirror.groupsPattern = '.*';
    mirror.groupsExcludePattern = 'test-.*';
    const t = effectiveSettings({ strimzi: { resource: cr, mirrorIndex: 0 } });
    expect(t.checkpoint.groupsExclude).toMatchObject({ value: 'test-.*', source: 'strimzi', path: 'spec.mirrors[0].groupsExcludePattern' });
    expect(explainGroup(groupFilterOf(t.checkpoint, t.kafkaVersion), 'console-consumer-4711').selected).toBe(true);
  });

  it('computes the seed internal topics and finds the connectors aligned', () => {
    expect(internalTopicsOf(s.checkpoint, s.kafkaVersion)).toMatchObject({
      checkpoints: { name: 'svl.checkpoints.internal', cluster: 'target' },
      offsetSyncs: { name: 'mm2-offset-syncs.confluent.internal', cluster: 'source' },
    });
    expect(compareConnectors(s)).toMatchObject({ mismatches: [], offsetSyncs: { match: true } });
    expect(topicFilterOf(s.checkpoint, s.kafkaVersion).include.patterns).toEqual(['orders.*|payments.*']);
  });

  it('applies bot-config overrides on top of the CR and cites the bot-config path', () => {
    const t = effectiveSettings({
      strimzi: { resource: seed, mirrorIndex: 0 },
      overrides: { values: { 'replication.policy.separator': '_' }, path: 'mirrors[0].settings' },
    });
    expect(t.checkpoint.separator).toMatchObject({ value: '_', source: 'config-override', path: 'mirrors[0].settings["replication.policy.separator"]' });
    expect(policyOf(t.checkpoint, t.kafkaVersion).checkpointsTopic('svl')).toBe('svl_checkpoints_internal');
  });
});

describe('effectiveSettings from the bot config alone', () => {
  it('uses the configured aliases and overrides, and Kafka defaults otherwise', () => {
    const s = effectiveSettings({
      kafkaVersion: '3.9.0',
      aliases: { source: 'svl', target: 'confluent', sourcePath: 'mirrors[0].source', targetPath: 'mirrors[0].target' },
      overrides: { values: { 'emit.checkpoints.interval.seconds': '30' }, path: 'mirrors[0].settings' },
    });
    expect(s.checkpoint.present).toBeUndefined();
    expect(s.checkpoint.name).toBe('MirrorCheckpointConnector');
    expect(s.checkpoint.targetAlias).toMatchObject({ value: 'confluent', source: 'config-override', path: 'mirrors[0].target' });
    expect(s.checkpoint.emitCheckpointsIntervalSeconds).toMatchObject({ value: 30, source: 'config-override' });
    expect(s.checkpoint.syncGroupOffsetsEnabled).toMatchObject({ value: false, source: 'default' });
    expect(s.checkpoint.checkpointsTopicReplicationFactor.value).toBe(3);
    expect(s.source.offsetLagMax.value).toBe(100);
    expect(s.checkpoint.adminTimeoutMs.value).toBe(60000);
  });
});
