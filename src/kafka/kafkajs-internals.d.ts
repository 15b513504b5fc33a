// Types for the two kafkajs internals the group-less reader uses. kafkajs 2.2.4 ships no
// `exports` map, so these paths are importable; the package is pinned in package.json.
declare module 'kafkajs/src/cluster/index.js' {
  const Cluster: new (opts: Record<string, unknown>) => {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    addTargetTopic(topic: string): Promise<void>;
    refreshMetadata(): Promise<void>;
    getNodeIds(): number[];
    findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
    findGroupCoordinator(req: { groupId: string }): Promise<{
      offsetCommit(req: { groupId: string; groupGenerationId: number; memberId: string; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<unknown>;
    }>;
    findGroupCoordinatorMetadata(req: { groupId: string; coordinatorType?: number }): Promise<{ coordinator: { nodeId: number } }>;
    findBroker(opts: { nodeId: number }): Promise<{
      nodeId: number;
      /** The broker's ApiVersions answer: api key → supported versions. */
      versions: Record<number, { minVersion: number; maxVersion: number }> | null;
      connectionPool: { send<T>(req: { request: unknown; response: { decode(raw: Buffer): Promise<T> } }): Promise<T> };
      findGroupCoordinator(req: { groupId: string; coordinatorType: number }): Promise<unknown>;
      metadata(topics: string[]): Promise<{ topicMetadata: { topic: string; topicErrorCode: number }[] }>;
      describeGroups(req: { groupIds: string[] }): Promise<{
        groups: { groupId: string; state: string; protocolType: string; members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[] }[];
      }>;
      offsetFetch(req: { groupId: string; topics: [] }): Promise<{
        responses: { topic: string; partitions: { partition: number; offset: string; metadata: string | null }[] }[];
      }>;
      fetch(req: Record<string, unknown>): Promise<{
        responses: {
          topicName: string;
          partitions: {
            partition: number;
            errorCode: number;
            highWatermark: string;
            messages: { offset: string; key: Buffer | null; value: Buffer | null; timestamp: string }[];
          }[];
        }[];
      }>;
      listOffsets(req: Record<string, unknown>): Promise<{
        responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string }[] }[];
      }>;
    }>;
  };
  export = Cluster;
}
declare module 'kafkajs/src/loggers/index.js' {
  export const LEVELS: Record<'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG', number>;
  export function createLogger(opts: { level: number; logCreator?: unknown }): unknown;
}
declare module 'kafkajs/src/network/socketFactory.js' {
  function socketFactory(): unknown;
  export = socketFactory;
}
declare module 'kafkajs/src/protocol/encoder.js' {
  class Encoder {
    /** The bytes written so far. */
    readonly buffer: Buffer;
    writeInt8(v: number): Encoder;
    writeInt32(v: number): Encoder;
    /** A Java long, given as its decimal text (kafkajs converts through Long). */
    writeInt64(v: string): Encoder;
    /** A non-compact STRING: INT16 length + UTF-8. */
    writeString(v: string): Encoder;
    writeBoolean(v: boolean): Encoder;
    /** An unsigned varint (a compact array's or string's length + 1). */
    writeUVarInt(v: number): Encoder;
    writeUVarIntString(v: string | null): Encoder;
    writeUVarIntBytes(v?: Buffer | string | null): Encoder;
    writeUVarIntArray(v: Encoder[] | null): Encoder;
  }
  export = Encoder;
}
declare module 'kafkajs/src/protocol/decoder.js' {
  class Decoder {
    constructor(buf: Buffer);
    readInt8(): number;
    readInt16(): number;
    readInt32(): number;
    /** A BigInt in kafkajs 2.2.4. */
    readInt64(): bigint;
    readUVarIntString(): string | null;
    readUVarIntArray<T>(reader: (d: Decoder) => T): T[] | null;
    readTaggedFields(): unknown;
  }
  export = Decoder;
}
declare module 'kafkajs/src/protocol/error.js' {
  export function createErrorFromCode(code: number): Error & { type?: string; retriable?: boolean };
}
declare module 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js' {
  import type Decoder from 'kafkajs/src/protocol/decoder.js';
  /** Reads an INT32-sized record set (message sets of magic 0/1, record batches of magic 2, any codec kafkajs knows). */
  function decodeMessages(d: Decoder): Promise<{ offset: string; key: Buffer | null; value: Buffer | null; timestamp: string; isControlRecord?: boolean }[]>;
  export = decodeMessages;
}
