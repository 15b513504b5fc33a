/**
 * Lines written on the checkpoint path itself (mm2-checkpoints.md §1.2, §5.3): the connector's
 * group discovery, the task's stores and translation, and the write to the checkpoints topic.
 * Loggers are `org.apache.kafka.connect.mirror.<Class>` unless noted.
 */
import { connectorFromTaskId, flowsIn, internalTopicKind, parseList } from '../names.ts';
import { namesTooLarge, tooLargeHit } from './delivery.ts';
import type { Rule } from './rule.ts';

const ZERO_GROUPS_REASON =
  'The checkpoint connector found no source consumer group that passes the group filter and has committed offsets on a mirrored topic, so it created no tasks and writes no checkpoints. (Kafka 3.8 and older also print 0 when loading the groups timed out.)';

/** MirrorCheckpointConnector INFO `Started {} with {} consumer groups.` (and its DEBUG list). */
const started: Rule = {
  keys: ['consumer groups', 'Ignoring the following groups'],
  match(message) {
    const m = /^Started (.+?) with (\d+) consumer groups\.$/.exec(message);
    if (m) {
      const connector = m[1] ?? '';
      const n = Number(m[2]);
      const base = { connector, groupCount: n, flow: flowsIn(connector)[0] };
      return n === 0
        ? { ...base, code: 'started-with-zero-groups', kind: 'cause', title: `${connector} started with 0 consumer groups`, reason: ZERO_GROUPS_REASON }
        : { ...base, code: 'started-with-groups', kind: 'evidence', title: `${connector} started with ${n} consumer groups` };
    }
    const list = /^Started (.+?) with consumer groups: (\[.*\])$/.exec(message);
    if (list) {
      const groups = parseList(list[2] ?? '');
      return { code: 'started-groups-listed', kind: 'evidence', title: `${list[1]} consumer groups listed`, connector: list[1], groups, groupCount: groups.length };
    }
    const found = /^Found (\d+) consumer groups for (\S+?)\. (\d+) are new\. (\d+) were removed\. Previously had (\d+)\.$/.exec(message);
    if (found) {
      const n = Number(found[1]);
      const flow = found[2];
      return n === 0
        ? { code: 'found-zero-groups', kind: 'cause', title: `Group refresh found 0 consumer groups for ${flow}`, reason: `${found[4]} groups were removed; with none left the checkpoint connector has no tasks.`, flow, groupCount: 0 }
        : { code: 'found-groups', kind: 'evidence', title: `Group refresh found ${n} consumer groups for ${flow} (${found[3]} new, ${found[4]} removed)`, flow, groupCount: n };
    }
    const task = /^(\S+) checkpointing (\d+) consumer groups (\S+?): (\[.*\])\.$/.exec(message);
    if (task) {
      const groups = parseList(task[4] ?? '');
      return {
        code: 'task-checkpointing-groups',
        kind: 'evidence',
        title: `Checkpoint task assigned ${task[2]} consumer groups for ${task[3]}`,
        connector: (task[1] ?? '').replace(/^task-thread-/, '').replace(/-\d+$/, ''),
        flow: task[3],
        groupCount: Number(task[2]),
        groups,
      };
    }
    const ignored = /^Ignoring the following groups which do not have any offsets for topics that are accepted by the topic filter: (\[.*\])$/.exec(message);
    if (ignored) {
      const groups = parseList(ignored[1] ?? '');
      return {
        code: 'groups-without-mirrored-offsets',
        kind: 'cause',
        title: `${groups.length} groups ignored: no committed offsets on mirrored topics`,
        reason: 'These groups commit only on topics the topic filter rejects (or commit nothing), so they get no checkpoints.',
        groups,
        groupCount: groups.length,
      };
    }
    return undefined;
  },
};

const TRANSLATE_REASONS: Record<string, { code: string; title: string; reason: string }> = {
  'initial offset syncs read still in progress': {
    code: 'translate-skipped-loading',
    title: 'Translation skipped: offset syncs still loading',
    reason: 'The task has not finished reading the offset-syncs topic; until it does every translation is refused.',
  },
  'offset sync not found': {
    code: 'translate-skipped-no-sync',
    title: 'Translation skipped: no offset sync for the partition',
    reason: 'The task holds no offset sync for this source partition: the topic is not replicated, the task reads a different offset-syncs topic than the source connector writes, or the partition has been idle.',
  },
  ahead: {
    code: 'translate-skipped-sync-ahead',
    title: 'Translation skipped: committed offset older than every offset sync',
    reason: 'The group committed below the oldest sync the task holds; it gets a checkpoint once it consumes past that sync (idle groups, replication started from latest).',
  },
};

