/**
 * State the poster keeps between runs and hands to the next poster: the last digest of each
 * schedule (what the next one compares with) and the open incident of each mirror. Values are
 * JSON; `null` deletes a key.
 */

/** A small shared key-value map. */
export interface SharedState {
  /** Reads the newest value of every key (another replica may have written since). */
  refresh(): Promise<void>;
  get<T>(key: string): T | undefined;
  /** Resolves once the write is durable (Kafka: acknowledged by all in-sync replicas). */
  put(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** State in memory only, for tests and previews. */
export class MemoryState implements SharedState {
  readonly map = new Map<string, unknown>();

  refresh(): Promise<void> {
    return Promise.resolve();
  }

  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }

  put(key: string, value: unknown): Promise<void> {
    if (value === null) this.map.delete(key);
    else this.map.set(key, structuredClone(value));
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
