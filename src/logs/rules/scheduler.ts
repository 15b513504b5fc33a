/**
 * Lines from MM2's `org.apache.kafka.connect.mirror.Scheduler`, which runs each connector's and
 * task's admin work. Its name is `Scheduler for <Class>: <source->target|connector>` and every
 * line names the task description, which is what decides whether checkpoints are affected.
 */
import { flowsIn } from '../names.ts';
import type { Hit, Rule } from './rule.ts';

type Outcome = 'failed' | 'timed-out' | 'slow';

const VERB: Record<Outcome, string> = { failed: 'failed', 'timed-out': 'timed out', slow: 'was slow' };

/** Classifies a scheduler task by the class that owns the scheduler and the task description. */
function classify(cls: string, description: string, outcome: Outcome): Omit<Hit, 'title'> & { title: string } {
  const what = `${cls}: ${description} ${VERB[outcome]}`;
  if (description === 'syncing topic configs') {
    return {
      code: 'topic-config-sync-failed',
      kind: 'red-herring',
      title: `Topic-config sync ${VERB[outcome]} (${cls})`,
      reason: TOPIC_CONFIG_REASON,
    };
  }
  if (description === 'syncing topic ACLs') {
    return { code: 'topic-acl-sync-failed', kind: 'red-herring', title: `Topic ACL sync ${VERB[outcome]}`, reason: TOPIC_ACL_REASON };
  }
  if (cls.startsWith('MirrorHeartbeat')) {
    return { code: 'heartbeat-connector-error', kind: 'red-herring', title: what, reason: HEARTBEAT_REASON };
  }
  if (outcome === 'slow' && !cls.startsWith('MirrorCheckpoint')) {
    return { code: 'scheduled-task-slow', kind: 'red-herring', title: what, reason: 'A slow admin call in a connector that does not write checkpoints.' };
  }
  if (cls === 'MirrorCheckpointConnector' && description === 'creating internal topics') {
    return {
      code: 'checkpoints-topic-create-failed',
      kind: 'cause',
      title: `Creating the checkpoints topic ${VERB[outcome]}`,
      reason:
        'The checkpoint connector could not create <source>.checkpoints.internal (often a replication factor above the target broker count, default 3). It keeps running; writes then fail or auto-create a topic with broker defaults.',
      generic: true,
    };
  }
  if (description === 'loading initial consumer groups' || description === 'refreshing consumer groups') {
    return {
      code: outcome === 'timed-out' ? 'groups-load-timeout' : 'groups-load-failed',
      kind: 'cause',
      title: `Checkpoint connector ${description} ${VERB[outcome]}`,
      reason:
        outcome === 'timed-out'
          ? 'Listing source consumer groups and their offsets exceeded admin.timeout.ms (default 60 s). In Kafka 3.5-3.8 the connector then keeps 0 groups and no tasks until the group set changes (KAFKA-17232); 3.9 retries.'
          : 'The checkpoint connector could not list consumer groups or their offsets on the source, so it has no groups to checkpoint.',
      timeout: outcome === 'timed-out',
      generic: true,
    };
  }
  if (description.startsWith('starting') && description.includes('offset sync store')) {
    return {
      code: 'offset-sync-store-failed',
      kind: 'cause',
      title: `Checkpoint task ${description} ${VERB[outcome]}`,
      reason:
        outcome === 'failed'
          ? 'The checkpoint task never finished reading the offset-syncs topic, so it refuses every translation until it restarts.'
          : 'Reading the offset-syncs topic is slow; no checkpoint is emitted before it finishes.',
      timeout: outcome === 'timed-out',
      generic: true,
    };
  }
  if (description.includes('idle consumer')) {
    return {
      code: 'sync-offsets-failed',
      kind: 'cause',
      title: `sync.group.offsets: ${description} ${VERB[outcome]}`,
      reason: 'Target consumer-group offsets are not updated; the checkpoints themselves are not affected.',
      generic: true,
    };
  }
  if (description === 'creating upstream offset-syncs topic') {
    return {
      code: 'offset-syncs-topic-create-failed',
      kind: 'cause',
      title: `Creating the offset-syncs topic ${VERB[outcome]}`,
      reason: 'Without the offset-syncs topic no offset syncs are written and nothing can be translated.',
      generic: true,
    };
  }
  if (cls === 'MirrorSourceConnector') {
    return {
      code: 'source-connector-task-failed',
      kind: 'cause',
      title: what,
      reason: 'Topics the source connector does not replicate get no offset syncs, so their groups get no checkpoints.',
      timeout: outcome === 'timed-out',
      generic: true,
    };
  }
  return { code: 'scheduled-task-failed', kind: 'cause', title: what, timeout: outcome === 'timed-out', generic: true };
}

export const TOPIC_CONFIG_REASON =
  'Comes from MirrorSourceConnector syncing topic configs to the target (sync.topic.configs.enabled); checkpoints never depend on topic-config sync.';
export const TOPIC_ACL_REASON =
  'Comes from MirrorSourceConnector syncing topic ACLs (sync.topic.acls.enabled); the checkpoint path does not use it.';
export const HEARTBEAT_REASON =
  'MirrorHeartbeatConnector only writes the heartbeats topic; checkpoints do not depend on it.';

const PATTERNS: { re: RegExp; outcome: Outcome }[] = [
  { re: /^Scheduler for (\w+)(?:: (.*?))? caught exception in (?:scheduled )?task: (.+)$/, outcome: 'failed' },
  { re: /^Scheduler for (\w+)(?:: (.*?))? timed out running task: (.+)$/, outcome: 'timed-out' },
  { re: /^Scheduler for (\w+)(?:: (.*?))? took too long \(\d+ ms\) running task: (.+)$/, outcome: 'slow' },
];

/** `… caught exception in scheduled task: …`, `… timed out running task: …`, `… took too long …`. */
export const schedulerRule: Rule = {
  keys: ['Scheduler for '],
  match(message) {
    for (const { re, outcome } of PATTERNS) {
      const m = re.exec(message);
      if (!m) continue;
      const cls = m[1] ?? '';
      const label = m[2] ?? '';
      const hit: Hit = classify(cls, (m[3] ?? '').trim(), outcome);
      const bar = label.indexOf('|');
      if (bar >= 0) hit.connector = label.slice(bar + 1).replace(/-\d+$/, '');
      const flow = flowsIn(label)[0];
      if (flow) hit.flow = flow;
      return hit;
    }
    return undefined;
  },
};
