/**
 * The outcome of one diagnosis, as every renderer (terminal, JSON, Slack) reads it: root cause
 * first, the findings in causal order, and what could not be evaluated. Built by src/doctor/report.ts.
 */
import type { FactKey, Facts, GatherError } from './facts.ts';
import type { Finding, Verdict } from './finding.ts';

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

