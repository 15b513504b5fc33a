import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeLine, decodeLog, encodeEntry } from '../../src/history/codec.ts';
import { fixEntry } from './fixtures.ts';

describe('history codec', () => {
  it('round-trips an entry through one checksummed line', () => {
    const e = fixEntry(1, { verdict: 'critical', rootCause: 'no-consumer-groups', findings: ['no-consumer-groups', 'log-red-herring'], progress: { offsetSyncsEnd: 120, connectors: { checkpoint: 'RUNNING', source: null } } });
    const line = encodeEntry(e);
    expect(line).toMatch(/^[0-9a-f]{8} \{.*\}\n$/);
    expect(decodeLine(line.slice(0, -1))).toEqual({ ok: true, entry: e });
  });

  it('rejects a line whose JSON was changed after it was written (checksum)', () => {
    const line = encodeEntry(fixEntry(1, { verdict: 'ok' })).slice(0, -1);
    expect(decodeLine(line.replace('"ok"', '"critical"'))).toEqual({ ok: false, problem: 'checksum' });
  });

  it('rejects a line cut short, even when the cut leaves valid-looking text', () => {
    const line = encodeEntry(fixEntry(1)).slice(0, -1);
    for (const n of [0, 5, 9, 20, line.length - 1]) expect(decodeLine(line.slice(0, n)).ok).toBe(false);
  });

  it('rejects JSON of the wrong shape even with a matching checksum', () => {
    const json = JSON.stringify({ mirror: 'x', at: 'yesterday' });
    expect(decodeLine(`${crc32(json).toString(16).padStart(8, '0')} ${json}`)).toEqual({ ok: false, problem: 'shape' });
  });

  it('drops finding codes this version does not know instead of failing the entry', () => {
    const e = { ...fixEntry(1), findings: ['checkpoints-flowing', 'from-the-future'], rootCause: 'from-the-future' };
    const json = JSON.stringify(e);
    const d = decodeLine(`${crc32(json).toString(16).padStart(8, '0')} ${json}`);
    expect(d.ok && d.entry.findings).toEqual(['checkpoints-flowing']);
    expect(d.ok && d.entry.rootCause).toBeNull();
  });

  describe('decodeLog', () => {
    const a = encodeEntry(fixEntry(1));
    const b = encodeEntry(fixEntry(2));
    const c = encodeEntry(fixEntry(3));

    it('reads every complete line', () => {
      const log = decodeLog(Buffer.from(a + b + c));
      expect(log.entries.map((e) => e.at)).toEqual([fixEntry(1).at, fixEntry(2).at, fixEntry(3).at]);
      expect(log).toMatchObject({ tornBytes: 0, skipped: [], goodLength: Buffer.byteLength(a + b + c) });
    });

    it('treats bytes after the last newline as a torn append: skipped, and goodLength ends before them', () => {
      const torn = c.slice(0, 30);
      const log = decodeLog(Buffer.from(a + b + torn));
      expect(log.entries).toHaveLength(2);
      expect(log.tornBytes).toBe(30);
      expect(log.goodLength).toBe(Buffer.byteLength(a + b));
    });

    it('treats a complete-looking last line without its newline as torn (its append never finished)', () => {
      const log = decodeLog(Buffer.from(a + b + c.slice(0, -1)));
      expect(log.entries).toHaveLength(2);
      expect(log.tornBytes).toBe(c.length - 1);
    });

    it('skips a damaged line in the middle and keeps the lines after it', () => {
      const damaged = b.replace('"ok"', '"OK"');
      const log = decodeLog(Buffer.from(a + damaged + c));
      expect(log.entries.map((e) => e.durationMs)).toEqual([801, 803]);
      expect(log.skipped).toEqual([{ line: 2, problem: 'checksum' }]);
    });

    it('cuts a torn multi-byte character without corrupting the lines before it', () => {
      const euro = encodeEntry(fixEntry(4, { mirror: 'zürich->genève' }));
      const bytes = Buffer.from(a + euro);
      const cut = bytes.subarray(0, Buffer.byteLength(a) + euro.indexOf('ü') + 1);
      const log = decodeLog(cut);
      expect(log.entries).toHaveLength(1);
      expect(log.tornBytes).toBeGreaterThan(0);
    });

    it('handles an empty file', () => {
      expect(decodeLog(Buffer.alloc(0))).toEqual({ entries: [], skipped: [], tornBytes: 0, goodLength: 0 });
    });
  });
});
