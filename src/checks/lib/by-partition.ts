/**
 * Values by topic and partition, without a string key made for each look-up, iterated in
 * first-insertion order like a Map. At 10,000 groups the checks keep one of these per group (its
 * committed, checkpointed and target partitions, a handful each) and a few mirror-wide ones (tens
 * of thousands of entries): small ones are plain arrays searched in order, and an index of Maps is
 * built only once one holds more than {@link SCAN_LIMIT} entries (issues 10 and 13: a Map of Maps
 * per group was most of the checks' allocations and a fifth of their time).
 */

/** Up to this many entries a linear search beats building Maps. */
const SCAN_LIMIT = 16;

export class ByPartition<T> {
  private readonly topics: string[] = [];
  private readonly partitions: number[] = [];
  private readonly items: T[] = [];
  private index: Map<string, Map<number, number>> | undefined;

  get size(): number {
    return this.items.length;
  }

  private find(topic: string, partition: number): number {
    if (this.index) return this.index.get(topic)?.get(partition) ?? -1;
    for (let i = 0; i < this.items.length; i++) if (this.partitions[i] === partition && this.topics[i] === topic) return i;
    return -1;
  }

  get(topic: string, partition: number): T | undefined {
    const i = this.find(topic, partition);
    return i < 0 ? undefined : this.items[i];
  }

  has(topic: string, partition: number): boolean {
    return this.find(topic, partition) >= 0;
  }

  /** Sets the value; a new topic-partition goes last in iteration order, an existing one keeps its place. */
  set(topic: string, partition: number, value: T): void {
    const i = this.find(topic, partition);
    if (i >= 0) {
      this.items[i] = value;
      return;
    }
    const at = this.items.length;
    this.topics.push(topic);
    this.partitions.push(partition);
    this.items.push(value);
    if (this.index) this.indexOne(at);
    else if (at + 1 > SCAN_LIMIT) {
      this.index = new Map();
      for (let j = 0; j <= at; j++) this.indexOne(j);
    }
  }

  private indexOne(i: number): void {
    const topic = this.topics[i]!;
    let t = this.index!.get(topic);
    if (!t) this.index!.set(topic, (t = new Map()));
    t.set(this.partitions[i]!, i);
  }

  /** The values in first-insertion order (the map's own array: do not modify). */
  values(): readonly T[] {
    return this.items;
  }
}
