import { describe, expect, it } from 'vitest';
import { verdictChanges } from '../../src/monitor/changes.ts';
import { historyEntryOf } from '../../src/history/entry.ts';
import { retain } from '../../src/history/retention.ts';
import { recordingDoctor, type HistoryStore } from '../../src/history/store.ts';
import { FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL } from '../slack/fake-doctor.ts';
import { fixEntry, T0 } from './fixtures.ts';

describe('historyEntryOf', () => {
  it('keeps verdict, root cause code, finding codes, duration and progress counters, not the facts', () => {
    const e = historyEntryOf(seedDiagnosis(), 'digest', T0);
    expect(e).toMatchObject({ mirror: 'svl->confluent', at: T0, verdict: 'critical', rootCause: 'no-consumer-groups', durationMs: 1234, origin: 'digest' });
    expect(e.findings).toEqual([...e.findings].sort());
    expect(e.findings).toContain('no-consumer-groups');
    expect(e.progress?.connectors).toEqual({ source: 'RUNNING', checkpoint: 'RUNNING', heartbeat: null });
    expect(JSON.stringify(e).length).toBeLessThan(1000);
  });

  it('records checkpoint progress for a healthy mirror', () => {
    const e = historyEntryOf(healthyDiagnosis(), 'command', T0);
    expect(e.verdict).toBe('ok');
    expect(e.progress?.checkpointsEnd).toBeGreaterThan(0);
    expect(e.progress?.newestCheckpointAt).toBeGreaterThan(0);
  });
});

describe('verdictChanges', () => {
  it('lists the changes newest first and counts the repeats after each', () => {
    const entries = [
      fixEntry(0),
      fixEntry(1),
      fixEntry(2, { verdict: 'critical', rootCause: 'no-consumer-groups' }),
      fixEntry(3, { verdict: 'critical', rootCause: 'no-consumer-groups' }),
      fixEntry(4, { verdict: 'critical', rootCause: 'checkpoints-topic-misconfigured', origin: 'alert' }),
      fixEntry(5),
    ];
    const changes = verdictChanges(entries);
    expect(changes.map((c) => [c.to.verdict, c.to.rootCause, c.repeats])).toEqual([
      ['ok', null, 0],
      ['critical', 'checkpoints-topic-misconfigured', 0],
      ['critical', 'no-consumer-groups', 1],
      ['ok', null, 1],
    ]);
    expect(changes[1]!.from).toEqual({ verdict: 'critical', rootCause: 'no-consumer-groups' });
    expect(changes[1]!.origin).toBe('alert');
    expect(changes[3]!.from).toBeNull();
  });

  it('orders by time even when entries were appended out of order, and honours the limit', () => {
    const changes = verdictChanges([fixEntry(3, { verdict: 'warning' }), fixEntry(1), fixEntry(2, { verdict: 'critical' })], 2);
    expect(changes.map((c) => c.to.verdict)).toEqual(['warning', 'critical']);
  });
});

describe('retain', () => {
  it('keeps the newest per mirror and drops what is too old, in the original order', () => {
    const es = [fixEntry(0), fixEntry(1, { mirror: 'b' }), fixEntry(2), fixEntry(3), fixEntry(4, { mirror: 'b' })];
    expect(retain(es, { maxEntriesPerMirror: 2, maxAgeMs: 10 * 60_000 }, T0 + 10 * 60_000).map((e) => e.at - T0)).toEqual([1, 2, 3, 4].map((m) => m * 60_000));
    expect(retain(es, { maxEntriesPerMirror: 9, maxAgeMs: 60_000 }, T0 + 4 * 60_000)).toHaveLength(2);
  });
});

describe('recordingDoctor', () => {
  it('appends one entry per diagnosis with its origin and still returns the diagnosis', async () => {
    const appended: unknown[] = [];
    const store: HistoryStore = { append: async (e) => void appended.push(e), list: async () => [], close: async () => undefined };
    const doctor = recordingDoctor(FakeDoctor.of([[SVL, seedDiagnosis()]]), store, 'chat', { now: () => T0 });
    const d = await doctor.diagnose(SVL);
    expect(d.report.verdict).toBe('critical');
    expect(appended).toMatchObject([{ mirror: 'svl->confluent', origin: 'chat', at: T0, verdict: 'critical' }]);
  });

  it('records a diagnosis reused by several callers once: the same facts are one observation', async () => {
    const appended: unknown[] = [];
    const store: HistoryStore = { append: async (e) => void appended.push(e), list: async () => [], close: async () => undefined };
    const first = seedDiagnosis();
    // The Doctor hands every caller of a reused gathering its facts object; a new gathering has new facts.
    const later = { ...first, facts: { ...first.facts } };
    const answers = [first, { ...first, ageMs: 5_000 }, later];
    const doctor = recordingDoctor({ mirrors: () => [SVL], resolve: () => SVL, diagnose: async () => answers.shift()!, close: async () => undefined }, store, 'alert', { now: () => T0 });
    for (let i = 0; i < 3; i++) await doctor.diagnose(SVL);
    expect(appended).toHaveLength(2);
  });

  it('does not fail a diagnosis when history cannot be written', async () => {
    const errors: unknown[] = [];
    const store: HistoryStore = { append: () => Promise.reject(new Error('disk full')), list: async () => [], close: async () => undefined };
    const doctor = recordingDoctor(FakeDoctor.of([[SVL, seedDiagnosis()]]), store, 'chat', { onError: (e) => errors.push(e) });
    await expect(doctor.diagnose(SVL)).resolves.toBeDefined();
    expect(errors).toHaveLength(1);
  });
});
