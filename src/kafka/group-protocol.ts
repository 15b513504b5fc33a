/**
 * Two batched requests kafkajs 2.2.4 does not speak, encoded with kafkajs's own Encoder/Decoder and
 * sent through a kafkajs Broker's connection pool (the same internals the group-less reader uses):
 *
 * - FindCoordinator v4 (KIP-699, Kafka 3.0): the coordinators of many groups in one request.
 * - OffsetFetch v8 (KIP-709, Kafka 3.0): the committed offsets of many groups in one request.
 *
 * kafkajs asks for one group per FindCoordinator and per OffsetFetch (v4), so 10,000 groups cost
 * 20,000 round trips (admin.fetchOffsets looks the coordinator up every time). Both requests here
 * only read: OffsetFetch is what `kafka-consumer-groups --describe` sends; it joins nothing and
 * commits nothing. Schemas: apache/kafka clients/src/main/resources/common/message/
 * FindCoordinator{Request,Response}.json and OffsetFetch{Request,Response}.json (Kafka 3.9).
 *
 * Why here and not another client: chosen by measurement (bench/group-read.bench.ts, BENCHMARKS.md):
 * through kafkajs, 10,000 groups read in 0.9 s with these two requests against 11.3 s one group at
 * a time, with no second Kafka client. `@platformatic/kafka` speaks both versions, but its current
 * release (2.12) needs Node 22.22+, and this project runs on Node 20.
 *
 * Both are "flexible" versions (KIP-482): the request header carries a tag buffer after the client
 * id and the response header one after the correlation id. kafkajs writes header v1 and hands the
 * body to the decoder right after the correlation id, so the body starts with an empty tag buffer
 * and the decoder first skips the header's, as kafkajs's own flexible request does
 * (kafkajs src/protocol/requests/alterPartitionReassignments/v0).
 */
import Decoder from 'kafkajs/src/protocol/decoder.js';
import Encoder from 'kafkajs/src/protocol/encoder.js';
import { createErrorFromCode } from 'kafkajs/src/protocol/error.js';

export const API_KEY = { OffsetFetch: 9, FindCoordinator: 10 } as const;
/** The first versions that take many groups (Kafka 3.0). */
export const BATCHED_VERSION = { OffsetFetch: 8, FindCoordinator: 4 } as const;

/** What a kafkajs connection sends: the request (key, version, body) and how to read the answer. */
export interface ProtocolRequest<T> {
  request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<InstanceType<typeof Encoder>> };
  response: { decode: (raw: Buffer) => Promise<T>; parse: (data: T) => Promise<T> };
}

const noTags = () => new Encoder().writeUVarIntBytes();

/**
 * A compact array of compact strings, written straight into `e`: kafkajs's `writeUVarIntArray` wants
 * one Encoder per element, and each allocates a 512-byte buffer (10,000 groups: 5 MB allocated and
 * zeroed, ~75 ms of the profile at issue 10's bench). `each` writes what follows a string.
 */
function writeCompactStrings(e: InstanceType<typeof Encoder>, values: readonly string[], each?: (e: InstanceType<typeof Encoder>) => void): InstanceType<typeof Encoder> {
  e.writeUVarInt(values.length + 1);
  for (const v of values) {
    e.writeUVarIntString(v);
    each?.(e);
  }
  return e;
}

/** A Kafka error code as the error kafkajs would throw for it (with its `type`, e.g. GROUP_AUTHORIZATION_FAILED). */
export function kafkaError(code: number): Error {
  return createErrorFromCode(code);
}

export interface CoordinatorAnswer {
  key: string;
  nodeId: number;
  errorCode: number;
}

/** FindCoordinator v4 for consumer groups (key type 0). */
export function findCoordinatorsV4(groupIds: string[]): ProtocolRequest<CoordinatorAnswer[]> {
  return {
    request: {
      apiKey: API_KEY.FindCoordinator,
      apiVersion: 4,
      apiName: 'FindCoordinator',
      encode: async () =>
        writeCompactStrings(
          noTags() // request header v2's tag buffer
            .writeInt8(0), // key_type: GROUP
          groupIds, // coordinator_keys
        ).writeUVarIntBytes(),
    },
    response: {
      decode: async (raw) => {
        const d = new Decoder(raw);
        d.readTaggedFields(); // response header v1
        d.readInt32(); // throttle_time_ms
        const out =
          d.readUVarIntArray((c) => {
            const answer = { key: c.readUVarIntString() ?? '', nodeId: c.readInt32() } as CoordinatorAnswer;
            c.readUVarIntString(); // host
            c.readInt32(); // port
            answer.errorCode = c.readInt16();
            c.readUVarIntString(); // error_message
            c.readTaggedFields();
            return answer;
          }) ?? [];
        d.readTaggedFields();
        return out;
      },
      parse: async (data) => data,
    },
  };
}

export interface GroupOffsetsAnswer {
  groupId: string;
  /** Group-level error code (e.g. 30 GROUP_AUTHORIZATION_FAILED, 14 COORDINATOR_LOAD_IN_PROGRESS, 16 NOT_COORDINATOR). */
  errorCode: number;
  partitions: { topic: string; partition: number; offset: bigint; metadata: string; errorCode: number }[];
}

/** OffsetFetch v8: every committed partition (topics null) of each group; require_stable false. */
export function offsetFetchV8(groupIds: string[]): ProtocolRequest<GroupOffsetsAnswer[]> {
  return {
    request: {
      apiKey: API_KEY.OffsetFetch,
      apiVersion: 8,
      apiName: 'OffsetFetch',
      encode: async () =>
        // Each group: group_id, topics null (every committed partition), its tag buffer.
        writeCompactStrings(noTags(), groupIds, (e) => e.writeUVarIntArray(null).writeUVarIntBytes())
          .writeBoolean(false) // require_stable: pending transactional commits need not settle; nothing here waits for them
          .writeUVarIntBytes(),
    },
    response: {
      decode: async (raw) => {
        const d = new Decoder(raw);
        d.readTaggedFields();
        d.readInt32(); // throttle_time_ms
        const groups =
          d.readUVarIntArray((g) => {
            const groupId = g.readUVarIntString() ?? '';
            const partitions: GroupOffsetsAnswer['partitions'] = [];
            g.readUVarIntArray((t) => {
              const topic = t.readUVarIntString() ?? '';
              t.readUVarIntArray((p) => {
                const partition = p.readInt32();
                const offset = BigInt(p.readInt64());
                p.readInt32(); // committed_leader_epoch
                const metadata = p.readUVarIntString() ?? '';
                const errorCode = p.readInt16();
                p.readTaggedFields();
                partitions.push({ topic, partition, offset, metadata, errorCode });
              });
              t.readTaggedFields();
            });
            const errorCode = g.readInt16();
            g.readTaggedFields();
            return { groupId, errorCode, partitions };
          }) ?? [];
        d.readTaggedFields();
        return groups;
      },
      parse: async (data) => data,
    },
  };
}
