/**
 * A Doctor over fixed diagnoses, for the Slack-adapter and shell tests. The diagnoses are real
 * reports: fixture facts (test/fixtures/facts.ts) run through the real checks and report builder;
 * `withFindings` replaces findings for edge cases (51 findings, hostile topic names). The engine has
 * its own tests against the real Kafka lab; this fake only stands in for the I/O.
 */
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { UsageError, type DiagnoseOptions, type Diagnosis, type Doctor, type MirrorRef } from '../../src/model/diagnosis.ts';
import type { Facts } from '../../src/model/facts.ts';
import type { Finding } from '../../src/model/finding.ts';
import { buildReport } from '../../src/doctor/report.ts';
import { resolveMirror } from '../../src/config/resolve-mirror.ts';
import { fixHealthyFacts, fixSeedFacts } from '../fixtures/facts.ts';
import { fixRunbookContext } from '../fixtures/runbook.ts';

export const SVL: MirrorRef = { name: 'svl->confluent', sourceAlias: 'svl', targetAlias: 'confluent' };
export const EAST: MirrorRef = { name: 'east->west', sourceAlias: 'east', targetAlias: 'west' };

/** A real report over `facts`, as the mirror `m`. */
export function diagnosisOf(facts: Facts, m: MirrorRef = SVL): Diagnosis {
  const f = { ...facts, mirror: { name: m.name, sourceAlias: m.sourceAlias, targetAlias: m.targetAlias } };
  return { report: buildReport(f, ALL_CHECKS, { durationMs: 1234 }), facts: f, runbook: fixRunbookContext(f) };
}

/** The seed incident: critical, no consumer group commits offsets. */
export const seedDiagnosis = (m: MirrorRef = SVL): Diagnosis => diagnosisOf(fixSeedFacts(), m);
/** Checkpoints flowing. */
export const healthyDiagnosis = (m: MirrorRef = SVL): Diagnosis => diagnosisOf(fixHealthyFacts(), m);

/** A copy of `d` whose findings are `findings` (the first becomes the root cause). */
export function withFindings(d: Diagnosis, findings: Finding[]): Diagnosis {
  const root = findings.find((f) => f.severity !== 'info') ?? null;
  return { ...d, report: { ...d.report, findings, rootCause: root, verdict: root?.severity === 'critical' ? 'critical' : root ? 'warning' : 'ok' } };
}

type Source = Diagnosis | ((opts: DiagnoseOptions) => Diagnosis | Promise<Diagnosis>);

/** A Doctor answering from a table of diagnoses by canonical mirror name. */
export class FakeDoctor implements Doctor {
  readonly calls: { ref: string; opts: DiagnoseOptions; at: number }[] = [];
  closed = false;
  /** While set, diagnose() waits for it (tests hold a diagnosis mid-flight). */
  gate: Promise<void> | undefined;

  constructor(readonly table: Map<string, Source>, private readonly refs: MirrorRef[] = [SVL, EAST]) {}

  static of(entries: [MirrorRef, Source][]): FakeDoctor {
    return new FakeDoctor(new Map(entries.map(([m, s]) => [m.name, s])), entries.map(([m]) => m));
  }

  mirrors(): MirrorRef[] {
    return [...this.refs];
  }

  /** The product's own pure resolution, over this doctor's mirrors. */
  resolve(name: string): MirrorRef {
    const r = resolveMirror({ mirrors: this.refs.map((m) => ({ id: m.name, source: m.sourceAlias, target: m.targetAlias, ref: m })) }, name);
    if (!r.ok) throw new UsageError(r.message);
    return r.mirror.ref;
  }

  async diagnose(m: MirrorRef, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
    this.calls.push({ ref: m.name, opts, at: Date.now() });
    if (this.gate) await this.gate;
    const source = this.table.get(m.name);
    if (!source) throw new Error(`fake doctor: no diagnosis for ${m.name}`);
    const d = await (typeof source === 'function' ? source(opts) : source);
    // As the real Doctor: each diagnosis is its own gathering, with its own facts object (a reused
    // one would share it; history records a shared gathering once).
    return { ...d, facts: { ...d.facts } };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
