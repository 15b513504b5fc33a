/**
 * A history entry: what one diagnosis concluded, small enough to keep thousands of (mirror, time,
 * verdict, root cause, finding codes, duration, and a few progress counters), never the facts.
 */
import type { Diagnosis } from '../model/diagnosis.ts';
import type { ConnectorState, Facts, TopicFacts } from '../model/facts.ts';
import type { FindingCode, Verdict } from '../model/finding.ts';

/** Who asked for the diagnosis. */
export type HistoryOrigin = 'command' | 'digest' | 'alert' | 'watch' | 'chat' | 'cli';

/** Connector states by MM2 role; `null` = the connector does not exist. Absent = not known. */
export interface ConnectorStates {
  source?: ConnectorState | null;
  checkpoint?: ConnectorState | null;
  heartbeat?: ConnectorState | null;
}

/** Counters a digest compares between two runs ("+120 offset syncs since the last digest"). */
export interface Progress {
  /** End offset of the offset-syncs topic (partition 0). */
  offsetSyncsEnd?: number;
  /** End offset of the checkpoints topic (partition 0). */
  checkpointsEnd?: number;
  /** Timestamp (ms) of the newest checkpoint record read. */
  newestCheckpointAt?: number;
  connectors?: ConnectorStates;
}

/** One diagnosis, as history keeps it. */
export interface HistoryEntry {
  /** Canonical mirror name, `svl->confluent`. */
  mirror: string;
  /** When the diagnosis finished (epoch ms). */
  at: number;
  verdict: Verdict;
  rootCause: FindingCode | null;
  /** Codes of every finding, sorted and unique. */
  findings: FindingCode[];
  durationMs: number;
  origin: HistoryOrigin;
  progress?: Progress;
}

function endOf(t: Facts['checkpointsTopic']): number | undefined {
  if (!t.ok || !t.value) return undefined;
  const p0 = (t.value as TopicFacts).offsets?.find((p) => p.partition === 0);
  return p0 ? Number(p0.end) : undefined;
}

function progressOf(facts: Facts): Progress | undefined {
  const out: Progress = {};
  const syncs = endOf(facts.offsetSyncsTopic);
  if (syncs !== undefined) out.offsetSyncsEnd = syncs;
  const cps = endOf(facts.checkpointsTopic);
  if (cps !== undefined) out.checkpointsEnd = cps;
  if (facts.checkpoints.ok && facts.checkpoints.value.records.length > 0) {
    out.newestCheckpointAt = facts.checkpoints.value.records.reduce((max, r) => Math.max(max, r.timestamp), 0);
  }
  if (facts.connect?.ok) {
    const c = facts.connect.value;
    out.connectors = { source: c.source?.state ?? null, checkpoint: c.checkpoint?.state ?? null, heartbeat: c.heartbeat?.state ?? null };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The entry for one diagnosis. Pure. */
export function historyEntryOf(d: Diagnosis, origin: HistoryOrigin, at: number): HistoryEntry {
  const r = d.report;
  const progress = progressOf(d.facts);
  return {
    mirror: r.mirror.name,
    at,
    verdict: r.verdict,
    rootCause: r.rootCause?.code ?? null,
    findings: [...new Set(r.findings.map((f) => f.code))].sort(),
    durationMs: r.durationMs,
    origin,
    ...(progress && { progress }),
  };
}
