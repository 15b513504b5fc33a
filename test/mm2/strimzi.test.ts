import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { strimziConnectorConfigs, type KafkaMirrorMaker2Resource, type StrimziMapping } from '../../src/mm2/strimzi.ts';

// YAML 1.1 like the Kubernetes API server's decoder.
const seed = parse(readFileSync(new URL('./fixtures/seed-kmm2.yaml', import.meta.url), 'utf8'), { version: '1.1' }) as KafkaMirrorMaker2Resource;

function mapping(cr: KafkaMirrorMaker2Resource, i = 0): StrimziMapping {
  const m = strimziConnectorConfigs(cr, i);
  if ('error' in m) throw new Error(m.error);
  return m;
}

describe('strimziConnectorConfigs on the seed-like CR (strimzi.md §2.4)', () => {
  const m = mapping(seed);
  const byRole = (role: string) => m.connectors.find((c) => c.role === role);

  it('creates the source and checkpoint connectors only (no heartbeatConnector in the CR)', () => {
    expect(m.connectors.map((c) => c.name).sort()).toEqual(['svl->confluent.MirrorCheckpointConnector', 'svl->confluent.MirrorSourceConnector']);
    expect(m.absent).toEqual(['heartbeat']);
    expect(m.problems).toEqual([]);
  });

  it('produces the checkpoint connector config the operator sends (0.45)', () => {
    const c = byRole('checkpoint');
    expect(c?.config).toEqual({
      name: 'svl->confluent.MirrorCheckpointConnector',
      'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
      'tasks.max': '1',
      'checkpoints.topic.replication.factor': '3',
      'emit.checkpoints.interval.seconds': '60',
      'refresh.groups.interval.seconds': '600',
      'sync.group.offsets.enabled': 'false',
      'errors.log.enable': 'true',
      'source.cluster.alias': 'svl',
      'source.cluster.bootstrap.servers': 'svl-kafka-bootstrap.svl-prod.svc:9092',
      'source.cluster.security.protocol': 'PLAINTEXT',
      'target.cluster.alias': 'confluent',
      'target.cluster.bootstrap.servers': 'pkc-xxxxx.eu-west-1.aws.confluent.cloud:9092',
      'target.cluster.security.protocol': 'SASL_SSL',
      'target.cluster.sasl.mechanism': 'PLAIN',
      'target.cluster.sasl.jaas.config':
        'org.apache.kafka.common.security.plain.PlainLoginModule required username="ABCDEFGHIJKLMNOP" password="${file:/tmp/strimzi-mirrormaker2-connector.properties:confluent.sasl.password}";',
      'target.cluster.group.id': 'svl-mirrormaker2-cluster',
      'target.cluster.config.storage.topic': 'svl-mirrormaker2-cluster-configs',
      'target.cluster.offset.storage.topic': 'svl-mirrormaker2-cluster-offsets',
      'target.cluster.status.storage.topic': 'svl-mirrormaker2-cluster-status',
      'target.cluster.config.storage.replication.factor': '3',
      'target.cluster.offset.storage.replication.factor': '3',
      'target.cluster.status.storage.replication.factor': '3',
      topics: 'orders.*|payments.*',
      groups: 'svl-.*',
    });
  });

  it('writes topicsPattern/groupsPattern to every connector and leaves *.exclude to MM2 defaults', () => {
    for (const c of m.connectors) {
      expect(c.config).toMatchObject({ topics: 'orders.*|payments.*', groups: 'svl-.*' });
      expect(c.config['groups.exclude']).toBeUndefined();
    }
  });

  it('records the CR field of every key', () => {
    const o = byRole('checkpoint')?.origins ?? {};
    expect(o.groups).toBe('spec.mirrors[0].groupsPattern');
    expect(o['target.cluster.alias']).toBe('spec.clusters[1].alias');
    expect(o['emit.checkpoints.interval.seconds']).toBe('spec.mirrors[0].checkpointConnector.config["emit.checkpoints.interval.seconds"]');
    expect(o['target.cluster.group.id']).toBe('spec.clusters[1].config["group.id"]');
    expect(Object.keys(o).sort()).toEqual(Object.keys(byRole('checkpoint')?.config ?? {}).sort());
  });

  it('builds a working mapping for the only mirror and rejects an index past the end', () => {
    expect(strimziConnectorConfigs(seed, 1)).toEqual({ error: expect.stringMatching(/spec\.mirrors\[1\] does not exist/) });
  });
});

function cr(mirror: Record<string, unknown>, extra: Record<string, unknown> = {}): KafkaMirrorMaker2Resource {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaMirrorMaker2',
    spec: {
      connectCluster: 'b',
      clusters: [
        { alias: 'a', bootstrapServers: 'a:9092' },
        { alias: 'b', bootstrapServers: 'b:9093', tls: { trustedCertificates: [{ secretName: 'ca', certificate: 'ca.crt' }] }, authentication: { type: 'scram-sha-512', username: 'mm2', passwordSecret: { secretName: 's', password: 'p' } } },
      ],
      mirrors: [{ sourceCluster: 'a', targetCluster: 'b', ...mirror }],
      ...extra,
    },
  };
}

