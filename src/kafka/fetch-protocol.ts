/**
 * Reading one partition of an internal topic without kafkajs's record decoding: a Fetch v4 request
 * (KIP-98, Kafka 0.11; what kafkajs's `broker.fetch` sends is decoded record by record into Long
 * arithmetic, a headers object and Buffer copies, ~0.2 s of CPU for the 40,000 checkpoints of a
 * 10,000-group mirror, issue 10's bench), answered as raw record-set bytes that this module reads:
 * uncompressed record batches (magic 2, what MM2's producers write unless told to compress) in one
 * pass, anything else (compressed batches, the message sets of magic 0 and 1) through kafkajs's own
 * decoder, which knows the codecs. Only reads: Fetch as a consumer with no group (replica id -1).
 *
 * Schemas: apache/kafka clients/src/main/resources/common/message/Fetch{Request,Response}.json v4;
 * record batch layout: DefaultRecordBatch.java and DefaultRecord.java (clients/.../record/).
 */
import Encoder from 'kafkajs/src/protocol/encoder.js';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import decodeMessages from 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';
import { kafkaError, type ProtocolRequest } from './group-protocol.ts';

export const FETCH = { apiKey: 1, version: 4 } as const;

/** One record as the reader keeps it: key and value are views into the fetched bytes. */
export interface FetchedRecord {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
}

export interface FetchAnswer {
  errorCode: number;
  highWatermark: bigint;
  /** The partition's record set, as the broker sent it (may end with a partial batch). */
  records: Buffer;
}

/** Fetch v4 for one partition from `fetchOffset`; READ_UNCOMMITTED, as the reader always read. */
export function fetchV4(req: { topic: string; partition: number; fetchOffset: bigint; maxWaitMs: number; minBytes: number; maxBytes: number; partitionMaxBytes: number }): ProtocolRequest<FetchAnswer> {
  return {
    request: {
      apiKey: FETCH.apiKey,
      apiVersion: FETCH.version,
      apiName: 'Fetch',
      encode: async () =>
        new Encoder()
          .writeInt32(-1) // replica_id: a consumer
          .writeInt32(req.maxWaitMs)
          .writeInt32(req.minBytes)
          .writeInt32(req.maxBytes)
          .writeInt8(0) // isolation_level READ_UNCOMMITTED
          .writeInt32(1) // topics
          .writeString(req.topic)
          .writeInt32(1) // partitions
          .writeInt32(req.partition)
          .writeInt64(req.fetchOffset.toString())
          .writeInt32(req.partitionMaxBytes),
    },
    response: {
      decode: async (raw) => decodeFetchV4(raw, req.topic, req.partition),
      // A partition error as kafkajs's own Fetch throws it (typed: TOPIC_AUTHORIZATION_FAILED, OFFSET_OUT_OF_RANGE, …).
      parse: async (data) => {
        if (data.errorCode !== 0) throw kafkaError(data.errorCode);
        return data;
      },
    },
  };
}

/** The answer for `topic`-`partition` in a Fetch v4 response body (after the correlation id). */
export function decodeFetchV4(raw: Buffer, topic: string, partition: number): FetchAnswer {
  let at = 4; // throttle_time_ms
  const topics = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    const nameLen = raw.readInt16BE(at);
    const name = raw.toString('utf8', at + 2, at + 2 + nameLen);
    at += 2 + nameLen;
    const partitions = raw.readInt32BE(at);
    at += 4;
    for (let p = 0; p < partitions; p++) {
      const id = raw.readInt32BE(at);
      const errorCode = raw.readInt16BE(at + 4);
      const highWatermark = raw.readBigInt64BE(at + 6);
      at += 22; // partition, error_code, high_watermark, last_stable_offset
      const aborted = raw.readInt32BE(at);
      at += 4 + Math.max(0, aborted) * 16; // aborted_transactions (nullable): producer_id, first_offset
      const size = raw.readInt32BE(at);
      at += 4;
      const records = size > 0 ? raw.subarray(at, at + size) : Buffer.alloc(0);
      at += Math.max(0, size);
      if (name === topic && id === partition) return { errorCode, highWatermark, records };
    }
  }
  return { errorCode: 0, highWatermark: -1n, records: Buffer.alloc(0) };
}

