import { describe, expect, it } from 'vitest';
import type { Diagnosis, MirrorRef } from '../../src/model/diagnosis.ts';
import { checkMessage, fitMessages } from '../../src/render/slack/limits.ts';
import { buildDigest, type DigestResult } from '../../src/monitor/digest.ts';
import { digestMarker, renderDigest, renderDigestDetails } from '../../src/render/slack/digest.ts';
import { fixHealthyFacts, fixSeedFacts, NOW, withCheckpointConnector, withCheckpointRecords, withCheckpointsTopic, withOffsetSyncsTopic, withSyncRecords } from '../fixtures/facts.ts';
import { renderDigestText } from '../../src/render/text/schedule.ts';
import { diagnosisOf, EAST, SVL } from '../slack/fake-doctor.ts';
import { failoverReadiness } from '../../src/doctor/failover.ts';

const HOUR = 3_600_000;
/** `d` as the diagnosis of mirror `m` (the fixtures are facts of svl->confluent). */
function as(m: MirrorRef, d: Diagnosis): Diagnosis {
  return { ...d, report: { ...d.report, mirror: { name: m.name, sourceAlias: m.sourceAlias, targetAlias: m.targetAlias } } };
}
const healthy = (m = SVL) => as(m, diagnosisOf(fixHealthyFacts()));
const seed = (m = SVL) => as(m, diagnosisOf(fixSeedFacts()));
const result = (d: Diagnosis): DigestResult => ({ mirror: d.report.mirror.name, diagnosis: d });
const meta = { name: 'morning' };

/** Healthy facts whose topics have moved on by `syncs` offset syncs and `cps` checkpoints. */
function progressed(syncs: number, cps: number): Diagnosis {
  let f = withOffsetSyncsTopic(fixHealthyFacts(), { offsets: [{ partition: 0, start: 0n, end: BigInt(9 + syncs) }] });
  f = withCheckpointsTopic(f, { offsets: [{ partition: 0, start: 0n, end: BigInt(4 + cps) }] });
  return diagnosisOf(f);
}

