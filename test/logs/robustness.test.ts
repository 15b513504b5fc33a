import { describe, expect, it } from 'vitest';
import { MAX_LOG_CHARS, explainLogs } from '../../src/logs/explain.ts';
import { renderLogExplanation } from '../../src/render/text/logs.ts';
import { fixture } from './fixtures.ts';

// How fast the explainer reads these is a benchmark (`npm run bench:logs`), not a unit test.
describe('garbage and large input', () => {
  it('returns an empty explanation for empty and whitespace input', () => {
    expect(explainLogs('')).toMatchObject({ lines: 0, parsed: 0, entries: [], mentionedMirrors: [] });
    expect(explainLogs('\n\n   \n').entries).toEqual([]);
    expect(renderLogExplanation(explainLogs(''))).toContain('nothing in these lines bears on checkpoints');
  });

  it('survives binary data', () => {
    let s = '';
    for (let i = 0; i < 20_000; i++) s += String.fromCharCode((i * 7919) % 65_536);
    const x = explainLogs(s);
    expect(x.lines).toBeGreaterThan(0);
    expect(() => renderLogExplanation(x)).not.toThrow();
  });

  it('survives one huge line full of near-matches', () => {
    const huge = `2024-11-12 10:42:01,123 ERROR ${'Started x with consumer groups: [a, '.repeat(28_000)} (a.b.C) [t]`;
    expect(huge.length).toBeGreaterThan(1_000_000);
    const x = explainLogs(huge);
    expect(x.lines).toBe(1);
    expect(x.entries[0]?.sample.length).toBeLessThanOrEqual(300);
  });

  it('reads through mixed encodings: Latin-1 and UTF-16 lines decoded as UTF-8 beside the failure', () => {
    const failure = '2024-11-12 10:42:01,123 ERROR [Worker clientId=connect-1, groupId=mm2] Uncaught exception in herder work thread, exiting:  (org.apache.kafka.connect.runtime.distributed.DistributedHerder) [DistributedHerder-connect-1-1]\norg.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [mm2-offsets]\n';
    const bytes = Buffer.concat([
      Buffer.from('2024-11-12 10:41:00,000 WARN Ger\u00e4t \u00fcberlastet, Gr\u00f6\u00dfe \u00e9t\u00e9 (com.example.Latin1) [t]\n', 'latin1'),
      Buffer.from('2024-11-12 10:41:30,000 INFO utf-16 line \u2014 \u65e5\u672c (com.example.Utf16) [t]\n', 'utf16le'),
      Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]),
      Buffer.from(failure, 'utf8'),
    ]);
    const x = explainLogs(bytes.toString('utf8'));
    expect(x.entries.find((e) => e.kind === 'cause')).toMatchObject({ code: 'worker-dead', topic: 'mm2-offsets' });
    expect(() => renderLogExplanation(x)).not.toThrow();
  });

  it('answers "too large" above the size limit instead of reading for seconds', () => {
    const x = explainLogs('x'.repeat(MAX_LOG_CHARS + 1));
    expect(x.tooLarge).toEqual({ chars: MAX_LOG_CHARS + 1, limit: MAX_LOG_CHARS });
    expect(x.entries).toEqual([]);
    expect(renderLogExplanation(x)).toMatch(/too large.*4\.0 MiB/);
  });

  it('survives adversarial shapes for every rule family', () => {
    const nasty = [
      `translateDownstream(${','.repeat(4000)}`,
      `Scheduler for ${'A'.repeat(4000)} caught exception in scheduled task:`,
      `${'a.'.repeat(2000)}Exception`,
      `password=${'x'.repeat(5000)}`,
      `->${'-'.repeat(4000)}->`,
      `(${'a.'.repeat(2000)}) [${'['.repeat(1000)}`,
    ].join('\n');
    expect(() => explainLogs(nasty.repeat(20))).not.toThrow();
  });

  it('reads a 1 MiB real-looking log in one pass (its speed up to the limit: npm run bench:logs)', () => {
    const real = fixture('seed-case-strimzi.txt') + fixture('lab-connect-3.9.0-zero-groups.txt');
    const lines = real.split('\n').filter(Boolean);
    const out: string[] = [];
    let size = 0;
    for (let i = 0; size + (lines[i % lines.length]?.length ?? 0) + 1 < 1024 * 1024; i++) {
      const l = lines[i % lines.length] ?? '';
      out.push(l);
      size += l.length + 1;
    }
    const x = explainLogs(out.join('\n'));
    expect(x.tooLarge).toBeUndefined();
    expect(x.lines).toBe(out.length);
    expect(x.entries.find((e) => e.code === 'started-with-zero-groups')?.count).toBeGreaterThan(25);
  });
});
