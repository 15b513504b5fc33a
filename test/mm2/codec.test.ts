import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  decodeAll,
  decodeCheckpoint,
  decodeHeartbeat,
  decodeOffsetSync,
  encodeCheckpoint,
  encodeHeartbeat,
  encodeOffsetSync,
} from '../../src/mm2/codec.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('OffsetSync (mm2-offset-syncs.<alias>.internal)', () => {
  it('decodes the worked example of the reference (§2.2)', () => {
    const key = hex('00 06 6f 72 64 65 72 73 00 00 00 00');
    const value = hex('00 00 00 00 00 00 05 dc 00 00 00 00 00 00 04 b0');
    expect(decodeOffsetSync(key, value)).toEqual({
      ok: true,
      value: { topic: 'orders', partition: 0, upstreamOffset: 1500n, downstreamOffset: 1200n },
      warnings: [],
    });
  });

  it('decodes the third-party vector (OpenProjectX/mm2-offset-map OffsetSyncDecoderTest)', () => {
    const d = decodeOffsetSync(Buffer.from('AAl0b3BpY25hbWUAAAAA', 'base64'), Buffer.from('AAAAAAACXsoAAAAAAAHMfw==', 'base64'));
    expect(d).toEqual({ ok: true, value: { topic: 'topicname', partition: 0, upstreamOffset: 155338n, downstreamOffset: 117887n }, warnings: [] });
  });

  it('round-trips through the encoder, including offsets beyond 2^53', () => {
    const s = { topic: 'orders-eu', partition: 7, upstreamOffset: 2n ** 62n + 3n, downstreamOffset: 9007199254740993n };
    const { key, value } = encodeOffsetSync(s);
    expect(key.toString('hex')).toBe('00096f72646572732d657500000007');
    expect(decodeOffsetSync(key, value)).toMatchObject({ ok: true, value: s });
  });
});

describe('Checkpoint (<source>.checkpoints.internal)', () => {
  const example = { group: 'my-group', topic: 'A.orders', partition: 0, upstreamOffset: 1500n, downstreamOffset: 1200n, metadata: '' };

  it('encodes and decodes the worked example of the reference (§2.3)', () => {
    const { key, value } = encodeCheckpoint(example);
    expect(key).toEqual(hex('00 08 6d 79 2d 67 72 6f 75 70 00 08 41 2e 6f 72 64 65 72 73 00 00 00 00'));
    expect(value).toEqual(hex('00 00 00 00 00 00 00 00 05 dc 00 00 00 00 00 00 04 b0 00 00'));
    expect(decodeCheckpoint(key, value)).toEqual({ ok: true, value: { ...example, version: 0 }, warnings: [] });
  });

  it('decodes metadata (value ends … 00 04 6d 65 74 61)', () => {
    const { key, value } = encodeCheckpoint({ ...example, metadata: 'meta' });
    expect(value.length).toBe(24);
    expect(value.subarray(18).toString('hex')).toBe('00046d657461');
    expect(decodeCheckpoint(key, value)).toMatchObject({ ok: true, value: { metadata: 'meta' } });
  });

  it('parses an unknown version as version 0 and says so, as Java does with asserts off', () => {
    const { key, value } = encodeCheckpoint({ ...example, version: 1 });
    const d = decodeCheckpoint(key, value);
    expect(d).toMatchObject({ ok: true, value: { version: 1, upstreamOffset: 1500n } });
    expect(d.ok && d.warnings[0]).toMatch(/version 1/);
  });
});

describe('Heartbeat', () => {
  it('encodes and decodes the reference example (§2.4)', () => {
    const { key, value } = encodeHeartbeat({ sourceClusterAlias: 'A', targetClusterAlias: 'B', timestamp: 1700000000000n });
    expect(key).toEqual(hex('00 01 41 00 01 42'));
    expect(value).toEqual(hex('00 00 00 00 01 8b cf e5 68 00'));
    expect(decodeHeartbeat(key, value)).toEqual({ ok: true, value: { sourceClusterAlias: 'A', targetClusterAlias: 'B', version: 0, timestamp: 1700000000000n }, warnings: [] });
  });
});

