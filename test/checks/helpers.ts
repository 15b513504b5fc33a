/** Small assertions helpers for check tests. */
import type { Check } from '../../src/checks/check.ts';
import type { Facts } from '../../src/model/facts.ts';
import type { EvidenceValue, Finding, FindingCode } from '../../src/model/finding.ts';

/** The value of the evidence entry with this label (throws when absent, so a test fails loudly). */
export function ev(f: Finding | undefined, label: string): EvidenceValue {
  if (!f) throw new Error('no finding');
  const e = f.evidence.find((x) => x.label === label);
  if (!e) throw new Error(`no evidence "${label}" in ${JSON.stringify(f.evidence.map((x) => x.label))}`);
  return e.value;
}

/** Runs a check and returns its findings with the given code. */
export function findings(check: Check, facts: Facts, code?: FindingCode): Finding[] {
  const out = check.run(facts);
  return code ? out.filter((f) => f.code === code) : out;
}

/** `code:severity` pairs of a check's findings, for compact table assertions. */
export function summary(check: Check, facts: Facts): string[] {
  return check.run(facts).map((f) => `${f.code}:${f.severity}`);
}
