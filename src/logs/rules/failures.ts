/**
 * Connect runtime lines about connectors and tasks that failed or cannot be (re)configured, and
 * pasted connector/task states. What a failure means depends on which MM2 connector it belongs to.
 */
import { connectorFromTaskId, flowsIn, internalTopicKind } from '../names.ts';
import type { LogRecord, MirrorKind } from '../parse.ts';
import type { Hit, Rule, RuleContext } from './rule.ts';
import { HEARTBEAT_REASON } from './scheduler.ts';

const KIND_REASON = {
  checkpoint: 'The checkpoint connector or task is down: nothing is checkpointed until it is restarted.',
  source: 'Replication stopped: no new records, so no new offset syncs to translate.',
};

/**
 * Names the failure by the connector it hit. Every failure is `generic`: the first exception line
 * of its stack trace may name a sharper cause (a client that cannot be built stops all three
 * connectors, so even a heartbeat failure then matters).
 */
export function failure(what: 'task' | 'connector', connector: string | undefined, kind: MirrorKind | undefined, code?: string): Hit {
  const flow = connector ? flowsIn(connector)[0] : undefined;
  const title = `${connector ?? 'A'} ${what} failed`;
  if (kind === 'heartbeat') return { code: 'heartbeat-connector-error', kind: 'red-herring', title, reason: HEARTBEAT_REASON, connector, flow, generic: true };
  const reason = kind ? KIND_REASON[kind] : 'A Kafka Connect task or connector is FAILED; if it is an MM2 connector, its part of the pipeline stopped.';
  return { code: code ?? (kind ? `${kind}-${what}-failed` : `${what}-failed`), kind: 'cause', title, reason, connector, flow, generic: true };
}

const kindOf = (ctx: RuleContext, name: string | undefined, record: LogRecord) => ctx.kindOf(name, record);

/** The MM2 setting for an internal topic's replication factor, by which topic it is. */
const RF_SETTING = { checkpoints: 'checkpoints.topic.replication.factor', 'offset-syncs': 'offset-syncs.topic.replication.factor', heartbeats: 'heartbeats.topic.replication.factor' } as const;

/**
 * A connector that failed while creating its internal topic (MirrorUtils.createCompactedTopic,
 * called from each MM2 connector's start since Kafka 3.5): which topic, and why the cluster refused
 * it: a create-topic policy (PolicyViolationException, e.g. Confluent Cloud's "Topic replication
 * factor must be 3"), a replication factor above the broker count, or a rejected config.
 */
function topicCreation(record: LogRecord): Pick<Hit, 'title' | 'action' | 'topic'> | undefined {
  const texts = [record.message, record.detail ?? '', ...(record.causes ?? [])];
  const all = texts.join('\n');
  const topic = /(?:create\/find topic(?:\(s\))?|Unable to create topic(?:\(s\))?) '([^']+)'/.exec(all)?.[1];
  if (!topic) return undefined;
  const why = /(PolicyViolationException|InvalidReplicationFactorException|InvalidConfigurationException|InvalidPartitionsException): ([^\n]+)/.exec(all);
  const kind = internalTopicKind(topic);
  const rf = kind
    ? `Set ${RF_SETTING[kind]} (Strimzi: in the mirror's ${kind === 'heartbeats' ? 'heartbeatConnector' : kind === 'checkpoints' ? 'checkpointConnector' : 'sourceConnector'}.config; mm2.properties: at the top level or per flow) to a value the cluster accepts, or create ${topic} yourself (1 partition, cleanup.policy=compact) and restart the connector.`
    : `Set the replication factor the connector creates ${topic} with (replication.factor for replicated topics) to a value the cluster accepts, or create the topic yourself, and restart the connector.`;
  let action = `${rf} The Caused by: lines say why the cluster refused it.`;
  if (why?.[1] === 'PolicyViolationException') action = `The cluster's create-topic policy refused it (${why[2]?.trim()}): managed services fix some settings (Confluent Cloud requires replication factor 3). ${rf}`;
  else if (why?.[1] === 'InvalidReplicationFactorException') action = `The replication factor is larger than the cluster's broker count (${why[2]?.trim()}). ${rf}`;
  return { title: `cannot create ${topic}${why ? ` (${why[2]?.trim().replace(/\.$/, '')})` : ''}`, action, topic };
}

