/** Readers over the log explainer's output (`Facts.logs`, a `LogExplanation`). */
import type { Facts } from '../../model/facts.ts';
import type { LogEntry, LogEntryKind, LogExplanation, NetworkSummary } from '../../model/log-explanation.ts';

/** The explanation, when logs were given. */
export function logsOf(facts: Facts): LogExplanation | undefined {
  const logs: LogExplanation | undefined = facts.logs;
  return logs && Array.isArray(logs.entries) ? logs : undefined;
}

/** The flow an entry is about (`source->target`), from its flow or its connector's name. */
function flowOf(e: LogEntry): string | undefined {
  return e.flow ?? (e.connector?.includes('->') ? e.connector.replace(/\.Mirror\w+Connector$/, '') : undefined);
}

/**
 * Entries of one kind (occurrences of a line kind are already grouped by the explainer) that may
 * concern this mirror. One Connect worker runs every mirror of a KafkaMirrorMaker2 (and a paste
 * often holds several), so a line naming another flow (`east->west`, or its connectors and client
 * ids) says nothing about this one: it is left out when the logs also name this mirror's own flow,
 * or when that flow is known to run beside this one (Connect's connectors, the config, the
 * KafkaMirrorMaker2). Otherwise the aliases in the logs may simply differ from the config's, and
 * whose line it is cannot be told, so it counts.
 */
export function logEntries(facts: Facts, kind: LogEntryKind): LogEntry[] {
  const all = logsOf(facts)?.entries ?? [];
  const own = `${facts.mirror.sourceAlias}->${facts.mirror.targetAlias}`;
  const ownSeen = all.some((e) => flowOf(e) === own);
  const known = new Set((facts.otherFlows ?? []).map((f) => `${f.sourceAlias}->${f.targetAlias}`));
  const theirs = (e: LogEntry) => {
    const flow = flowOf(e);
    return flow !== undefined && flow !== own && (ownSeen || known.has(flow));
  };
  return all.filter((e) => e.kind === kind && !theirs(e));
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