/** An unsigned varint (protobuf style), as a Number (record fields fit in 53 bits). */
function uvarint(b: Buffer, c: { at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = b[c.at++];
    if (byte === undefined) throw new RangeError('varint runs past the record');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
    if (scale > 2 ** 63) throw new RangeError('varint longer than 10 bytes');
  }
}

/** A zig-zag varint or varlong. */
function varint(b: Buffer, c: { at: number }): number {
  const n = uvarint(b, c);
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

/** `len` bytes at the cursor (a view), or null for length -1. */
function bytes(b: Buffer, c: { at: number }, end: number): Buffer | null {
  const len = varint(b, c);
  if (len < 0) return null;
  if (c.at + len > end) throw new RangeError('record field runs past the record');
  const out = b.subarray(c.at, c.at + len);
  c.at += len;
  return out;
}

/** DefaultRecordBatch: the 61 bytes before its records. */
const BATCH_HEADER = 61;

/**
 * Records of an uncompressed magic-2 record set, and the offset after its last complete batch.
 * `undefined` when a batch is compressed or of an older magic: kafkajs decodes those. Control
 * batches (transaction markers) hold no data records: skipped, as consumers skip them, while the
 * offset moves past them. A partial batch at the end (the broker cuts at the byte limit) is left
 * for the next fetch.
 */
export function plainRecordBatches(set: Buffer): { records: FetchedRecord[]; next: bigint | null } | undefined {
  const records: FetchedRecord[] = [];
  let next: bigint | null = null;
  let pos = 0;
  while (pos + BATCH_HEADER <= set.length) {
    const baseOffset = set.readBigInt64BE(pos);
    const end = pos + 12 + set.readInt32BE(pos + 8);
    if (end > set.length) break;
    if (set[pos + 16] !== 2) return undefined;
    const attributes = set.readInt16BE(pos + 21);
    if ((attributes & 0x07) !== 0) return undefined; // compressed
    const lastOffsetDelta = set.readInt32BE(pos + 23);
    const baseTimestamp = Number(set.readBigInt64BE(pos + 27));
    const maxTimestamp = Number(set.readBigInt64BE(pos + 35));
    const logAppendTime = (attributes & 0x08) !== 0;
    const count = set.readInt32BE(pos + 57);
    if ((attributes & 0x20) === 0) {
      const c = { at: pos + BATCH_HEADER };
      for (let i = 0; i < count; i++) {
        const length = varint(set, c);
        const recordEnd = c.at + length;
        if (recordEnd > end) throw new RangeError(`record ${i} of the batch at offset ${baseOffset} runs past the batch`);
        c.at += 1; // attributes
        const timestampDelta = varint(set, c);
        const offsetDelta = varint(set, c);
        const key = bytes(set, c, recordEnd);
        const value = bytes(set, c, recordEnd);
        records.push({ offset: baseOffset + BigInt(offsetDelta), key, value, timestamp: logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta });
        c.at = recordEnd; // headers: not read
      }
    }
    next = baseOffset + BigInt(lastOffsetDelta) + 1n;
    pos = end;
  }
  return { records, next };
}

/** Any record set, through kafkajs's decoder (compression, magic 0 and 1); transaction markers left out. */
export async function anyRecordSet(set: Buffer): Promise<{ records: FetchedRecord[]; next: bigint | null }> {
  const sized = Buffer.alloc(4 + set.length);
  sized.writeInt32BE(set.length, 0);
  set.copy(sized, 4);
  const messages = await decodeMessages(new Decoder(sized));
  const records: FetchedRecord[] = messages
    .filter((m) => !m.isControlRecord)
    .map((m) => ({ offset: BigInt(m.offset), key: m.key ?? null, value: m.value ?? null, timestamp: Number(m.timestamp) }));
  const last = messages.at(-1);
  return { records, next: last ? BigInt(last.offset) + 1n : null };
}

/** The records of a fetched record set, the fast way when it can. */
export async function recordsOf(set: Buffer): Promise<{ records: FetchedRecord[]; next: bigint | null }> {
  return plainRecordBatches(set) ?? (await anyRecordSet(set));
}
