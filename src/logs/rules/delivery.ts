/**
 * The producer of an MM2 task cannot deliver what it was given: a record or batch larger than the
 * producer (`max.request.size`) or the target broker (`message.max.bytes`, the topic's
 * `max.message.bytes`) accepts, or a flush that does not finish within `offset.flush.timeout.ms`.
 *
 * Why it matters to checkpoints: MirrorSourceTask writes an offset sync only for a record the
 * target acknowledged (`commitRecord`), so a partition whose records cannot be delivered gets no
 * new offset syncs and its groups' checkpoints stop advancing; a RecordTooLargeException in the
 * send callback is not retriable and fails the task ("Unrecoverable exception from producer send
 * callback", WorkerSourceTask.maybeThrowProducerSendException). The checkpoint task's own producer
 * writes the checkpoints: if it cannot flush, checkpoints are not written.
 */
import { connectorFromTaskId, flowsIn, internalTopicKind } from '../names.ts';
import type { LogRecord } from '../parse.ts';
import type { Hit, Rule, RuleContext } from './rule.ts';

const TOO_LARGE_RE = /RecordTooLargeException|MESSAGE_TOO_LARGE|larger than the max message size the server will accept|max\.request\.size configuration/;

const TOO_LARGE_REASON =
  'A record that the producer or the target broker refuses as too large is never replicated: its partition gets no new offset syncs (MirrorSourceTask writes one only for an acknowledged record), so checkpoints for groups on it stop advancing, and the source task fails ("Unrecoverable exception from producer send callback") once a single record cannot fit.';

const TOO_LARGE_ACTION =
  "Raise the limits along the path to at least the largest source record: the MM2 producer's max.request.size (Strimzi: spec.mirrors[].sourceConnector.config producer.override.max.request.size, with connector.client.config.override.policy=All on the Connect cluster; mm2.properties: <target>.producer.max.request.size), the target broker's message.max.bytes or the remote topic's max.message.bytes, and the consumer's fetch.max.bytes / max.partition.fetch.bytes on the source. Then restart the failed task.";

/** The connector a delivery line belongs to: from `{id=…}` or the producer's client id (`connector-producer-<connector>-<task>`). */
function connectorOf(message: string, record: LogRecord): string | undefined {
  const fromId = connectorFromTaskId(message);
  if (fromId) return fromId;
  const client = /clientId=connector-producer-(.+?)-\d+\]/.exec(message);
  return client?.[1] ?? record.connector;
}

/** A record or batch too large for the producer or the target broker. */
export function tooLargeHit(message: string, record: LogRecord): Hit {
  const connector = connectorOf(message, record);
  const partition = /on topic-partition (\S+?),/.exec(message)?.[1];
  return {
    code: 'record-too-large',
    kind: 'cause',
    title: `Records too large for the target${partition ? ` (${partition})` : ''}`,
    reason: TOO_LARGE_REASON,
    action: TOO_LARGE_ACTION,
    ...(connector && { connector, flow: flowsIn(connector)[0] }),
  };
}

/** Sender WARN `… Error: MESSAGE_TOO_LARGE`, `RecordTooLargeException: …` as a line of its own. */
const tooLarge: Rule = {
  keys: ['RecordTooLargeException', 'MESSAGE_TOO_LARGE', 'larger than the max message size', 'max.request.size configuration'],
  match(message, record) {
    return TOO_LARGE_RE.test(message) ? tooLargeHit(message, record) : undefined;
  },
};

/** Whether a record names a too-large record anywhere (message, first exception, `Caused by:` lines). */
export function namesTooLarge(record: LogRecord): boolean {
  return [record.message, record.detail ?? '', ...(record.causes ?? [])].some((t) => TOO_LARGE_RE.test(t));
}

