import { describe, expect, it } from 'vitest';
import { checkpointConnectorExists } from '../../src/checks/checkpoint-connector-exists.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

describe('checkpoint-connector-exists', () => {
  it.each([
    ['healthy', fx.fixHealthyFacts(), []],
    ['missing', fx.withCheckpointConnector(fx.fixHealthyFacts(), null), ['checkpoint-connector-missing:critical']],
    ['Connect not configured', fx.withoutConnect(fx.fixHealthyFacts()), []],
    ['CR without checkpointConnector, no Connect', fx.withStrimziCr(fx.fixHealthyFacts(), {}), ['checkpoint-connector-missing:critical']],
    ['CR with checkpointConnector: {}', fx.withStrimziCr(fx.fixHealthyFacts(), { checkpointConnector: {} }), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointConnectorExists, facts)).toEqual(expected);
  });

  it('lists the connectors the worker has and points at checkpoint connectors of other flows', () => {
    const f0 = fx.withCheckpointConnector(fx.fixHealthyFacts(), null);
    if (f0.connect?.ok) f0.connect.value.allConnectors.push('svl->other.MirrorCheckpointConnector');
    const [f] = checkpointConnectorExists.run(f0);
    expect(f?.title).toBe('No MirrorCheckpointConnector for svl->confluent on Kafka Connect');
    expect(ev(f, 'connectors on the worker')).toEqual([fx.SOURCE_CONNECTOR, 'svl->other.MirrorCheckpointConnector']);
    expect(ev(f, 'other checkpoint connectors (another flow or name?)')).toEqual(['svl->other.MirrorCheckpointConnector']);
  });

  it('names the CR field Strimzi needs', () => {
    const [f] = checkpointConnectorExists.run(fx.withStrimziCr(fx.fixHealthyFacts(), {}));
    expect(f?.title).toBe('The KafkaMirrorMaker2 has no checkpointConnector for svl->confluent');
    expect(ev(f, 'spec.mirrors[0].checkpointConnector')).toMatch(/^not set: Strimzi creates a connector only when its spec is present/);
    expect(f?.subject).toEqual({ strimziPath: 'spec.mirrors[0].checkpointConnector' });
  });

  it('believes live Connect over the CR', () => {
    const f = fx.withStrimziCr(fx.fixHealthyFacts(), {});
    f.connect = fx.fixHealthyFacts().connect;
    expect(checkpointConnectorExists.run(f)).toEqual([]);
  });
});
