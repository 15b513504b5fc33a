import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { anyRecordSet, decodeFetchV4, fetchV4, plainRecordBatches, recordsOf } from '../../src/kafka/fetch-protocol.ts';

/**
 * Record sets written by kafkajs's own producer-side encoder (an independent writer of
 * DefaultRecordBatch), read back by the one-pass reader and compared with kafkajs's decoder.
 */
const require = createRequire(import.meta.url);
type Enc = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (o: { compression?: number; firstOffset?: unknown; firstTimestamp: number; maxTimestamp: number; lastOffsetDelta: number; records: Enc[] }) => Promise<Enc>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: { offsetDelta: number; timestampDelta: number; key: Buffer | null; value: Buffer | null; headers?: Record<string, string> }) => Enc;
const Long = require('kafkajs/src/utils/long.js') as { fromValue: (v: string) => unknown };
const GZIP = 1;

async function batch(firstOffset: number, firstTimestamp: number, values: (string | null)[], opts: { compression?: number } = {}): Promise<Buffer> {
  const records = values.map((v, i) =>
    Record({ offsetDelta: i, timestampDelta: i * 7, key: i === 1 ? null : Buffer.from(`k${firstOffset + i}`), value: v === null ? null : Buffer.from(v), headers: i === 0 ? { trace: 'x' } : {} }),
  );
  const b = await RecordBatch({ compression: opts.compression ?? 0, firstOffset: Long.fromValue(String(firstOffset)), firstTimestamp, maxTimestamp: firstTimestamp + 100, lastOffsetDelta: values.length - 1, records });
  return b.buffer;
}

const plain = (r: { offset: bigint; key: Buffer | null; value: Buffer | null; timestamp: number }) => ({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp });

describe('record sets', () => {
  it('reads uncompressed batches as kafkajs does: offsets, null keys and values, timestamps', async () => {
    const set = Buffer.concat([await batch(40, 1_700_000_000_000, ['a', 'b', null]), await batch(43, 1_700_000_001_000, ['d'])]);
    const fast = plainRecordBatches(set)!;
    const slow = await anyRecordSet(set);
    expect(fast.records.map(plain)).toEqual(slow.records.map(plain));
    expect(fast.records.map(plain)).toEqual([
      { offset: 40n, key: 'k40', value: 'a', timestamp: 1_700_000_000_000 },
      { offset: 41n, key: null, value: 'b', timestamp: 1_700_000_000_007 },
      { offset: 42n, key: 'k42', value: null, timestamp: 1_700_000_000_014 },
      { offset: 43n, key: 'k43', value: 'd', timestamp: 1_700_000_001_000 },
    ]);
    expect(fast.next).toBe(44n);
  });

  it('leaves a batch cut by the byte limit for the next fetch', async () => {
    const whole = await batch(0, 1, ['a', 'b']);
    const set = Buffer.concat([whole, (await batch(2, 1, ['c', 'd'])).subarray(0, 30)]);
    const r = plainRecordBatches(set)!;
    expect(r.records.map((x) => x.offset)).toEqual([0n, 1n]);
    expect(r.next).toBe(2n);
  });

  it('hands compressed batches to kafkajs, which decompresses them', async () => {
    const set = await batch(10, 5, ['x', 'y'], { compression: GZIP });
    expect(plainRecordBatches(set)).toBeUndefined();
    const r = await recordsOf(set);
    expect(r.records.map(plain)).toEqual([
      { offset: 10n, key: 'k10', value: 'x', timestamp: 5 },
      { offset: 11n, key: null, value: 'y', timestamp: 12 },
    ]);
    expect(r.next).toBe(12n);
  });

  it('skips a transaction marker batch but moves past its offset', async () => {
    const marker = Buffer.from(await batch(5, 1, ['\u0000\u0000\u0000\u0000\u0000\u0000']));
    marker.writeInt16BE(0x30, 21); // attributes: transactional + control
    const set = Buffer.concat([await batch(3, 1, ['a', 'b']), marker, await batch(6, 1, ['c'])]);
    const r = plainRecordBatches(set)!;
    expect(r.records.map((x) => [x.offset, x.value?.toString()])).toEqual([
      [3n, 'a'],
      [4n, 'b'],
      [6n, 'c'],
    ]);
    expect(r.next).toBe(7n);
    // A set holding only a marker has no records and still moves on.
    expect(plainRecordBatches(marker)).toEqual({ records: [], next: 6n });
  });

  it('refuses a record that claims more bytes than its batch holds', async () => {
    const b = Buffer.from(await batch(0, 1, ['abc']));
    b[61] = 0x7e; // the record's length varint: 63, far past the batch
    expect(() => plainRecordBatches(b)).toThrow(/runs past the batch/);
  });
});

describe('Fetch v4', () => {
  it('asks for one partition from an offset, as a consumer outside any group', async () => {
    const e = await fetchV4({ topic: 'cp', partition: 0, fetchOffset: 2n ** 40n, maxWaitMs: 100, minBytes: 1, maxBytes: 4096, partitionMaxBytes: 1024 }).request.encode();
    expect(e.buffer.toString('hex')).toBe(
      [
        'ffffffff', // replica_id -1
        '00000064', // max_wait_ms 100
        '00000001', // min_bytes
        '00001000', // max_bytes
        '00', // READ_UNCOMMITTED
        '00000001', '0002', '6370', // one topic "cp"
        '00000001', '00000000', '0000010000000000', '00000400', // partition 0 at 2^40, 1024 bytes
      ].join(''),
    );
  });

  it('finds the partition in the answer, after the aborted transactions, and types its error', async () => {
    const set = await batch(0, 1, ['a']);
    const body = Buffer.concat([
      Buffer.from('00000000' + '00000001' + '0002' + '6370' + '00000002', 'hex'), // throttle, 1 topic "cp", 2 partitions
      Buffer.from('00000001' + '0000' + '0000000000000009' + '0000000000000009' + '00000001' + '0000000000000007' + '0000000000000003' + '00000000', 'hex'), // partition 1: one aborted txn, empty records
      Buffer.from('00000000' + '0000' + '0000000000000001' + '0000000000000001' + 'ffffffff', 'hex'), // partition 0, no aborted list
      Buffer.alloc(4, 0),
    ]);
    body.writeInt32BE(set.length, body.length - 4);
    const answer = decodeFetchV4(Buffer.concat([body, set]), 'cp', 0);
    expect(answer.errorCode).toBe(0);
    expect(answer.highWatermark).toBe(1n);
    expect((await recordsOf(answer.records)).records.map((r) => r.value?.toString())).toEqual(['a']);
    const r = fetchV4({ topic: 'cp', partition: 0, fetchOffset: 0n, maxWaitMs: 0, minBytes: 0, maxBytes: 1, partitionMaxBytes: 1 }).response;
    await expect(r.parse({ errorCode: 29, highWatermark: -1n, records: Buffer.alloc(0) })).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
  });
});