/** WorkerTask / WorkerConnector / Worker ERROR lines. */
const failed: Rule = {
  keys: ['Task threw an uncaught and unrecoverable exception', 'Failed to start', 'Error while starting connector'],
  match(message, record, ctx) {
    // Kafka 3.x logs one line; 2.x logged "Task threw an uncaught and unrecoverable exception" and
    // "Task is being killed and will not recover until manually restarted" as two (WorkerTask.doRun).
    if (message.includes('Task is being killed and will not recover') || /\{id=[^}]+\} Task threw an uncaught and unrecoverable exception/.test(message)) {
      const name = connectorFromTaskId(message);
      const hit = failure('task', name, kindOf(ctx, name, record));
      // Killed by an OutOfMemoryError: the failure stays the cause, and says why and what to change.
      const oom = outOfMemoryIn(record);
      return oom && hit.kind === 'cause' ? { ...hit, title: `${hit.title}: out of memory (${oom})`, reason: `${hit.reason} ${OOM_REASON}`, action: OOM_ACTION } : hit;
    }
    const task = /^Failed to start task (.+?)-\d+$/.exec(message);
    if (task) return failure('task', task[1], kindOf(ctx, task[1], record));
    const conn = /^Failed to start connector '?(.+?)'?$/.exec(message);
    const name = conn ? conn[1] : message.endsWith('Error while starting connector') ? (connectorFromTaskId(message) ?? record.connector) : undefined;
    if (conn || name) {
      const hit = failure('connector', name, kindOf(ctx, name, record));
      // The connector could not create its internal topic: the failure stays, naming the topic and the setting.
      const created = hit.kind === 'cause' ? topicCreation(record) : undefined;
      return created ? { ...hit, ...created, title: `${hit.title}: ${created.title}`, generic: false } : hit;
    }
    return undefined;
  },
};

const STATE_REASON = {
  checkpointNoTasks:
    'The checkpoint connector runs but has no task, so no group is checkpointed: no source group passes the group filter with committed offsets on a mirrored topic, or the initial group load has not finished (before Kafka 3.9 a timed-out load leaves it without tasks until restarted, KAFKA-17232).',
  sourceNoTasks: 'The source connector runs but has no task: no source topic matches the topic filter, so nothing is replicated and no offset syncs are written.',
  checkpointStopped: 'The checkpoint connector is not running, so nothing is checkpointed until it is resumed.',
  sourceStopped: 'The source connector is not running: nothing is replicated and no offset syncs are written.',
};

/**
 * A pasted connector or task state (Connect REST status, a KafkaMirrorMaker2's status, `kubectl
 * describe`): FAILED, PAUSED/STOPPED, or RUNNING without a task. UNASSIGNED and RESTARTING are
 * transitional and say nothing yet.
 */
const status: Rule = {
  keys: [' is '],
  match(_message, record, ctx) {
    const s = record.status;
    if (!s) return undefined;
    const name = s.name;
    const kind = ctx.kindOf(name, record);
    const flow = name ? flowsIn(name)[0] : undefined;
    const who = `${name ?? (kind ? `the ${kind} connector` : 'a connector')}${s.what === 'task' ? ` task ${s.taskId ?? '?'}` : ''}`;
    if (s.state === 'FAILED') {
      const hit = failure(s.what, name, kind, kind && kind !== 'heartbeat' ? `${kind}-failed-state` : 'failed-state');
      const created = hit.kind === 'cause' ? topicCreation(record) : undefined;
      return created ? { ...hit, ...created, title: `${who} is FAILED: ${created.title}`, generic: false } : { ...hit, title: `${who} is FAILED` };
    }
    if ((s.state === 'PAUSED' || s.state === 'STOPPED') && s.what === 'connector' && (kind === 'checkpoint' || kind === 'source')) {
      return { code: `${kind}-not-running`, kind: 'cause', title: `${who} is ${s.state}`, reason: kind === 'checkpoint' ? STATE_REASON.checkpointStopped : STATE_REASON.sourceStopped, connector: name, flow };
    }
    if (s.state === 'RUNNING' && s.what === 'connector' && s.tasks !== undefined) {
      if (s.tasks === 0 && kind === 'checkpoint') return { code: 'checkpoint-no-tasks', kind: 'cause', title: `${who} is RUNNING with no task`, reason: STATE_REASON.checkpointNoTasks, connector: name, flow };
      if (s.tasks === 0 && kind === 'source') return { code: 'source-no-tasks', kind: 'cause', title: `${who} is RUNNING with no task`, reason: STATE_REASON.sourceNoTasks, connector: name, flow };
      if (s.tasks > 0 && kind === 'checkpoint') return { code: 'checkpoint-running', kind: 'evidence', title: `${who} is RUNNING with ${s.tasks} task${s.tasks === 1 ? '' : 's'}`, connector: name, flow };
    }
    return undefined;
  },
};

