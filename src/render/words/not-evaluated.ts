/**
 * "Not evaluated", said once per reason. One unreachable cluster fails every fact read from it, and
 * the gatherers word each of those as "<what>: <cause>" (src/gather/timed.ts failedBecause), so the
 * same cause would otherwise be listed for every check that needed any of them. Each failed fact is
 * traced to the failed fact its message ends with (its root); checks are grouped under the roots
 * that stopped them. Checks that need the logs are left out when no logs were given: they only make
 * sense with logs, and their absence is not a problem. Pure.
 */
import type { FactKey } from '../../model/facts.ts';
import type { Report, UnavailableFact } from '../../model/report.ts';

/** One reason and the checks it kept from running. */
export interface NotEvaluatedReason {
  /** What failed, in the gatherer's words, or what was not configured. */
  reason: string;
  /** The gather error's kind (`unreachable`, `timeout`, …); absent for something not configured. */
  kind?: string;
  checks: string[];
}

const NOT_CONFIGURED: Partial<Record<FactKey, string>> = {
  connect: 'no Kafka Connect REST URL is configured for this mirror (mirrors[].connect)',
  strimziResource: 'no KafkaMirrorMaker2 resource is configured for this mirror (mirrors[].strimzi)',
};

/** The failed fact another failed fact's message names as its cause (the shortest suffix), else itself. */
function rootOf(u: UnavailableFact, all: readonly UnavailableFact[]): UnavailableFact {
  let root = u;
  for (const other of all) {
    if (other !== u && u.error.message.endsWith(`: ${other.error.message}`) && other.error.message.length < root.error.message.length) root = other;
  }
  return root;
}

/** The reasons checks were not evaluated, each once, in the order they first stopped a check. */
export function notEvaluatedReasons(report: Report): NotEvaluatedReason[] {
  const byReason = new Map<string, NotEvaluatedReason>();
  for (const n of report.notEvaluated) {
    const unavailable = n.missing.map((m) => report.unavailable.find((u) => u.fact === m));
    const logsAbsent = n.missing.some((m, i) => m === 'logs' && !unavailable[i]);
    if (logsAbsent) continue;
    const reasons = new Map<string, Omit<NotEvaluatedReason, 'checks'>>();
    n.missing.forEach((m, i) => {
      const u = unavailable[i];
      if (u) {
        const root = rootOf(u, report.unavailable);
        reasons.set(root.error.message, { reason: root.error.message, kind: root.error.kind });
      } else {
        const text = NOT_CONFIGURED[m] ?? `${m} was not provided`;
        reasons.set(text, { reason: text });
      }
    });
    for (const [key, r] of reasons) {
      const entry = byReason.get(key) ?? { ...r, checks: [] };
      entry.checks.push(n.check);
      byReason.set(key, entry);
    }
  }
  return [...byReason.values()];
}

/** How many different checks the reasons kept from running. */
export function checksNotEvaluated(reasons: readonly NotEvaluatedReason[]): number {
  return new Set(reasons.flatMap((r) => r.checks)).size;
}