/** WorkerSourceTask ERROR `{id=…} Failed to flush, timed out while waiting for producer to flush outstanding N messages`. */
const flushTimeout: Rule = {
  keys: ['Failed to flush, timed out while waiting for producer'],
  match(message, record, ctx: RuleContext) {
    const connector = connectorFromTaskId(message) ?? record.connector;
    const kind = ctx.kindOf(connector, record);
    const flow = connector ? flowsIn(connector)[0] : undefined;
    const action =
      'Check that the target cluster accepts writes from the worker in time (broker load, throttling, network, a proxy or a managed service that drops idle connections), then give the flush more room: raise offset.flush.timeout.ms on the worker, or lower the producer buffer (producer.buffer.memory) so less is outstanding at each commit.';
    if (kind === 'heartbeat') return undefined;
    if (kind === 'checkpoint') {
      return { code: 'checkpoint-flush-timeout', kind: 'cause', title: `${connector}: checkpoint records not delivered to the target in time`, reason: 'The checkpoint task writes checkpoints through this producer: records it cannot flush are not in the checkpoints topic, and the task commits nothing.', action, connector, flow };
    }
    if (kind === 'source') {
      // Occasional source flush timeouts under load delay offset commits, not replication: a slow target, not a cause by itself.
      return { code: 'source-flush-timeout', kind: 'network', title: `${connector}: producer flush timed out`, reason: 'The source task could not deliver its outstanding records within offset.flush.timeout.ms; they are retried. Repeating, it means the target is slow or unreachable from the worker, which the checkpoint connector writes to as well.', action, connector, ...(flow && { flow }), timeout: true };
    }
    return {
      code: 'producer-flush-timeout',
      kind: 'cause',
      title: `${connector ?? 'A task'}: producer cannot deliver its records to the target in time`,
      reason:
        'The task handed records to its producer that the target did not acknowledge within offset.flush.timeout.ms. On the checkpoint connector that means checkpoints are not written; on the source connector, replication (and with it the offset syncs checkpoints are translated from) lags. Rare single occurrences under load are survivable; a repeating one is not.',
      action,
      ...(connector && { connector }),
      ...(flow && { flow }),
      generic: true,
    };
  },
};

const ISR_ACTION =
  "The topic has fewer in-sync replicas than its min.insync.replicas, so the broker refuses every write with acks=all: either its replication factor is below min.insync.replicas (a topic created with replication factor 1 on a cluster with min.insync.replicas=2; Strimzi's examples set 1 before 0.36, use -1 for the broker default) or replicas are down. Check `kafka-topics.sh --describe --topic <topic>` for Replicas, Isr and min.insync.replicas, then raise the replication factor (kafka-reassign-partitions.sh) or lower min.insync.replicas on that topic.";

/**
 * Sender WARN `Got error produce response with correlation id N on topic-partition T-P, retrying
 * (N attempts left). Error: NOT_ENOUGH_REPLICAS`: the broker refuses the write because the topic
 * has fewer in-sync replicas than min.insync.replicas. The producer retries until its delivery
 * timeout, so nothing written to that topic arrives. Which MM2 write it is decides what it stops.
 */
const notEnoughReplicas: Rule = {
  keys: ['NOT_ENOUGH_REPLICAS'],
  match(message, record) {
    const m = /on topic-partition (\S+?)-\d+,[^.]*\. Error: (NOT_ENOUGH_REPLICAS(?:_AFTER_APPEND)?)/.exec(message);
    if (!m) return undefined;
    const topic = m[1] ?? '';
    const connector = connectorOf(message, record);
    const kind = internalTopicKind(topic);
    const base = { kind: 'cause' as const, topic, action: ISR_ACTION, ...(connector && { connector }) };
    if (kind === 'checkpoints') return { ...base, code: 'checkpoint-send-failed', title: `Writing checkpoints to ${topic} refused: not enough in-sync replicas`, reason: 'The checkpoint task cannot write to the checkpoints topic while it is under min.insync.replicas: no checkpoint is stored.' };
    if (kind === 'offset-syncs') return { ...base, code: 'offset-sync-send-failed', title: `Writing offset syncs to ${topic} refused: not enough in-sync replicas`, reason: 'Missing offset syncs leave partitions untranslatable.' };
    // A heartbeats topic under its min ISR says nothing certain about the checkpoints topic.
    if (kind === 'heartbeats') return undefined;
    return { ...base, code: 'record-send-failed', title: `Replicating to ${topic} refused: not enough in-sync replicas`, reason: 'Records that are not replicated produce no offset syncs, so their groups cannot be checkpointed.' };
  },
};

/** Delivery rules, in match order. */
export const deliveryRules: readonly Rule[] = [tooLarge, notEnoughReplicas, flushTimeout];
