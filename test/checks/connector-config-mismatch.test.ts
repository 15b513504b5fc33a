import { describe, expect, it } from 'vitest';
import { connectorConfigMismatch } from '../../src/checks/connector-config-mismatch.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;
const sourceConfig = () => {
  const f = h();
  return f.connect?.ok && f.connect.value.source ? f.connect.value.source.config : {};
};

describe('connector-config-mismatch', () => {
  it.each([
    ['healthy', h(), []],
    ['checkpoint connector left at target.cluster.alias default', fx.withCheckpointConfig(h(), { 'target.cluster.alias': undefined }), ['connector-config-mismatch:critical']],
    ['separator differs', fx.withCheckpointConfig(h(), { 'replication.policy.separator': '_' }), ['connector-config-mismatch:critical']],
    ['identity policy only on the source connector', fx.withSourceConnector(h(), { config: { ...sourceConfig(), 'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy' } }), ['connector-config-mismatch:warning']],
    ['topics differ', fx.withCheckpointConfig(h(), { topics: '.*' }), ['connector-config-mismatch:warning']],
    ['no Connect', fx.withoutConnect(h()), []],
    ['Strimzi CR, aligned', fx.withStrimziCr(h(), { checkpointConnector: {} }), []],
    ['Strimzi CR without checkpointConnector: nothing to compare', fx.withStrimziCr(h(), {}), []],
    [
      'Strimzi CR, IdentityReplicationPolicy only in sourceConnector (strimzi#4498)',
      fx.withStrimziCr(h(), { sourceConnector: { config: { 'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy' } }, checkpointConnector: {} }),
      ['connector-config-mismatch:warning'],
    ],
    [
      'Strimzi CR, separator only in checkpointConnector',
      fx.withStrimziCr(h(), { sourceConnector: {}, checkpointConnector: { config: { 'replication.policy.separator': '-' } } }),
      ['connector-config-mismatch:critical'],
    ],
  ])('%s', (_name, facts, expected) => {
    expect(summary(connectorConfigMismatch, facts)).toEqual(expected);
  });

  it('shows both values and the offset-syncs topic each side uses (alias trap)', () => {
    const f0 = fx.withCheckpointConfig(h(), { 'target.cluster.alias': undefined });
    const [f] = connectorConfigMismatch.run(f0);
    expect(f?.title).toBe(`target.cluster.alias differs between ${fx.SOURCE_CONNECTOR} and ${fx.CHECKPOINT_CONNECTOR}`);
    expect(ev(f, fx.SOURCE_CONNECTOR)).toBe(`"confluent" (${fx.SOURCE_CONNECTOR})`);
    expect(ev(f, fx.CHECKPOINT_CONNECTOR)).toBe('"target" (Kafka default)');
    expect(ev(f, 'offset syncs written to')).toBe('mm2-offset-syncs.confluent.internal on source');
    expect(ev(f, 'offset syncs read from')).toBe('mm2-offset-syncs.target.internal on source');
    expect(f?.subject?.setting).toBe('target.cluster.alias');
  });

  it('cites the CR fields of both sides', () => {
    const f0 = fx.withStrimziCr(h(), { sourceConnector: {}, checkpointConnector: { config: { 'replication.policy.separator': '-' } } });
    const [f] = connectorConfigMismatch.run(f0);
    expect(ev(f, 'svl->confluent.MirrorCheckpointConnector')).toBe('"-" (spec.mirrors[0].checkpointConnector.config["replication.policy.separator"])');
    expect(ev(f, 'svl->confluent.MirrorSourceConnector')).toBe('"." (Kafka default)');
    expect(ev(f, 'offset syncs read from')).toBe('mm2-offset-syncs-confluent-internal on source');
    expect(f?.subject?.strimziPath).toBe('spec.mirrors[0].checkpointConnector.config["replication.policy.separator"]');
  });
});