describe('buildDigest', () => {
  it('says how old a reused diagnosis is (monitor.reuseSeconds), and nothing for one read for this digest', () => {
    const fresh = { ...seed(), ageMs: seed().report.durationMs + 200 };
    const reused = { ...healthy(EAST), ageMs: 25_000 };
    const d = buildDigest([result(fresh), result(reused)], null, NOW, meta);
    expect(d.lines.find((l) => l.mirror === 'svl->confluent')?.reusedAgeMs).toBeUndefined();
    expect(d.lines.find((l) => l.mirror === 'east->west')?.reusedAgeMs).toBe(25_000);
    expect(renderDigestText(d)).toContain('facts read 25s ago, shared with another check');
    expect(JSON.stringify(renderDigest(d).blocks)).toContain('facts read 25s ago');
    expect(renderDigestText(d).match(/facts read/g)).toHaveLength(1);
  });


  it('is the first digest when there is nothing to compare with: changed, no deltas, no changes listed', () => {
    const d = buildDigest([result(seed()), result(healthy(EAST))], null, NOW, meta);
    expect(d.changed).toBe(true);
    expect(d.since).toBeNull();
    expect(d.lines.map((l) => [l.mirror, l.verdict, l.rootCause?.code ?? null])).toEqual([
      ['svl->confluent', 'critical', 'no-consumer-groups'],
      ['east->west', 'ok', null],
    ]);
    expect(d.lines.every((l) => l.changes.length === 0)).toBe(true);
    expect(d.lines[1]!.offsetSyncs).toEqual({ total: 9, delta: null });
    expect(d.counts).toEqual({ critical: 1, unknown: 0, warning: 0, ok: 1 });
  });

  it('reports nothing changed when the verdicts, root causes, findings and connectors are the same, even if counters moved', () => {
    const first = buildDigest([result(healthy())], null, NOW, meta);
    const second = buildDigest([result(progressed(120, 6))], first.record, NOW + 24 * HOUR, meta);
    expect(second.changed).toBe(false);
    expect(second.since).toBe(NOW);
    expect(second.lines[0]!.offsetSyncs).toEqual({ total: 129, delta: 120 });
    expect(second.lines[0]!.checkpoints).toMatchObject({ total: 10, delta: 6 });
  });

  it('lists what changed: verdict, root cause, findings, connector state', () => {
    const first = buildDigest([result(healthy())], null, NOW, meta);
    const failed = diagnosisOf(withCheckpointConnector(fixHealthyFacts(), { state: 'FAILED' }));
    const second = buildDigest([result(failed)], first.record, NOW + HOUR, meta);
    expect(second.changed).toBe(true);
    const kinds = second.lines[0]!.changes.map((c) => c.kind);
    expect(kinds).toContain('verdict');
    expect(kinds).toContain('root-cause');
    expect(kinds).toContain('finding-added');
    expect(second.lines[0]!.changes).toContainEqual({ kind: 'connector', role: 'checkpoint', from: 'RUNNING', to: 'FAILED' });
  });

  it('names mirrors that appeared, disappeared, or whose diagnosis failed and came back', () => {
    const first = buildDigest([result(healthy()), { mirror: 'a->b', error: 'ref 1234' }], null, NOW, meta);
    const second = buildDigest([result(healthy(EAST)), result(healthy({ name: 'a->b', sourceAlias: 'a', targetAlias: 'b' }))], first.record, NOW + HOUR, meta);
    expect(second.removed).toEqual(['svl->confluent']);
    expect(second.lines.find((l) => l.mirror === 'east->west')!.changes).toEqual([{ kind: 'new-mirror' }]);
    expect(second.lines.find((l) => l.mirror === 'a->b')!.changes).toEqual([{ kind: 'diagnosis-back' }]);
    const third = buildDigest([{ mirror: 'east->west', error: 'ref 99' }], second.record, NOW + 2 * HOUR, meta);
    expect(third.lines[0]).toMatchObject({ verdict: 'unknown', error: 'ref 99', changes: [{ kind: 'diagnosis-failed', error: 'ref 99' }] });
    // A failure that persists is not a change.
    expect(buildDigest([{ mirror: 'east->west', error: 'ref 100' }], third.record, NOW + 3 * HOUR, meta).changed).toBe(false);
  });

  it('records a baseline with one entry per diagnosed mirror and the slot it was scheduled for', () => {
    const d = buildDigest([result(seed())], null, NOW + 5000, { name: 'morning', slot: NOW });
    expect(d.record).toMatchObject({ name: 'morning', slot: NOW, at: NOW + 5000, failed: {} });
    expect(d.record.entries).toMatchObject([{ mirror: 'svl->confluent', verdict: 'critical', origin: 'digest', at: NOW + 5000 }]);
  });

  it('is pure: the same input gives the same digest', () => {
    const input = [result(seed()), result(healthy(EAST))];
    expect(buildDigest(input, null, NOW, meta)).toEqual(buildDigest(input, null, NOW, meta));
  });
});

