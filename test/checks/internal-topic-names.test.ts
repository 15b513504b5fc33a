import { describe, expect, it } from 'vitest';
import { internalTopicNames } from '../../src/checks/internal-topic-names.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;

describe('internal-topic-names', () => {
  it.each([
    ['healthy', h(), []],
    ['hand-made dash-separated checkpoints topic (strimzi#11241)', fx.withLookalikes(h(), [{ cluster: 'target', name: 'svl-checkpoints-internal' }]), ['checkpoints-topic-name-mismatch:warning']],
    ['offset syncs under the default target alias', fx.withLookalikes(h(), [{ cluster: 'source', name: 'mm2-offset-syncs.target.internal' }]), ['offset-syncs-topic-name-mismatch:warning']],
    ['both', fx.withLookalikes(h(), [{ cluster: 'target', name: 'svl-checkpoints-internal' }, { cluster: 'source', name: 'mm2-offset-syncs.target.internal' }]), ['checkpoints-topic-name-mismatch:warning', 'offset-syncs-topic-name-mismatch:warning']],
  ])('%s', (_name, facts, expected) => {
    expect(summary(internalTopicNames, facts)).toEqual(expected);
  });

  it('says which name MM2 uses and why the look-alike may exist', () => {
    const [f] = internalTopicNames.run(fx.withLookalikes(h(), [{ cluster: 'source', name: 'mm2-offset-syncs.target.internal' }]));
    expect(f?.title).toBe("Topic mm2-offset-syncs.target.internal looks like this mirror's offset-syncs topic but is not mm2-offset-syncs.confluent.internal");
    expect(ev(f, 'MM2 uses')).toBe('mm2-offset-syncs.confluent.internal on source');
    expect(ev(f, 'mm2-offset-syncs.target.internal on source')).toBe('target.cluster.alias left at its default "target"');
    expect(f?.subject).toEqual({ topics: ['mm2-offset-syncs.target.internal'], cluster: 'source' });
  });

  it('explains a separator look-alike', () => {
    const [f] = internalTopicNames.run(fx.withLookalikes(h(), [{ cluster: 'target', name: 'svl-checkpoints-internal' }]));
    expect(ev(f, 'svl-checkpoints-internal on target')).toBe("checkpoints topic with separator '-'");
  });
});
