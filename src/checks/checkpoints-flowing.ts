import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import { checkpointIndex } from './lib/checkpoints.ts';
import { formatDuration } from '../util/duration.ts';
import { capList } from './lib/facts.ts';

/**
 * Reports the healthy case: the checkpoints topic holds decodable checkpoints. An old newest
 * checkpoint is fine on its own: MM2 re-emits only when a group's translated offset advances (C13).
 */
export const checkpointsFlowing: Check = {
  id: 'checkpoints-flowing',
  emits: ['checkpoints-flowing'],
  needs: ['checkpoints'],
  run(facts: Facts) {
    if (!facts.checkpoints.ok) return [];
    const records = facts.checkpoints.value.records;
    if (records.length === 0) return [];
    const { groups, newestAt } = checkpointIndex(facts)!;
    const newest = newestAt!;
    return [
      {
        code: 'checkpoints-flowing',
        severity: 'info',
        title: `${facts.topicNames.checkpoints} holds checkpoints for ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} groups`}`,
        evidence: [
          { label: 'checkpoint records read', value: records.length },
          { label: 'groups', value: capList(groups) },
          { label: 'newest checkpoint', value: `${formatDuration(Math.max(0, facts.now - newest))} ago` },
        ],
        subject: { groups, topics: [facts.topicNames.checkpoints], cluster: 'target' },
      },
    ];
  },
};