describe('renderDigest', () => {
  it('puts each mirror on the compact message with verdict, root cause, progress, connectors and changes', () => {
    const first = buildDigest([result(healthy()), result(healthy(EAST))], null, NOW, meta);
    const failed = diagnosisOf(withCheckpointConnector(fixHealthyFacts(), { state: 'FAILED' }));
    const d = buildDigest([result(failed), result(progressed(0, 0))], first.record, NOW + HOUR, { name: 'morning', slot: NOW + HOUR });
    const draft = renderDigest(d);
    const text = JSON.stringify(draft.blocks);
    expect(text).toContain('*svl-&gt;confluent* — critical');
    expect(text).toContain('checkpoint connector RUNNING → FAILED');
    expect(text).toContain('offset syncs +0 (9)');
    expect(text).toContain('source RUNNING · checkpoint FAILED');
    expect(text).toContain('1 changed since the last digest (1h ago)');
    expect(draft.blocks[1]).toMatchObject({ type: 'context', block_id: digestMarker('morning', NOW + HOUR) });
    expect(draft.text).toBe('MM2 digest morning: 1 of 2 not ok, changed');
    for (const m of fitMessages(draft)) expect(checkMessage(m)).toEqual([]);
    expect(fitMessages(draft)).toHaveLength(1);
  });

  it('gives each mirror one failover readiness line when the diagnosis has one', () => {
    const d0 = healthy();
    const withReadiness: Diagnosis = { ...d0, failover: failoverReadiness(d0.facts) };
    const d = buildDigest([result(withReadiness), result(healthy(EAST))], null, NOW, meta);
    expect(d.lines.find((l) => l.mirror === 'svl->confluent')?.failover).toBe('2 of 2 groups ready');
    expect(d.lines.find((l) => l.mirror === 'east->west')?.failover).toBeUndefined();
    expect(JSON.stringify(renderDigest(d).blocks)).toContain('failover: 2 of 2 groups ready');
  });

  it('says pending with its evidence, not "ok: checkpoints flow", between a group\'s first commit and MM2\'s first checkpoint', () => {
    // The groups committed, MM2 wrote the syncs 30 s ago, the checkpoints topic is still empty.
    let f = withCheckpointsTopic(withCheckpointRecords(fixHealthyFacts(), []), { offsets: [{ partition: 0, start: 0n, end: 0n }] });
    const syncs = f.offsetSyncs.ok ? f.offsetSyncs.value.records : [];
    f = withSyncRecords(f, syncs.map((s) => ({ ...s, timestamp: NOW - 30_000 })));
    const d = buildDigest([result(diagnosisOf(f)), result(healthy(EAST))], null, NOW, meta);
    const line = d.lines.find((l) => l.mirror === 'svl->confluent')!;
    expect(line.verdict).toBe('ok');
    expect(line.checkpoints?.total).toBe(0);
    const text = JSON.stringify(renderDigest(d).blocks);
    expect(text).toContain('*svl-&gt;confluent* — pending: no checkpoint for 2 groups yet (app-orders orders-0: committed 1500 translates to svl.orders-0 offset 1451 (sync written 30s ago); no checkpoint yet)');
    expect(text).not.toContain('*svl-&gt;confluent* — ok: checkpoints flow');
    expect(text).toContain('*east-&gt;west* — ok: checkpoints flow');
    expect(renderDigestText(d)).toContain('  svl->confluent: pending — no checkpoint for 2 groups yet (app-orders orders-0');
  });

  it('stays one message for 60 mirrors: unchanged ok mirrors share a line', () => {
    const mirrors = Array.from({ length: 60 }, (_, i) => ({ name: `m${i}->t`, sourceAlias: `m${i}`, targetAlias: 't' }));
    const first = buildDigest(mirrors.map((m) => result(healthy(m))), null, NOW, meta);
    const d = buildDigest(mirrors.map((m, i) => result(i === 7 ? seed(m) : healthy(m))), first.record, NOW + HOUR, meta);
    const parts = fitMessages(renderDigest(d));
    expect(parts).toHaveLength(1);
    expect(JSON.stringify(parts[0]!.blocks)).toContain('_59 more ok, unchanged:_');
    expect(checkMessage(parts[0]!)).toEqual([]);
  });

  it('escapes mirror names and titles from Kafka so they cannot mention or link', () => {
    const evil = { name: '<!channel>->t', sourceAlias: '<!channel>', targetAlias: 't' };
    const d = buildDigest([result(seed(evil))], null, NOW, meta);
    expect(JSON.stringify(renderDigest(d))).not.toContain('<!channel>');
  });

  it('says which missed slots a late digest stands for', () => {
    const d = buildDigest([result(healthy())], null, NOW, { name: 'morning', slot: NOW });
    expect(JSON.stringify(renderDigest(d, { covers: [NOW - 60_000] }).blocks)).toContain('missed while the poster changed');
  });
});

describe('renderDigestDetails', () => {
  it('posts the full diagnosis of each mirror that is not ok, and nothing for ok ones', () => {
    const s = seed();
    const d = buildDigest([result(s), result(healthy(EAST))], null, NOW, meta);
    const details = renderDigestDetails(d, new Map([[SVL.name, s]]));
    expect(details).toHaveLength(1);
    expect(JSON.stringify(details[0]!.blocks)).toContain('no-consumer-groups');
  });
});
