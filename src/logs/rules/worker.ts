/**
 * The Kafka Connect worker (or dedicated MirrorMaker 2 process) itself stopping: then no MM2
 * connector runs at all, so this outranks anything a connector logs. The herder thread exits on
 * an exception from `DistributedHerder.run` (its own group, its config/offset/status topics,
 * `Worker.start`); `Stopping due to error` is what `MirrorMaker.main` and Connect's CLI log before
 * exiting; a pod table shows the result.
 */
import type { LogRecord } from '../parse.ts';
import { clientProblem } from './clients.ts';
import type { Hit, Rule } from './rule.ts';

const DEAD_REASON = 'The Kafka Connect worker that runs MirrorMaker 2 stopped, so no MM2 connector runs: nothing is replicated and no checkpoint is written until the worker is fixed and restarted.';

const CONNECT_OWN_CLUSTER =
  "Check the worker's own connection settings (bootstrap.servers of the Connect cluster, Strimzi: the connectCluster alias in spec.clusters): the listener, TLS trust and authentication; the Caused by: lines say which.";

/**
 * A client failure while the worker starts (`WorkerConfig.lookupKafkaClusterId` /
 * `ConnectUtils.lookupKafkaClusterId` in the stack): the worker cannot reach its own cluster and
 * exits, so no connector runs.
 */
export function workerStartFailure(record: LogRecord, what: string, action: string): Hit | undefined {
  if (!record.trace?.some((t) => t.includes('lookupKafkaClusterId'))) return undefined;
  return { code: 'worker-dead', kind: 'cause', title: `Kafka Connect worker cannot start: ${what}`, reason: DEAD_REASON, action: `${action} (This is the worker's own connection to its Kafka cluster.)` };
}

/** All the text of a record that may name why it failed: the message, the first exception, the `Caused by:` lines. */
function whyText(record: LogRecord): string {
  return [record.detail ?? '', ...(record.causes ?? [])].join('\n');
}

/** The ACL the worker's principal lacks, from the authorization exception under a herder exit. */
function aclNeeded(why: string): Pick<Hit, 'title' | 'action' | 'topic' | 'groups'> | undefined {
  const group = /GroupAuthorizationException: Not authorized to access group: (\S+)/.exec(why);
  if (group?.[1]) {
    return {
      title: `Kafka Connect worker stopped: not authorized to use its consumer group ${group[1]}`,
      action: `Grant the worker's principal READ on Group ${group[1]} (the Connect group.id; Strimzi KafkaUser: resource {type: group, name: ${group[1]}}, operations [Read]), then restart the worker.`,
      groups: [group[1]],
    };
  }
  const topics = /TopicAuthorizationException: Not authorized to access topics: \[([^\]]+)\]/.exec(why);
  if (topics?.[1]) {
    const names = topics[1].split(',').map((t) => t.trim());
    return {
      title: `Kafka Connect worker stopped: not authorized on its internal topic${names.length > 1 ? 's' : ''} ${names.join(', ')}`,
      action: `Grant the worker's principal READ, WRITE and DESCRIBE (and CREATE unless the topic already exists, DESCRIBE_CONFIGS to check its settings) on Topic ${names.join(', ')}: Connect's config, offset and status topics (config.storage.topic, offset.storage.topic, status.storage.topic). Then restart the worker.`,
      topic: names[0],
    };
  }
  if (/ClusterAuthorizationException/.test(why)) {
    return {
      title: 'Kafka Connect worker stopped: not authorized on the cluster',
      action: "Grant the worker's principal the cluster-level operations Connect needs (DESCRIBE_CONFIGS, and CREATE when it creates its own topics), then restart the worker.",
    };
  }
  return undefined;
}

