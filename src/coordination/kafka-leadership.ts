/**
 * The poster election, done by Kafka's group protocol: every replica joins one consumer group
 * subscribed to the single-partition coordination topic, and the member the group assigns
 * partition 0 is the leader. When it dies, the group coordinator notices after the session timeout
 * and assigns the partition to another member. Before each post the leader commits an offset
 * with its generation: the broker refuses that commit from a member a rebalance has replaced, so a
 * paused or partitioned ex-leader does not post.
 */
import type { Consumer, Kafka } from 'kafkajs';
import { withTimeout } from '../kafka/read-only-kafka.ts';
import { LeaderFlag, type Leadership } from './leadership.ts';

/** Options of {@link KafkaLeadership.start}. */
export interface KafkaLeadershipOptions {
  topic: string;
  group: string;
  sessionTimeoutMs: number;
  /** Logs a consumer crash (kafkajs restarts the consumer itself when it can). */
  onError?: (error: unknown) => void;
}

/** Leadership by ownership of partition 0 of the coordination topic. */
export class KafkaLeadership implements Leadership {
  private readonly flag = new LeaderFlag();

  private constructor(
    private readonly consumer: Consumer,
    private readonly opts: KafkaLeadershipOptions,
  ) {}

  /** Joins the group; resolves once the consumer runs (leadership may come a moment later). */
  static async start(kafka: Kafka, opts: KafkaLeadershipOptions): Promise<KafkaLeadership> {
    const consumer = kafka.consumer({
      groupId: opts.group,
      sessionTimeout: opts.sessionTimeoutMs,
      // A third of the session timeout, as kafkajs recommends; idle fetches return this often too.
      heartbeatInterval: Math.max(500, Math.floor(opts.sessionTimeoutMs / 3)),
      rebalanceTimeout: Math.max(opts.sessionTimeoutMs, 10_000),
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    const l = new KafkaLeadership(consumer, opts);
    const { GROUP_JOIN, REBALANCING, CRASH, STOP, DISCONNECT } = consumer.events;
    consumer.on(GROUP_JOIN, (e) => l.flag.set((e.payload.memberAssignment[opts.topic] ?? []).includes(0)));
    consumer.on(REBALANCING, () => l.flag.set(false));
    consumer.on(STOP, () => l.flag.set(false));
    consumer.on(DISCONNECT, () => l.flag.set(false));
    consumer.on(CRASH, (e) => {
      l.flag.set(false);
      opts.onError?.(e.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [opts.topic], fromBeginning: false });
    // Nothing is read from the topic; membership and assignment are the point.
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    return l;
  }

  isLeader(): boolean {
    return this.flag.get();
  }

  async confirm(): Promise<boolean> {
    if (!this.flag.get()) return false;
    try {
      await withTimeout(this.consumer.commitOffsets([{ topic: this.opts.topic, partition: 0, offset: '0' }]), Math.min(5000, this.opts.sessionTimeoutMs), 'leadership commit');
      return this.flag.get();
    } catch (e) {
      this.opts.onError?.(e);
      this.flag.set(false);
      return false;
    }
  }

  onChange(fn: (leader: boolean) => void): () => void {
    return this.flag.subscribe(fn);
  }

  async close(): Promise<void> {
    this.flag.set(false);
    // Leaving the group hands partition 0 to another replica at once, not after the session timeout.
    await this.consumer.disconnect().catch(() => undefined);
  }
}
