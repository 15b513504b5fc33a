/**
 * The one interface every check implements. A check is a pure function of the facts: no I/O,
 * no clock, no randomness. It declares which facts it needs; the engine does not run it when one
 * of them is missing and records the check as not evaluated (so the verdict can say `unknown`
 * instead of guessing).
 */
import type { FactKey, Facts } from '../model/facts.ts';
import type { Finding, FindingCode } from '../model/finding.ts';

export type { FactKey };

export interface Check {
  /** Stable id, also the file name: `checks/<id>.ts`. */
  id: string;
  /** The finding codes this check may emit (the contract test holds it to them). */
  emits: readonly FindingCode[];
  needs: readonly FactKey[];
  run(facts: Facts): Finding[];
}
