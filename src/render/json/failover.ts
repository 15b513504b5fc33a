/**
 * `mm2-doctor failover <mirror> --json`: the failover readiness as one JSON object. The shape is a
 * public contract (README "Failover readiness"; test/render/json/failover.test.ts pins it):
 *
 * { mirror: {name, sourceAlias, targetAlias}, at, verdict,
 *   summary: {ready, degraded, notReady, total, line},
 *   syncGroupOffsets: {enabled, intervalSeconds}, offsetLagMax, thresholds: {reReadRecordsPerPartition},
 *   groups: [{ group, readiness, reasons, pending, newestCheckpointAgeMs, target: {state, members: [{clientId, host}]} | null,
 *              reRead, skipped, untranslatable,
 *              partitions: [{ topic, partition, targetTopic, sourceCommitted, sourceEnd, targetEnd,
 *                             checkpoint: {upstream, downstream, ageMs} | null, targetCommitted,
 *                             resumeAt, resumeFrom, expectedAt, expectedMin, reRead, reReadMin, skipped,
 *                             status, note }] }],
 *   caveats }
 *
 * Offsets and record counts are decimal strings (they are 64-bit); `null` means "cannot be told".
 */
import { readinessLine, type FailoverReadiness, type GroupFailover, type PartitionFailover, type PartitionStatus, type Readiness, type ResumeFrom } from '../../model/failover.ts';
import type { Verdict } from '../../model/finding.ts';

type Num = string | null;

export interface JsonFailoverPartition {
  topic: string;
  partition: number;
  targetTopic: string;
  sourceCommitted: Num;
  sourceEnd: Num;
  targetEnd: Num;
  checkpoint: { upstream: string; downstream: string; ageMs: number } | null;
  targetCommitted: Num;
  resumeAt: Num;
  resumeFrom: ResumeFrom;
  expectedAt: Num;
  expectedMin: Num;
  reRead: Num;
  reReadMin: Num;
  skipped: Num;
  status: PartitionStatus;
  note: string;
}

export interface JsonFailoverGroup {
  group: string;
  readiness: Readiness;
  reasons: string[];
  pending: boolean;
  newestCheckpointAgeMs: number | null;
  target: { state: string; members: { clientId: string; host: string }[] } | null;
  reRead: string;
  skipped: string;
  untranslatable: number;
  partitions: JsonFailoverPartition[];
}

export interface JsonFailover {
  mirror: { name: string; sourceAlias: string; targetAlias: string };
  /** ISO 8601, when the facts were gathered. */
  at: string;
  /** The diagnosis verdict of the same run. */
  verdict: Verdict;
  summary: { ready: number; degraded: number; notReady: number; total: number; line: string };
  syncGroupOffsets: { enabled: boolean; intervalSeconds: number };
  offsetLagMax: number;
  thresholds: { reReadRecordsPerPartition: number };
  groups: JsonFailoverGroup[];
  caveats: string[];
}

const n = (v: bigint | null): Num => (v === null ? null : v.toString());

function partition(p: PartitionFailover): JsonFailoverPartition {
  return {
    topic: p.topic,
    partition: p.partition,
    targetTopic: p.targetTopic,
    sourceCommitted: n(p.sourceCommitted),
    sourceEnd: n(p.sourceEnd),
    targetEnd: n(p.targetEnd),
    checkpoint: p.checkpoint ? { upstream: p.checkpoint.upstream.toString(), downstream: p.checkpoint.downstream.toString(), ageMs: p.checkpoint.ageMs } : null,
    targetCommitted: n(p.targetCommitted),
    resumeAt: n(p.resumeAt),
    resumeFrom: p.resumeFrom,
    expectedAt: n(p.expectedAt),
    expectedMin: n(p.expectedMin),
    reRead: n(p.reRead),
    reReadMin: n(p.reReadMin),
    skipped: n(p.skipped),
    status: p.status,
    note: p.note,
  };
}

function group(g: GroupFailover): JsonFailoverGroup {
  return {
    group: g.group,
    readiness: g.readiness,
    reasons: [...g.reasons],
    pending: g.pending,
    newestCheckpointAgeMs: g.newestCheckpointAgeMs,
    target: g.target ? { state: g.target.state, members: g.target.members.map((m) => ({ clientId: m.clientId, host: m.host })) } : null,
    reRead: g.reRead.toString(),
    skipped: g.skipped.toString(),
    untranslatable: g.untranslatable,
    partitions: g.partitions.map(partition),
  };
}

/** The readiness as a JSON-safe object (no bigint, no undefined). */
export function renderFailoverJson(r: FailoverReadiness, verdict: Verdict): JsonFailover {
  return {
    mirror: { name: r.mirror.name, sourceAlias: r.mirror.sourceAlias, targetAlias: r.mirror.targetAlias },
    at: new Date(r.at).toISOString(),
    verdict,
    summary: { ...r.summary, line: readinessLine(r) },
    syncGroupOffsets: { ...r.syncGroupOffsets },
    offsetLagMax: r.offsetLagMax,
    thresholds: { ...r.thresholds },
    groups: r.groups.map(group),
    caveats: [...r.caveats],
  };
}

/** The readiness as JSON text (2-space indented). */
export function renderFailoverJsonText(r: FailoverReadiness, verdict: Verdict): string {
  return JSON.stringify(renderFailoverJson(r, verdict), null, 2);
}