describe('corrupt and foreign bytes', () => {
  const good = encodeCheckpoint({ group: 'g', topic: 't', partition: 1, upstreamOffset: 5n, downstreamOffset: 4n, metadata: '' });

  it.each([
    ['a tombstone', () => decodeCheckpoint(good.key, null), 'null-value'],
    ['a missing key', () => decodeCheckpoint(null, good.value), 'null-key'],
    ['a truncated key', () => decodeCheckpoint(good.key.subarray(0, 5), good.value), 'truncated'],
    ['a truncated value', () => decodeCheckpoint(good.key, good.value.subarray(0, 12)), 'truncated'],
    ['a string longer than the buffer', () => decodeOffsetSync(hex('00 10 61 62'), hex('00'.repeat(16))), 'truncated'],
    ['a negative string length', () => decodeOffsetSync(hex('ff ff 00 00 00 00'), hex('00'.repeat(16))), 'negative-string-length'],
    ['an empty value', () => decodeOffsetSync(encodeOffsetSync({ topic: 't', partition: 0, upstreamOffset: 0n, downstreamOffset: 0n }).key, Buffer.alloc(0)), 'truncated'],
  ])('reports %s as a typed error', (_t, run, code) => {
    const d = run();
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error.code).toBe(code);
  });

  it('names the position of a negative string length', () => {
    const d = decodeCheckpoint(hex('00 01 67 80 00'), good.value);
    expect(d).toMatchObject({ ok: false, error: { code: 'negative-string-length', part: 'key', at: 3 } });
  });

  it('recognises JsonConverter output with schemas and recovers the checkpoint inside (C17)', () => {
    const wrap = (b: Buffer) => Buffer.from(JSON.stringify({ schema: { type: 'bytes', optional: false }, payload: b.toString('base64') }));
    const d = decodeCheckpoint(wrap(good.key), wrap(good.value));
    expect(d).toMatchObject({
      ok: false,
      error: { code: 'converter-mismatch', converter: 'json', embedded: { group: 'g', topic: 't', partition: 1, upstreamOffset: 5n } },
    });
  });

  it('recognises JsonConverter output without schemas (a bare base64 string)', () => {
    const wrap = (b: Buffer) => Buffer.from(JSON.stringify(b.toString('base64')));
    const d = decodeCheckpoint(wrap(good.key), wrap(good.value));
    expect(d).toMatchObject({ ok: false, error: { code: 'converter-mismatch', converter: 'json', embedded: { group: 'g' } } });
  });

  it('recognises StringConverter output', () => {
    const d = decodeOffsetSync(Buffer.from('[B@1b2c3d4e'), Buffer.from('[B@5f6a7b8c'));
    expect(d).toMatchObject({ ok: false, error: { code: 'converter-mismatch', converter: 'string' } });
  });

  it('reports trailing bytes as a warning, since Java ignores them', () => {
    const d = decodeCheckpoint(good.key, Buffer.concat([good.value, hex('ff')]));
    expect(d.ok && d.warnings).toEqual([expect.stringMatching(/trailing/)]);
  });

  it('reads a well-formed record the same whether it fills its bytes exactly or carries trailing ones', () => {
    // Exact records take a one-pass read; any other shape goes through the full decoder. Both must agree.
    for (const c of [
      { group: 'app-1', topic: 'svl.orders', partition: 5, upstreamOffset: 2n ** 62n, downstreamOffset: 7n, metadata: '' },
      { group: 'コンシューマー', topic: 'svl.zahlungsströme', partition: 0, upstreamOffset: 0n, downstreamOffset: 0n, metadata: 'mëta' },
      { group: 'g'.repeat(300), topic: 't', partition: 2147483647, upstreamOffset: -1n, downstreamOffset: 1n, metadata: '{"json":"in metadata"}' },
    ]) {
      const { key, value } = encodeCheckpoint(c);
      const exact = decodeCheckpoint(key, value);
      const trailing = decodeCheckpoint(Buffer.concat([key, hex('00')]), Buffer.concat([value, hex('00')]));
      expect(exact).toEqual({ ok: true, value: { ...c, version: 0 }, warnings: [] });
      expect(trailing.ok && trailing.value).toEqual(exact.ok && exact.value);
      // Bytes that do not add up are never read as a record.
      expect(decodeCheckpoint(key.subarray(0, key.length - 1), value).ok).toBe(false);
      expect(decodeCheckpoint(key, value.subarray(0, value.length - 1)).ok).toBe(false);
    }
  });

  it('decodeAll keeps decoding after a corrupt record and reports its offset', () => {
    const s = encodeOffsetSync({ topic: 'orders', partition: 0, upstreamOffset: 1n, downstreamOffset: 1n });
    const out = decodeAll(
      [
        { offset: 0n, key: s.key, value: s.value },
        { offset: '1', key: s.key, value: null },
        { offset: 2, key: hex('00'), value: s.value },
        { offset: 3n, key: s.key, value: s.value },
      ],
      decodeOffsetSync,
    );
    expect(out.records.map((r) => r.offset)).toEqual([0n, 3n]);
    expect(out.errors.map((e) => [e.offset, e.error.code])).toEqual([
      [1n, 'null-value'],
      [2n, 'truncated'],
    ]);
  });
});