/** OffsetSyncStore DEBUG `translateDownstream(group,topic-partition,offset): Skipped (…)`. */
const translate: Rule = {
  keys: ['translateDownstream('],
  match(message) {
    const m = /^translateDownstream\((.*),([^,]*),(-?\d+)\): (Skipped|Translated) (.*)$/.exec(message);
    if (!m) return undefined;
    const groups = [m[1] ?? ''];
    if (m[4] === 'Translated') return { code: 'translated', kind: 'evidence', title: 'Offsets translated', groups };
    const why = (m[5] ?? '').replace(/^\(|\)$/g, '');
    const t = TRANSLATE_REASONS[why] ?? (why.includes('is ahead of upstream consumer group') ? TRANSLATE_REASONS.ahead : undefined);
    if (!t) return undefined;
    return { ...t, kind: 'cause', groups };
  },
};

/** AbstractWorkerSourceTask ERROR `{} failed to send record to {}: ` (also WorkerSourceTask's TRACE "Ignoring failed record send"). */
const sendFailed: Rule = {
  keys: ['failed to send record to'],
  match(message, record, ctx) {
    const m = /failed to send record to (\S+?):?\s*$/.exec(message) ?? /failed to send record to (\S+?)(?::|;)/.exec(message);
    if (!m) return undefined;
    const topic = m[1] ?? '';
    const connector = connectorFromTaskId(message);
    const kind = internalTopicKind(topic);
    if (kind === 'checkpoints') {
      return {
        code: 'checkpoint-send-failed',
        kind: 'cause',
        title: `Writing checkpoints to ${topic} failed`,
        reason: 'The worker producer could not write to the checkpoints topic on the target (missing WRITE ACL, topic missing, or broker trouble); the task fails unless errors.tolerance=all.',
        topic,
        connector,
      };
    }
    if (kind === 'heartbeats' || ctx.kindOf(connector, record) === 'heartbeat') {
      // A timeout says the target cluster is slow or unreachable, and the checkpoint connector writes there too.
      if (record.exceptions.includes('TimeoutException')) {
        return {
          code: 'heartbeat-send-timeout',
          kind: 'network',
          title: `Writing heartbeats to ${topic} timed out`,
          reason: 'Heartbeats themselves do not matter to checkpoints, but the checkpoint connector writes to the same target cluster: if its lines show timeouts too, the target is slow or unreachable from the worker.',
          topic,
          connector,
          timeout: true,
        };
      }
      return { code: 'heartbeat-send-failed', kind: 'red-herring', title: `Writing heartbeats to ${topic} failed`, reason: 'Heartbeats are independent of checkpoints.', topic, connector };
    }
    // Too large for the producer or the target broker: the same failure, with the limits to raise.
    if (namesTooLarge(record)) {
      const big = tooLargeHit(message, record);
      return { code: 'record-send-failed', kind: 'cause', title: `Replicating to ${topic} failed: records too large for the target`, reason: big.reason, action: big.action, topic, connector };
    }
    return {
      code: 'record-send-failed',
      kind: 'cause',
      title: `Replicating to ${topic} failed`,
      reason: 'Records that are not replicated produce no offset syncs, so their groups cannot be checkpointed.',
      topic,
      connector,
    };
  },
};

/** KafkaBasedLog `Could not look up partition metadata for topic '…'` and ERROR `Error polling: …`. */
const storeRead: Rule = {
  keys: ['Could not look up partition metadata', 'Error polling: ', 'Timeout while reading log to end'],
  match(message, record) {
    const meta = /Could not look up partition metadata for (?:offset backing store )?topic(?: '([^']*)')? in (?:the )?allotted period/.exec(message);
    if (meta) {
      const topic = meta[1] ?? '';
      const kind = internalTopicKind(topic);
      return {
        code: kind === 'offset-syncs' ? 'offset-syncs-unreadable' : kind === 'checkpoints' ? 'checkpoints-topic-unreadable' : 'internal-topic-unreadable',
        kind: 'cause',
        title: topic ? `Topic ${topic} not found or not reachable` : 'A Kafka-based store cannot find its topic (this Kafka version does not name it: the offset-syncs topic of a checkpoint task, or a Connect worker topic)',
        reason:
          kind === 'offset-syncs'
            ? 'The checkpoint task cannot read the offset-syncs topic: wrong name (alias, separator or offset-syncs.topic.location differ from the source connector), topic absent on that cluster, or no access. It never translates until restarted.'
            : 'A Kafka-based store could not find its topic within the allotted period.',
        topic: topic || undefined,
      };
    }
    if (message.startsWith('Error polling: ')) {
      const topic = /^KafkaBasedLog Work Thread - (.+)$/.exec(record.thread ?? '')?.[1];
      return {
        code: 'error-polling',
        kind: 'cause',
        title: `KafkaBasedLog cannot poll${topic ? ` ${topic}` : ''}`,
        reason: 'A store reading an internal topic keeps failing (with TopicAuthorizationException: no READ ACL); a checkpoint task stuck here never starts translating.',
        topic,
      };
    }
    const slow = /^Timeout while reading log to end for topic '(.+?)'/.exec(message);
    if (slow) {
      return { code: 'log-read-timeout', kind: 'network', title: `Timeout reading ${slow[1]} to its end`, topic: slow[1], timeout: true };
    }
    return undefined;
  },
};

