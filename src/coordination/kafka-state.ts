/**
 * Shared state on the coordination cluster: a compacted, single-partition topic whose key is the
 * state key (`digest:<name>`, `alert:<mirror>`) and whose value is JSON (a tombstone deletes).
 * Any replica can read it (without joining a group, through src/kafka's partition reader); the
 * poster writes it with acks from all in-sync replicas before it acts on what it wrote.
 */
import type { Kafka, Producer } from 'kafkajs';
import type { ClusterConnection } from '../kafka/connection.ts';
import { ReadOnlyKafka } from '../kafka/read-only-kafka.ts';
import type { SharedState } from './state.ts';

// A compacted topic with one record per key: far fewer than this, even between compactions.
const MAX_RECORDS = 200_000;

/** State in a compacted Kafka topic. */
export class KafkaState implements SharedState {
  private map = new Map<string, unknown>();
  private readonly reader: ReadOnlyKafka;
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    conn: ClusterConnection,
    readonly topic: string,
  ) {
    this.reader = new ReadOnlyKafka(conn);
  }

  async refresh(): Promise<void> {
    const { records } = await this.reader.readPartition(this.topic, 0, { maxRecords: MAX_RECORDS });
    const map = new Map<string, unknown>();
    for (const r of records) {
      if (!r.key) continue;
      const key = r.key.toString('utf8');
      if (r.value === null) map.delete(key);
      else {
        try {
          map.set(key, JSON.parse(r.value.toString('utf8')));
        } catch {
          // A value this version cannot read is skipped; the next write of the key replaces it.
        }
      }
    }
    this.map = map;
  }

  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }

  async put(key: string, value: unknown): Promise<void> {
    if (!this.producer) {
      // One request in flight keeps the writes of a key in order.
      const p = this.kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
      await p.connect();
      this.producer = p;
    }
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key, value: value === null ? null : JSON.stringify(value) }] });
    if (value === null) this.map.delete(key);
    else this.map.set(key, structuredClone(value));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer?.disconnect(), this.reader.close()]);
  }
}