/** Why the herder exited, as a title and what to do. */
function herderExit(record: LogRecord): Hit {
  const why = whyText(record);
  const base: Hit = { code: 'worker-dead', kind: 'cause', title: 'Kafka Connect worker stopped: its herder thread exited', reason: DEAD_REASON };
  const acl = aclNeeded(why);
  if (acl) return { ...base, ...acl };
  const client = clientProblem(record);
  if (client) return { ...base, title: `Kafka Connect worker stopped: ${client.what}`, action: client.action };
  const topic = /Error while attempting to create\/find topic\(s\) '([^']+)'/.exec(why);
  if (topic?.[1]) {
    return {
      ...base,
      title: `Kafka Connect worker stopped: it cannot create or find its topic ${topic[1]}`,
      action: `Create ${topic[1]} yourself (compacted; 1 partition for the config topic) or let the worker create it: it needs CREATE on the topic and a replication factor no larger than the broker count; the Caused by: lines say which.`,
      topic: topic[1],
    };
  }
  if (/Could not look up partition metadata|Timeout expired while fetching topic metadata|TimeoutException/.test(why)) {
    return {
      ...base,
      title: 'Kafka Connect worker stopped: it cannot read its internal topics',
      action: 'Check that the worker reaches its own Kafka cluster (bootstrap.servers, listener, TLS/SASL) and that its config, offset and status topics exist or can be created.',
    };
  }
  return base;
}

/** `DistributedHerder` ERROR `Uncaught exception in herder work thread, exiting: ` and the start-up `Stopping due to error`. */
const exit: Rule = {
  keys: ['Uncaught exception in herder work thread', 'Stopping due to error'],
  match(message, record) {
    if (message.startsWith('Uncaught exception in herder work thread')) return herderExit(record);
    if (!message.startsWith('Stopping due to error')) return undefined;
    const dedicated = record.logger?.endsWith('connect.mirror.MirrorMaker') === true;
    const base: Hit = {
      code: 'worker-dead',
      kind: 'cause',
      title: dedicated ? 'Dedicated MirrorMaker 2 stopped at start-up' : 'Kafka Connect stopped at start-up',
      reason: DEAD_REASON,
    };
    // MirrorMakerConfig.clusterPairs: an NPE when the properties file lists no `clusters`.
    if (record.trace?.some((t) => t.includes('MirrorMakerConfig.clusterPairs'))) {
      return { ...base, action: 'The properties file given to connect-mirror-maker.sh names no clusters: it needs `clusters = A, B`, `A.bootstrap.servers = …` per cluster and `A->B.enabled = true` per flow (a single connector\'s config is not an mm2.properties file).' };
    }
    const client = clientProblem(record);
    if (client) return { ...base, title: `${base.title}: ${client.what}`, action: client.action };
    if (/Failed to connect to and describe Kafka cluster/.test(whyText(record))) {
      return { ...base, title: `${base.title}: it cannot connect to its Kafka cluster`, action: CONNECT_OWN_CLUSTER };
    }
    const acl = aclNeeded(whyText(record));
    return acl ? { ...base, ...acl, title: `${base.title}: ${acl.title.replace(/^Kafka Connect worker stopped: /, '')}` } : base;
  },
};

/** A pod table (`kubectl get pods`) with an MM2 / Connect pod crash-looping. */
const crashLoop: Rule = {
  keys: ['CrashLoopBackOff', 'OOMKilled', 'Error'],
  match(message) {
    const m = /^(?:pod\/)?(\S*(?:mirror-?maker-?2|mirrormaker2|mm2|connect)\S*)\s+\d+\/\d+\s+(CrashLoopBackOff|OOMKilled|Error|Init:Error|Init:CrashLoopBackOff)\s+(\d+)/i.exec(message);
    if (!m) return undefined;
    const oom = m[2] === 'OOMKilled';
    return {
      code: 'worker-crashloop',
      kind: 'cause',
      title: `MM2 pod ${m[1]} keeps stopping (${m[2]}, ${m[3]} restarts)`,
      reason: 'The Kafka Connect worker in this pod exits (or is killed) over and over, so the MM2 connectors never run for long: nothing is replicated or checkpointed.',
      action: oom
        ? 'The container ran out of memory: raise its memory limit (Strimzi: spec.resources) or lower the JVM heap (spec.jvmOptions).'
        : `Read why the last run stopped: kubectl logs --previous ${(m[1] ?? '').replace(/^pod\//, '')} (the exception before "Stopping" or "Uncaught exception in herder work thread").`,
      key: 'worker-crashloop',
    };
  },
};

/** Worker and process exits, in match order. */
export const workerRules: readonly Rule[] = [exit, crashLoop];
