import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { numberSetting } from './lib/mirror.ts';

/**
 * Detects a missing checkpoints topic on the target. MM2 creates it at connector start with
 * `checkpoints.topic.replication.factor` (default 3); that fails on a smaller target or without
 * CREATE, and the connector keeps running (C9).
 */
export const checkpointsTopicExists: Check = {
  id: 'checkpoints-topic-exists',
  emits: ['checkpoints-topic-missing'],
  needs: ['checkpointsTopic'],
  run(facts: Facts) {
    if (!facts.checkpointsTopic.ok || facts.checkpointsTopic.value !== null) return [];
    const name = facts.topicNames.checkpoints;
    const rf = numberSetting(facts, 'checkpoints.topic.replication.factor');
    const brokers = facts.target.ok ? facts.target.value.brokers.length : null;
    const evidence: Finding['evidence'] = [
      { label: 'expected', value: `${name} on ${facts.mirror.targetAlias}` },
      { label: 'checkpoints.topic.replication.factor', value: rf },
    ];
    if (brokers !== null) {
      evidence.push({ label: 'target brokers', value: brokers });
      if (brokers > 0 && rf > brokers) evidence.push({ label: 'cause', value: `replication factor ${rf} > ${brokers} brokers: MM2's createTopics fails (InvalidReplicationFactorException) and the connector runs on` });
    }
    const lookalikes = facts.lookalikeTopics.filter((l) => /checkpoints/.test(l.name)).map((l) => `${l.name} on ${l.cluster}`);
    if (lookalikes.length > 0) evidence.push({ label: 'similar topics', value: lookalikes });
    return [
      {
        code: 'checkpoints-topic-missing',
        severity: 'critical',
        title: `Checkpoints topic ${name} does not exist on ${facts.mirror.targetAlias}`,
        evidence,
        subject: { topics: [name], cluster: 'target', setting: 'checkpoints.topic.replication.factor' },
      },
    ];
  },
};
