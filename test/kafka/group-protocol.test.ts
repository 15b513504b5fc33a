import { describe, expect, it } from 'vitest';
import { findCoordinatorsV4, offsetFetchV8 } from '../../src/kafka/group-protocol.ts';

/**
 * The request bodies byte for byte, from the schemas (apache/kafka clients/src/main/resources/common/
 * message/FindCoordinatorRequest.json v4 and OffsetFetchRequest.json v8, both flexible: compact
 * strings and arrays are length + 1 as an unsigned varint, each struct ends with a tag buffer).
 * The lab tests send them to real brokers; this pins the encoding itself, group names with
 * multi-byte UTF-8 included (the compact length counts bytes, not characters).
 */
const bytes = async (r: { request: { encode: () => Promise<{ buffer: Buffer }> } }) => [...(await r.request.encode()).buffer];

describe('batched group requests', () => {
  it('FindCoordinator v4 asks for every group in one request', async () => {
    expect(await bytes(findCoordinatorsV4(['g1', 'é']))).toEqual([
      0x00, // request header v2 tag buffer
      0x00, // key_type GROUP
      0x03, // coordinator_keys: 2 elements
      0x03, 0x67, 0x31, // "g1"
      0x03, 0xc3, 0xa9, // "é": 2 bytes
      0x00, // tag buffer
    ]);
  });

  it('OffsetFetch v8 asks for every committed partition (topics null) of every group', async () => {
    expect(await bytes(offsetFetchV8(['g1', 'é']))).toEqual([
      0x00, // request header v2 tag buffer
      0x03, // groups: 2 elements
      0x03, 0x67, 0x31, 0x00, 0x00, // "g1", topics null, tag buffer
      0x03, 0xc3, 0xa9, 0x00, 0x00, // "é", topics null, tag buffer
      0x00, // require_stable false
      0x00, // tag buffer
    ]);
  });

  it('encodes thousands of groups, none lost', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `app-${i}`);
    const b = Buffer.from(await bytes(offsetFetchV8(ids)));
    // 5001 as an unsigned varint: 0x89 0x27.
    expect([...b.subarray(1, 3)]).toEqual([0x89, 0x27]);
    expect(b.length).toBe(1 + 2 + ids.reduce((n, g) => n + 1 + g.length + 2, 0) + 2);
    expect(b.includes(Buffer.from('app-4999'))).toBe(true);
  });
});
