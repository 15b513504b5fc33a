import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { lookAlikeTopics } from '../mm2/policy.ts';
import { settingOf, policyOf } from './lib/mirror.ts';

/**
 * Detects topics named like this mirror's checkpoints or offset-syncs topic but not the name MM2
 * computes: a hand-made topic with another separator (`svl-checkpoints-internal`), or a connector
 * with other aliases or separator (C10, C16). MM2 never writes a hand-made look-alike.
 */
export const internalTopicNames: Check = {
  id: 'internal-topic-names',
  emits: ['checkpoints-topic-name-mismatch', 'offset-syncs-topic-name-mismatch'],
  needs: [],
  run(facts: Facts) {
    if (facts.lookalikeTopics.length === 0) return [];
    const reasons = lookAlikeTopics({
      policy: policyOf(facts),
      sourceAlias: facts.mirror.sourceAlias,
      targetAlias: facts.mirror.targetAlias,
      offsetSyncsTopicLocation: settingOf(facts, 'offset-syncs.topic.location') === 'target' ? 'target' : 'source',
    });
    const reasonOf = (name: string, cluster: string) => reasons.find((r) => r.name === name && r.cluster === cluster)?.reason;
    const out: Finding[] = [];
    for (const kind of ['checkpoints', 'offset-syncs'] as const) {
      const found = facts.lookalikeTopics.filter((l) => (kind === 'checkpoints' ? /checkpoints/.test(l.name) : /offset-syncs/.test(l.name)));
      if (found.length === 0) continue;
      const expected = kind === 'checkpoints' ? `${facts.topicNames.checkpoints} on target` : `${facts.topicNames.offsetSyncs.name} on ${facts.topicNames.offsetSyncs.cluster}`;
      out.push({
        code: kind === 'checkpoints' ? 'checkpoints-topic-name-mismatch' : 'offset-syncs-topic-name-mismatch',
        severity: 'warning',
        title: `${found.length === 1 ? `Topic ${found[0]?.name} looks like` : `${found.length} topics look like`} this mirror's ${kind} topic but ${found.length === 1 ? 'is' : 'are'} not ${expected.split(' on ')[0]}`,
        evidence: [
          { label: 'MM2 uses', value: expected },
          ...found.map((l) => ({ label: `${l.name} on ${l.cluster}`, value: reasonOf(l.name, l.cluster) ?? 'similar name' })),
        ],
        subject: { topics: found.map((l) => l.name), cluster: found[0]?.cluster ?? 'target' },
      });
    }
    return out;
  },
};
