import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import { deviations } from './lib/topics.ts';

/**
 * Detects an offset-syncs topic made differently from MM2's (1 partition, compact). With `delete`,
 * syncs of idle partitions expire and a restarted checkpoint task cannot translate them (§3.4);
 * extra partitions are harmless (partition 0 only) but show a hand-made topic.
 */
export const offsetSyncsTopicConfig: Check = {
  id: 'offset-syncs-topic-config',
  emits: ['offset-syncs-topic-misconfigured'],
  needs: ['offsetSyncsTopic'],
  run(facts: Facts) {
    if (!facts.offsetSyncsTopic.ok || facts.offsetSyncsTopic.value === null) return [];
    const t = facts.offsetSyncsTopic.value;
    const d = deviations(t);
    if (!d.partitions && !d.deletes) return [];
    const what = [d.deletes ? `cleanup.policy=${d.policy}` : null, d.partitions ? `${t.partitions} partitions` : null].filter(Boolean).join(' and ');
    return [
      {
        code: 'offset-syncs-topic-misconfigured',
        severity: 'warning',
        title: `Offset-syncs topic ${t.name} has ${what} (MM2 creates 1 partition, compact)`,
        evidence: [
          ...(d.deletes ? [{ label: 'cleanup.policy', value: `${d.policy}: syncs of partitions idle longer than retention.ms are deleted; after a task restart those partitions get no checkpoints (§3.4)` }] : []),
          ...(d.partitions ? [{ label: 'partitions', value: `${t.partitions}: harmless, MM2 writes and reads partition 0 only` }] : []),
        ],
        subject: { topics: [t.name], cluster: facts.topicNames.offsetSyncs.cluster },
      },
    ];
  },
};