const NOT_LOADED_REASON =
  'Kafka 3.9 throws this until the checkpoint connector has loaded the source consumer groups, then retries; if it never stops, the load keeps failing or timing out.';

/**
 * DistributedHerder ERROR `Failed to reconfigure connector's tasks ({}), retrying after backoff.`
 * and the RetriableException `Timeout while loading consumer groups.` from MirrorCheckpointConnector.
 * Whether it is noise (KAFKA-18021, a disabled flow) is decided after the whole log is read.
 */
const reconfigure: Rule = {
  keys: ["Failed to reconfigure connector's tasks", 'Timeout while loading consumer groups'],
  match(message, record) {
    const m = /^Failed to reconfigure connector's tasks \((.+)\), retrying after backoff\.$/.exec(message);
    const loading = message.includes('Timeout while loading consumer groups') || record.detail?.includes('Timeout while loading consumer groups');
    const connector = m?.[1];
    if (loading) {
      return { code: 'groups-not-loaded', kind: 'cause', title: `${connector ?? 'Checkpoint connector'}: consumer groups not loaded yet`, reason: NOT_LOADED_REASON, connector };
    }
    if (m) return { code: 'reconfigure-failed', kind: 'cause', title: `Cannot compute tasks for ${connector}`, connector, generic: true };
    return undefined;
  },
};

/**
 * Worker ERROR `Connector '{}' failed to properly shut down, has become unresponsive, and may be
 * consuming external resources.` (Worker.stopConnector): the connector's stop() did not return in
 * time, so the worker gave up on it. It is not run again in this worker process until it restarts.
 */
const unresponsive: Rule = {
  keys: ['failed to properly shut down, has become unresponsive'],
  match(message, record, ctx) {
    const name = /^Connector '(.+?)' failed to properly shut down, has become unresponsive/.exec(message)?.[1];
    if (!name) return undefined;
    const kind = kindOf(ctx, name, record);
    const hit = failure('connector', name, kind, kind && kind !== 'heartbeat' ? `${kind}-connector-unresponsive` : 'connector-unresponsive');
    if (hit.kind !== 'cause') return hit;
    return {
      ...hit,
      title: `${name} hung while stopping`,
      reason: `${hit.reason} The worker could not stop it in time and does not run it again until the worker process restarts; after a rebalance its work can stay unassigned.`,
      action: 'Restart the worker that logged this (Strimzi: delete that MirrorMaker 2 pod), and look above this line for what the connector was blocked on (an admin call, a broker that does not answer).',
      generic: false,
    };
  },
};

const OOM_REASON =
  'An OutOfMemoryError kills the thread that hit it: a task thread stops replicating or checkpointing (and may still be reported RUNNING), a herder or client network thread stops the whole worker.';
const OOM_ACTION =
  'Give the worker more heap (Strimzi: spec.jvmOptions -Xmx with spec.resources.limits.memory above it; plain Connect: KAFKA_HEAP_OPTS), or lower what it buffers (producer buffer.memory, consumer fetch.max.bytes, tasks.max per worker), then restart it: a thread that died of OOM does not come back.';

/** What ran out (`Java heap space`, `Direct buffer memory`), when a record's exception is an OutOfMemoryError. */
function outOfMemoryIn(record: LogRecord): string | undefined {
  for (const t of [record.detail ?? '', ...(record.causes ?? [])]) {
    const m = /java\.lang\.OutOfMemoryError(?::\s*(.+))?/.exec(t);
    if (m) return (m[1] ?? 'OutOfMemoryError').trim();
  }
  return undefined;
}

/**
 * `java.lang.OutOfMemoryError` as a line of its own (a layout that prints the exception apart
 * from the line that logged it): the worker's JVM ran out of memory. Generic: where a task
 * failure carries it, the task failure stays the cause.
 */
const outOfMemory: Rule = {
  keys: ['OutOfMemoryError'],
  match(message) {
    const m = /^(?:Exception in thread "[^"]*" )?java\.lang\.OutOfMemoryError(?::\s*(.+))?/.exec(message);
    if (!m) return undefined;
    return {
      code: 'out-of-memory',
      kind: 'cause',
      title: `The MirrorMaker 2 worker ran out of memory${m[1] ? ` (${m[1].trim()})` : ''}`,
      reason: OOM_REASON,
      action: OOM_ACTION,
      generic: true,
    };
  },
};

/** Connector and task failures, in match order. */
export const failureRules: readonly Rule[] = [reconfigure, status, failed, unresponsive, outOfMemory];
