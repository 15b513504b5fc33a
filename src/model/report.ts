/**
 * The outcome of one diagnosis, as every renderer (terminal, JSON, Slack) reads it: root cause
 * first, the findings in causal order, and what could not be evaluated. Built by src/doctor/report.ts.
 */
import type { FactKey, Facts, GatherError } from './facts.ts';
import { PENDING_CODES, type EvidenceValue, type Finding, type Verdict } from './finding.ts';

/** A check the engine did not run, and the facts it lacked. */
export interface NotEvaluated {
  check: string;
  missing: FactKey[];
}

/** A check that threw, or emitted a code it does not declare. */
export interface CheckError {
  check: string;
  message: string;
}

/** A fact the gatherers tried to collect and could not, with their user-safe reason. */
export interface UnavailableFact {
  fact: FactKey;
  error: GatherError;
}

/** The outcome of one diagnosis; every renderer (terminal, JSON, Slack) reads only this. */
export interface Report {
  mirror: Facts['mirror'];
  verdict: Verdict;
  /** The first critical finding in causal order, else the first warning; `null` when all is well. */
  rootCause: Finding | null;
  /** Root cause first, then causal order (§8), then severity. */
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  errors: CheckError[];
  unavailable: UnavailableFact[];
  durationMs: number;
}


/**
 * What a report without a root cause says: MM2 is still catching up (the first pending finding,
 * with its first evidence), checkpoints flow, or neither. "Checkpoints flow" only when some were
 * read: between a group's first commit and its first checkpoint the answer is pending (issue 10).
 */
export type QuietState = { kind: 'pending'; title: string; evidence: { label: string; value: EvidenceValue } | null } | { kind: 'flowing' } | { kind: 'quiet' };

export function quietStateOf(findings: readonly Finding[]): QuietState {
  const pending = findings.find((f) => PENDING_CODES.has(f.code));
  if (pending) return { kind: 'pending', title: pending.title, evidence: pending.evidence[0] ?? null };
  return findings.some((f) => f.code === 'checkpoints-flowing') ? { kind: 'flowing' } : { kind: 'quiet' };
}