/** Validation errors (3.9, KIP-1031) and CheckpointStore / MirrorCheckpointTask problems. */
const checkpointTask: Rule = {
  keys: ["can't run", 'checkpoints topic', 'Error querying', 'Failure polling consumer state', 'Ignored invalid checkpoint', 'Failure sending offset sync', 'not present in metadata'],
  match(message) {
    if (message.includes("MirrorCheckpointConnector can't run with emit.checkpoints.enabled set to false")) {
      return { code: 'emit-checkpoints-disabled', kind: 'cause', title: 'emit.checkpoints.enabled=false: checkpoint connector rejected', reason: 'With checkpoint emission disabled there are no checkpoint tasks.' };
    }
    if (message.includes("MirrorCheckpointConnector can't run without offset syncs")) {
      return { code: 'offset-syncs-disabled', kind: 'cause', title: 'emit.offset-syncs.enabled=false: checkpoint connector rejected', reason: 'Checkpoints are translated through offset syncs; without them there is nothing to translate.' };
    }
    const auth = /^Not authorized to access checkpoints topic (\S+) - /.exec(message);
    if (auth) {
      return {
        code: 'checkpoints-topic-not-authorized',
        kind: 'cause',
        title: `No READ access to ${auth[1]}`,
        reason: 'Degraded, not fatal: after a restart only offsets mirrored since the start can be translated, so idle groups get no checkpoint.',
        topic: auth[1],
      };
    }
    const load = /^Exception encountered loading checkpoints topic (\S+) - /.exec(message);
    if (load) {
      return { code: 'checkpoints-topic-load-failed', kind: 'cause', title: `Loading ${load[1]} failed`, reason: 'Degraded: only offsets mirrored since the task started can be translated.', topic: load[1] };
    }
    const query = /^Error querying offsets for consumer group (.+) on cluster (\S+?)\.$/.exec(message);
    if (query) {
      return { code: 'group-offsets-query-failed', kind: 'cause', title: `Reading committed offsets of ${query[1]} on ${query[2]} failed`, reason: 'The group is skipped for this checkpoint interval.', groups: [query[1] ?? ''] };
    }
    const target = /^Error querying for consumer group (.+) on cluster (\S+?)\.$/.exec(message);
    if (target) {
      return { code: 'sync-offsets-query-failed', kind: 'cause', title: `sync.group.offsets: describing ${target[1]} on ${target[2]} failed`, reason: 'Target group offsets are not updated; checkpoints are not affected.', groups: [target[1] ?? ''] };
    }
    if (message.startsWith('Failure polling consumer state for checkpoints')) {
      return { code: 'checkpoint-poll-failed', kind: 'cause', title: 'Checkpoint task poll failed', reason: 'The whole checkpoint interval is lost.' };
    }
    const invalid = /^Ignored invalid checkpoint record at offset (\d+)/.exec(message);
    if (invalid) {
      return { code: 'invalid-checkpoint-record', kind: 'cause', title: 'Checkpoints topic holds records MM2 cannot read', reason: 'Usually a converter mismatch: a Connect cluster with JsonConverter defaults writes JSON instead of MM2 binary checkpoints.' };
    }
    if (message.startsWith('Failure sending offset sync')) {
      return { code: 'offset-sync-send-failed', kind: 'cause', title: 'Writing an offset sync failed', reason: 'Missing offset syncs leave partitions untranslatable.' };
    }
    const missing = /Topic (\S+) not present in metadata after (\d+) ms/.exec(message);
    if (missing) {
      const topic = missing[1] ?? '';
      return internalTopicKind(topic) === 'checkpoints'
        ? { code: 'checkpoints-topic-missing', kind: 'cause', title: `${topic} does not exist on the target`, reason: 'The checkpoint task cannot write: create the topic (1 partition, cleanup.policy=compact).', topic }
        : { code: 'topic-missing-at-send', kind: 'cause', title: `${topic} not present in metadata`, topic };
    }
    return undefined;
  },
};

