import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding, Severity } from '../model/finding.ts';
import { numberSetting } from './lib/mirror.ts';
import { deviations, partition0 } from './lib/topics.ts';

/**
 * Detects a checkpoints topic made differently from MM2's (1 partition, compact; §3.4). `delete`
 * is a slow failure: an idle group's only checkpoint expires and is never re-emitted (C13). Extra
 * partitions are harmless (MM2 uses partition 0) but mark a hand-made or broker-auto-created topic.
 */
export const checkpointsTopicConfig: Check = {
  id: 'checkpoints-topic-config',
  emits: ['checkpoints-topic-misconfigured', 'checkpoints-topic-auto-created'],
  needs: ['checkpointsTopic'],
  run(facts: Facts) {
    if (!facts.checkpointsTopic.ok || facts.checkpointsTopic.value === null) return [];
    const t = facts.checkpointsTopic.value;
    const d = deviations(t);
    if (!d.partitions && !d.deletes) return [];
    const p0 = partition0(t);
    // Records were written to partition 0 and all of them are gone: retention emptied the topic.
    const emptied = d.deletes && p0 !== null && p0.end > 0n && p0.start === p0.end;
    const severity: Severity = emptied ? 'critical' : 'warning';
    const evidence: Finding['evidence'] = [];
    if (d.deletes) {
      evidence.push({
        label: 'cleanup.policy',
        value: `${d.policy}: checkpoints of idle groups expire after retention.ms and are not re-emitted while unchanged`,
      });
      if (t.configs?.['retention.ms']) evidence.push({ label: 'retention.ms', value: t.configs['retention.ms'] });
    }
    if (emptied && p0) evidence.push({ label: 'partition 0 offsets', value: `${p0.start}..${p0.end}: ${p0.end} checkpoints were written and all were deleted` });
    if (d.partitions) evidence.push({ label: 'partitions', value: `${t.partitions}: MM2 writes and reads partition 0 only; the other partitions stay empty` });

    // MM2 could not have created it (replication factor above the broker count, C9), so the
    // worker producer's metadata request made the broker auto-create it with broker defaults.
    const rf = numberSetting(facts, 'checkpoints.topic.replication.factor');
    const brokers = facts.target.ok ? facts.target.value.brokers.length : null;
    const autoCreated = brokers !== null && brokers > 0 && rf > brokers;
    const what = [d.deletes ? `cleanup.policy=${d.policy}` : null, d.partitions ? `${t.partitions} partitions` : null].filter(Boolean).join(' and ');
    if (autoCreated) {
      evidence.push({ label: 'checkpoints.topic.replication.factor', value: `${rf} > ${brokers} target brokers: MM2's own createTopics fails` });
      return [
        {
          code: 'checkpoints-topic-auto-created',
          severity,
          title: `Checkpoints topic ${t.name} was likely auto-created by the broker (${what})`,
          evidence,
          subject: { topics: [t.name], cluster: 'target', setting: 'checkpoints.topic.replication.factor' },
        },
      ];
    }
    return [
      {
        code: 'checkpoints-topic-misconfigured',
        severity,
        title: `Checkpoints topic ${t.name} has ${what} (MM2 creates 1 partition, compact)`,
        evidence,
        subject: { topics: [t.name], cluster: 'target' },
      },
    ];
  },
};