describe('strimziConnectorConfigs mapping rules (0.45, v1beta2)', () => {
  it('replaces MM2 default excludes with the CR exclude patterns, falling back to the deprecated blacklist fields', () => {
    const m = mapping(cr({ checkpointConnector: {}, groupsBlacklistPattern: 'old-.*', topicsExcludePattern: 'x', topicsBlacklistPattern: 'y' }));
    const c = m.connectors[0];
    expect(c?.config['groups.exclude']).toBe('old-.*');
    expect(c?.origins['groups.exclude']).toBe('spec.mirrors[0].groupsBlacklistPattern');
    expect(c?.config['topics.exclude']).toBe('x');
    expect(m.warnings).toEqual([expect.stringMatching(/topicsBlacklistPattern is ignored/)]);
  });

  it('creates a connector for an empty spec ({}) and none for a missing one', () => {
    const m = mapping(cr({ checkpointConnector: {} }));
    expect(m.connectors.map((c) => c.role)).toEqual(['checkpoint']);
    expect(m.absent).toEqual(['source', 'heartbeat']);
  });

  it('lets cluster-derived keys overwrite the connector config in 0.45', () => {
    const m = mapping(cr({ checkpointConnector: { config: { 'target.cluster.alias': 'oops', topics: 'ignored', 'tasks.max': 5 } }, topicsPattern: 'orders' }));
    const c = m.connectors[0];
    expect(c?.config['target.cluster.alias']).toBe('b');
    expect(c?.config.topics).toBe('orders');
    expect(c?.config['tasks.max']).toBeUndefined(); // forbidden in config, and no spec.tasksMax
    expect(m.warnings).toEqual([expect.stringMatching(/tasks\.max.*forbidden/)]);
  });

  it('maps SCRAM over TLS with trusted certificates', () => {
    const c = mapping(cr({ checkpointConnector: {} })).connectors[0]?.config ?? {};
    expect(c['target.cluster.security.protocol']).toBe('SASL_SSL');
    expect(c['target.cluster.sasl.mechanism']).toBe('SCRAM-SHA-512');
    expect(c['target.cluster.sasl.jaas.config']).toMatch(/^org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required username="mm2" password="\$\{file:/);
    expect(c['target.cluster.ssl.truststore.location']).toBe('/tmp/kafka/clusters/b.truststore.p12');
  });

  it('stringifies YAML numbers and booleans like Strimzi', () => {
    const c = mapping(cr({ checkpointConnector: { config: { 'emit.checkpoints.interval.seconds': 10, 'sync.group.offsets.enabled': true } } })).connectors[0]?.config ?? {};
    expect(c['emit.checkpoints.interval.seconds']).toBe('10');
    expect(c['sync.group.offsets.enabled']).toBe('true');
  });

  it('reports state: paused|stopped and the deprecated pause', () => {
    expect(mapping(cr({ checkpointConnector: { state: 'stopped' } })).connectors[0]).toMatchObject({ state: 'stopped', statePath: 'spec.mirrors[0].checkpointConnector.state' });
    expect(mapping(cr({ checkpointConnector: { pause: true } })).connectors[0]).toMatchObject({ state: 'paused', statePath: 'spec.mirrors[0].checkpointConnector.pause' });
    const both = mapping(cr({ checkpointConnector: { pause: true, state: 'running' } }));
    expect(both.connectors[0]?.state).toBe('running');
    expect(both.warnings[0]).toMatch(/state takes precedence/);
  });

  it('reports what the operator would reject', () => {
    const bad = cr({ targetCluster: 'c', checkpointConnector: {} });
    expect(mapping(bad).problems).toEqual([
      'Target cluster alias c is used in a mirror definition, but cluster with this alias does not exist in cluster definitions',
      'Connect cluster alias (currently set to b) must match the target cluster alias c or both clusters must have the same bootstrap servers.',
    ]);
  });
});

describe('strimziConnectorConfigs for the v1 API (0.49+)', () => {
  const v1: KafkaMirrorMaker2Resource = {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaMirrorMaker2',
    metadata: { name: 'm', namespace: 'ns' },
    spec: {
      target: { alias: 'cluster-b', bootstrapServers: 'b:9092' },
      mirrors: [
        {
          source: { alias: 'cluster-a', bootstrapServers: 'a:9092', authentication: { type: 'plain', username: 'u', passwordSecret: { secretName: 'sec', password: 'pw' } } },
          sourceConnector: { tasksMax: 1 },
          checkpointConnector: { config: { 'source.cluster.alias': 'renamed' } },
          heartbeatConnector: {},
          groupsPattern: '.*',
        },
      ],
    },
  };

  it('names connectors from mirrors[].source.alias and spec.target.alias and has no heartbeat connector', () => {
    const m = mapping(v1);
    expect(m.apiVersion).toBe('v1');
    expect(m.connectors.map((c) => c.name)).toEqual(['cluster-a->cluster-b.MirrorSourceConnector', 'cluster-a->cluster-b.MirrorCheckpointConnector']);
  });

  it("lets the connector's own config override cluster-derived keys (0.49 order)", () => {
    const c = mapping(v1).connectors.find((x) => x.role === 'checkpoint');
    expect(c?.config['source.cluster.alias']).toBe('renamed');
    expect(c?.origins['source.cluster.alias']).toBe('spec.mirrors[0].checkpointConnector.config["source.cluster.alias"]');
    expect(c?.origins['target.cluster.alias']).toBe('spec.target.alias');
  });

  it('uses the strimzidir password placeholder', () => {
    const c = mapping(v1).connectors[0]?.config ?? {};
    expect(c['source.cluster.sasl.jaas.config']).toContain('password="${strimzidir:/opt/kafka/mm2-password/cluster-a/sec:pw}"');
    expect(c['source.cluster.security.protocol']).toBe('SASL_PLAINTEXT');
  });
});
