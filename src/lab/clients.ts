/**
 * kafkajs clients for the lab harness (producing, consuming, creating topics). These write to
 * the lab's clusters on purpose; product code reads user clusters through src/kafka only.
 */
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import Cluster from 'kafkajs/src/cluster/index.js';
import { createLogger, LEVELS } from 'kafkajs/src/loggers/index.js';
import socketFactory from 'kafkajs/src/network/socketFactory.js';
import { mapLimit } from '../util/map-limit.ts';

export function harnessKafka(bootstrap: string, clientId = 'mm2-doctor-lab'): Kafka {
  return new Kafka({ clientId, brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8 } });
}

export interface TopicSpec {
  partitions?: number;
  configs?: Record<string, string>;
}

export async function createTopic(kafka: Kafka, topic: string, spec: TopicSpec = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: spec.partitions ?? 1, replicationFactor: 1, configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })) }],
    });
    // kafkajs's own wait (waitForLeaders) retries only LEADER_NOT_AVAILABLE; a broker whose metadata
    // has not caught up with the controller yet answers UNKNOWN_TOPIC_OR_PARTITION, on a busy machine.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const md = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      const partitions = md?.topics[0]?.partitions ?? [];
      if (partitions.length === (spec.partitions ?? 1) && partitions.every((p) => p.leader >= 0)) return;
      if (Date.now() > deadline) throw new Error(`topic ${topic}: no leader for every partition within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Produces `count` small records spread over the topic's partitions; creates the topic if asked. */
export async function produce(kafka: Kafka, topic: string, count: number, opts: { create?: TopicSpec } = {}): Promise<void> {
  if (opts.create) await createTopic(kafka, topic, opts.create);
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `record ${i} of ${topic}` }));
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, messages: messages.slice(i, i + 500) });
  } finally {
    await producer.disconnect();
  }
}

export interface CommittedGroup {
  groupId: string;
  topic: string;
  /** Committed offset per partition, by index. */
  offsets: number[];
}

/**
 * Commits offsets for many groups without members, the way Java's
 * `Admin.alterConsumerGroupOffsets` and `kafka-consumer-groups --reset-offsets` do: an OffsetCommit
 * with generation -1 and no member id, sent to each group's coordinator. MM2 lists such groups like
 * any consumer group. kafkajs's `admin.setOffsets` instead runs a consumer that joins each group (a
 * JoinGroup and a rebalance per group): minutes for 10,000 groups, where this takes seconds on one
 * connection per broker with `concurrency` commits in flight. Writes to the lab's cluster on purpose.
 */
export async function commitGroups(bootstrap: string, groups: CommittedGroup[], concurrency = 64): Promise<void> {
  const cluster = new Cluster({
    brokers: bootstrap.split(','),
    clientId: 'mm2-doctor-lab',
    logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} }),
    socketFactory: socketFactory(),
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    retry: { retries: 8 },
    allowAutoTopicCreation: false,
    metadataMaxAge: 60_000,
    offsets: new Map(),
  });
  await cluster.connect();
  try {
    await mapLimit(groups, concurrency, async (g) => {
      // A fresh cluster creates __consumer_offsets on the first lookup and loads its partitions:
      // NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS (retriable) until it has.
      for (let attempt = 0; ; attempt++) {
        try {
          const coordinator = await cluster.findGroupCoordinator({ groupId: g.groupId });
          await coordinator.offsetCommit({
            groupId: g.groupId,
            groupGenerationId: -1,
            memberId: '',
            topics: [{ topic: g.topic, partitions: g.offsets.map((offset, partition) => ({ partition, offset: String(offset) })) }],
          });
          return;
        } catch (err) {
          if (!(err as { retriable?: boolean }).retriable || attempt >= 50) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
  } finally {
    await cluster.disconnect();
  }
}

export interface GroupOptions {
  groupId: string;
  topics: string[];
  /** Commit what was consumed (default) or never commit. */
  commit?: boolean;
  /** Keep the member in the group after catching up (default: leave). */
  stayActive?: boolean;
}

export interface RunningGroup {
  groupId: string;
  consumer: Consumer;
  /** Leaves the group. */
  stop(): Promise<void>;
}

async function endOffsets(admin: Admin, topics: string[]): Promise<Map<string, string>> {
  const ends = new Map<string, string>();
  for (const t of topics) for (const p of await admin.fetchTopicOffsets(t)) ends.set(`${t}:${p.partition}`, p.high);
  return ends;
}

/**
 * A real consumer group member that reads `topics` from the beginning to their current end,
 * commits (unless `commit: false`), then leaves or stays active. Resolves once caught up.
 */
export async function runConsumerGroup(kafka: Kafka, opts: GroupOptions, timeoutMs = 60_000): Promise<RunningGroup> {
  const commit = opts.commit ?? true;
  const consumer = kafka.consumer({ groupId: opts.groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await endOffsets(admin, opts.topics);
    const seen = new Map<string, bigint>();
    await consumer.connect();
    await consumer.subscribe({ topics: opts.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: commit,
      autoCommitThreshold: commit ? 1 : undefined,
      eachMessage: async ({ topic, partition, message }) => {
        seen.set(`${topic}:${partition}`, BigInt(message.offset) + 1n);
      },
    });
    const deadline = Date.now() + timeoutMs;
    const caughtUp = async () => {
      for (const [tp, end] of ends) {
        if (end === '0') continue;
        const [t, p] = tp.split(':') as [string, string];
        if (commit) {
          const committed = (await admin.fetchOffsets({ groupId: opts.groupId, topics: [t] }))
            .flatMap((x) => x.partitions)
            .find((x) => String(x.partition) === p)?.offset;
          if (committed === undefined || BigInt(committed) < BigInt(end)) return false;
        } else if ((seen.get(tp) ?? 0n) < BigInt(end)) {
          return false;
        }
      }
      return true;
    };
    while (!(await caughtUp())) {
      if (Date.now() > deadline) throw new Error(`consumer group ${opts.groupId} did not catch up on ${opts.topics.join(',')} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
  const stop = () => consumer.disconnect();
  if (!opts.stayActive) await stop();
  return { groupId: opts.groupId, consumer, stop };
}