/** MirrorCheckpointTask `Unable to sync offsets for consumer group {}.` (WARN when the group is active on the target). */
const syncOffsets: Rule = {
  keys: ['Unable to sync offsets for consumer group'],
  match(message) {
    const group = /for consumer group (.+?)\.(?: |$)/.exec(message)?.[1];
    const groups = group ? [group] : undefined;
    if (message.includes('consumers currently using this group')) {
      return {
        code: 'sync-offsets-group-active',
        kind: 'red-herring',
        title: 'sync.group.offsets skipped a group active on the target',
        reason: 'Only target group offsets are affected, and the sync runs only for groups that already have checkpoints.',
        groups,
      };
    }
    return { code: 'sync-offsets-failed', kind: 'cause', title: 'sync.group.offsets could not commit target offsets', reason: 'Target group offsets are not updated; checkpoints are still written.', groups, generic: true };
  },
};

/** Healthy signals: `Created topic '…'` (MirrorUtils), KafkaBasedLog reads, Scheduler timings, written checkpoints. */
const evidence: Rule = {
  keys: ["Created topic '", 'Finished reading KafkaBasedLog for topic ', 'Starting KafkaBasedLog with topic ', ' took ', ' replicating ', 'Checkpoint{consumerGroupId='],
  match(message) {
    // kafka-console-consumer.sh --formatter org.apache.kafka.connect.mirror.formatters.CheckpointFormatter (KIP-597)
    const written = /^Checkpoint\{consumerGroupId=([^,]+), topicPartition=([^,]+), upstreamOffset=(-?\d+), downstreamOffset=(-?\d+)/.exec(message);
    if (written) {
      return { code: 'checkpoints-present', kind: 'evidence', title: 'Checkpoint records are in the checkpoints topic', groups: [written[1] ?? ''] };
    }
    // KafkaBasedLog.start @3.9 L254: the first read of the topic begins (a "Finished reading" follows).
    const starting = /^Starting KafkaBasedLog with topic (\S+)/.exec(message);
    if (starting) {
      const topic = starting[1] ?? '';
      return internalTopicKind(topic) === 'offset-syncs' ? { code: 'offset-syncs-loading', kind: 'evidence', title: `Checkpoint task started reading offset syncs from ${topic}`, topic } : undefined;
    }
    const created = /^Created topic '(.+)'$/.exec(message);
    if (created) {
      const topic = created[1] ?? '';
      const kind = internalTopicKind(topic);
      if (kind === 'checkpoints') return { code: 'checkpoints-topic-created', kind: 'evidence', title: `Created checkpoints topic ${topic}`, topic };
      if (kind === 'offset-syncs') return { code: 'offset-syncs-topic-created', kind: 'evidence', title: `Created offset-syncs topic ${topic}`, topic };
      return undefined;
    }
    const read = /^Finished reading KafkaBasedLog for topic (\S+)$/.exec(message);
    if (read) {
      const topic = read[1] ?? '';
      const kind = internalTopicKind(topic);
      if (kind === 'offset-syncs') return { code: 'offset-syncs-loaded', kind: 'evidence', title: `Checkpoint task read offset syncs from ${topic}`, topic };
      if (kind === 'checkpoints') return { code: 'checkpoints-store-loaded', kind: 'evidence', title: `Checkpoint task read previous checkpoints from ${topic}`, topic };
      return undefined;
    }
    const stores = /^(starting checkpoint and offset sync stores|starting offset sync store|loading initial consumer groups) took (\d+) ms$/.exec(message);
    if (stores) {
      return stores[1] === 'loading initial consumer groups'
        ? { code: 'initial-groups-loaded', kind: 'evidence', title: `Initial consumer groups loaded in ${stores[2]} ms` }
        : { code: 'stores-started', kind: 'evidence', title: `Checkpoint task stores started in ${stores[2]} ms` };
    }
    const repl = /^(\S+) replicating (\d+) topic-partitions (\S+?): \[/.exec(message);
    if (repl) {
      return { code: 'replicating', kind: 'evidence', title: `Source task replicating ${repl[2]} topic-partitions ${repl[3]}`, flow: repl[3], connector: (repl[1] ?? '').replace(/^task-thread-/, '').replace(/-\d+$/, '') };
    }
    return undefined;
  },
};

/** Rules of the checkpoint path, most specific first. */
export const checkpointRules: readonly Rule[] = [started, translate, sendFailed, storeRead, checkpointTask, syncOffsets, evidence];
