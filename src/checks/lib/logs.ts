/** Readers over the log explainer's output (`Facts.logs`, a `LogExplanation`). */
import type { Facts } from '../../model/facts.ts';
import type { LogEntry, LogEntryKind, LogExplanation, NetworkSummary } from '../../model/log-explanation.ts';

/** The explanation, when logs were given. */
export function logsOf(facts: Facts): LogExplanation | undefined {
  const logs: LogExplanation | undefined = facts.logs;
  return logs && Array.isArray(logs.entries) ? logs : undefined;
}

/** Entries of one kind (occurrences of a line kind are already grouped by the explainer). */
export function logEntries(facts: Facts, kind: LogEntryKind): LogEntry[] {
  return logsOf(facts)?.entries.filter((e) => e.kind === kind) ?? [];
}

/** The explainer's disconnect summary, when logs were given. */
export function networkSummary(facts: Facts): NetworkSummary | undefined {
  return logsOf(facts)?.network;
}

/** `first … last`, or the one timestamp, or null. */
export function between(first: string | undefined, last: string | undefined): string | null {
  if (first && last && first !== last) return `${first} … ${last}`;
  return first ?? last ?? null;
}

/** Log `cause` entries with one of these codes, as evidence lines (`MM2 logged: …`). */
export function logCauseEvidence(facts: Facts, codes: readonly string[]): { label: string; value: string }[] {
  return logEntries(facts, 'cause')
    .filter((e) => codes.includes(e.code))
    .slice(0, 3)
    .map((e) => ({ label: 'MM2 logged', value: `${e.title}${e.count > 1 ? ` (${e.count}×)` : ''}: ${e.sample}` }));
}
