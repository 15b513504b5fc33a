import { describe, expect, it } from 'vitest';
import { checkpointCandidates, otherFlowsOf, remoteTopics } from '../../src/gather/target.ts';
import * as fx from '../fixtures/facts.ts';

describe('which groups are read on the target', () => {
  it('the groups the checkpoint connector would checkpoint: group filter passed, a commit on an accepted topic', () => {
    const f = fx.withGroups(fx.fixHealthyFacts(), [
      fx.fixGroup('app-orders', { offsets: [['orders', 0, 10n], ['audit', 0, 5n]] }),
      fx.fixGroup('app-audit', { offsets: [['audit', 0, 5n]] }), // only an unmirrored topic
      fx.fixGroup('billing', { offsets: [['orders', 0, 10n]] }), // groups = app-.*
      fx.fixGroup('app-idle'), // no commit
      fx.fixGroup('app-connect', { protocolType: 'connect', offsets: [['orders', 0, 1n]] }),
    ]);
    const c = checkpointCandidates(f.sourceGroups.ok ? f.sourceGroups.value : [], f.settings);
    expect(c).toEqual({ groupIds: ['app-orders'], topics: ['orders'] });
    expect(remoteTopics(c.topics, f.settings, f.mirror)).toEqual(['svl.orders']);
  });
});

describe('other flows over the same clusters', () => {
  it('come from the config, the Connect connector names and the resource, each once, never this flow', () => {
    const flows = otherFlowsOf({
      self: { sourceAlias: 'a', targetAlias: 'b' },
      configMirrors: [{ source: 'b', target: 'a' }],
      connectors: ['a->b.MirrorSourceConnector', 'b->a.MirrorCheckpointConnector', 'a->c.MirrorHeartbeatConnector', 'jdbc-sink'],
    });
    expect(flows).toEqual([
      { sourceAlias: 'b', targetAlias: 'a', from: 'config' },
      { sourceAlias: 'a', targetAlias: 'c', from: 'connect' },
    ]);
  });
});
