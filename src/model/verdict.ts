/**
 * The one order of verdicts, best to worst. `unknown` ranks above `warning`: the bot could not
 * tell what is wrong, which is worse than a known warning. Alert thresholds, digest lines, status
 * summaries and audit lines all rank verdicts by it.
 */
import type { Verdict } from './finding.ts';

/** Verdicts from best to worst. */
export const VERDICT_ORDER = ['ok', 'warning', 'unknown', 'critical'] as const satisfies readonly Verdict[];

// Every verdict has a place in the order (a compile error otherwise).
const complete: [Exclude<Verdict, (typeof VERDICT_ORDER)[number]>] extends [never] ? true : never = true;
void complete;

/** Position in {@link VERDICT_ORDER}: 0 for `ok`, higher is worse. */
export function verdictRank(v: Verdict): number {
  return VERDICT_ORDER.indexOf(v);
}

/** The worst of `verdicts`; `null` when there is none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict | null {
  let worst: Verdict | null = null;
  for (const v of verdicts) if (worst === null || verdictRank(v) > verdictRank(worst)) worst = v;
  return worst;
}

/** Sort comparator: the worst verdict first. */
export function worstFirst(a: Verdict, b: Verdict): number {
  return verdictRank(b) - verdictRank(a);
}
