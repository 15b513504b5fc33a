/**
 * The digest model: per mirror its verdict, root cause, offset-sync and checkpoint progress since
 * the last digest, connector states and what changed; and whether anything changed at all (what
 * `on-change` digests post on). {@link buildDigest} is pure: the scheduler gathers, this decides.
 */
import { reusedAge, type Diagnosis } from '../model/diagnosis.ts';
import type { FindingCode, Verdict } from '../model/finding.ts';
import { readinessLine } from '../model/failover.ts';
import { quietStateOf, type QuietState } from '../model/report.ts';
import { worstFirst } from '../model/verdict.ts';
import { changeOf } from './changes.ts';
import { historyEntryOf, type ConnectorStates, type HistoryEntry } from '../history/entry.ts';

/** One mirror's diagnosis for a digest, or why there is none. */
export type DigestResult = { mirror: string; diagnosis: Diagnosis } | { mirror: string; error: string };

/** What a digest leaves for the next one to compare with (kept in shared state). */
export interface DigestRecord {
  name: string;
  /** The scheduled time this digest is for (ms). */
  slot: number;
  at: number;
  entries: HistoryEntry[];
  /** Mirrors whose diagnosis failed, with the reason shown. */
  failed: Record<string, string>;
}

/** A counter now and how much it moved since the last digest (`null` when there is nothing to compare). */
export interface Moved {
  total: number;
  delta: number | null;
}

/** One difference from the last digest. */
export type Change =
  | { kind: 'new-mirror' }
  | { kind: 'verdict'; from: Verdict; to: Verdict }
  | { kind: 'root-cause'; from: FindingCode | null; to: FindingCode | null }
  | { kind: 'finding-added'; code: FindingCode }
  | { kind: 'finding-gone'; code: FindingCode }
  | { kind: 'connector'; role: keyof ConnectorStates; from: string | null; to: string | null }
  | { kind: 'diagnosis-failed'; error: string }
  | { kind: 'diagnosis-back' };

/** One mirror in the digest. */
export interface MirrorLine {
  mirror: string;
  verdict: Verdict;
  rootCause: { code: FindingCode; title: string } | null;
  error?: string;
  offsetSyncs: Moved | null;
  checkpoints: (Moved & { newestAgeMs: number | null }) | null;
  connectors: ConnectorStates | null;
  changes: Change[];
  /** Failover readiness in one line, "2 of 3 groups ready (1 not ready)" (issue 10); absent when unknown. */
  failover?: string;
  /** Without a root cause: pending, checkpoints flowing, or neither; absent when the diagnosis failed. */
  quiet?: QuietState;
  /** How old the facts were when a recent diagnosis was reused (monitor.reuseSeconds); absent when read for this digest. */
  reusedAgeMs?: number;
}


/** A built digest. */
export interface Digest {
  name: string;
  slot: number;
  at: number;
  /** When the digest compared with was built; `null` for the first one. */
  since: number | null;
  /** Worst verdict first. */
  lines: MirrorLine[];
  /** Mirrors the last digest had and this one does not. */
  removed: string[];
  /** Something other than progress counters differs from the last digest (always true for the first). */
  changed: boolean;
  counts: Record<Verdict, number>;
  /** The baseline for the next digest. */
  record: DigestRecord;
}

const ROLES: (keyof ConnectorStates)[] = ['source', 'checkpoint', 'heartbeat'];

function moved(now: number | undefined, before: number | undefined): Moved | null {
  if (now === undefined) return null;
  return { total: now, delta: before === undefined ? null : now - before };
}

/** One side of a comparison: the mirror's entry, or the error its diagnosis failed with. */
interface Side {
  entry?: HistoryEntry | undefined;
  error?: string | undefined;
}

function changesOf(now: Side, before: Side): Change[] {
  if (now.error !== undefined) return before.error !== undefined ? [] : [{ kind: 'diagnosis-failed', error: now.error }];
  if (before.error !== undefined) return [{ kind: 'diagnosis-back' }];
  const entry = now.entry;
  const prev = before.entry;
  if (!entry) return [];
  if (!prev) return [{ kind: 'new-mirror' }];
  const out: Change[] = [];
  const change = changeOf(prev, entry);
  if (change?.verdict) out.push({ kind: 'verdict', from: prev.verdict, to: entry.verdict });
  if (change?.rootCause) out.push({ kind: 'root-cause', from: prev.rootCause, to: entry.rootCause });
  const had = new Set(prev.findings);
  const has = new Set(entry.findings);
  for (const code of entry.findings) if (!had.has(code)) out.push({ kind: 'finding-added', code });
  for (const code of prev.findings) if (!has.has(code)) out.push({ kind: 'finding-gone', code });
  const a = prev.progress?.connectors;
  const b = entry.progress?.connectors;
  for (const role of ROLES) {
    if (a?.[role] !== undefined && b?.[role] !== undefined && a[role] !== b[role]) out.push({ kind: 'connector', role, from: a[role] ?? null, to: b[role] ?? null });
  }
  return out;
}

/**
 * Builds the digest `meta.name` for `results`, compared with `previous` (the last digest's
 * record, or `null` for the first). Pure.
 */
export function buildDigest(results: readonly DigestResult[], previous: DigestRecord | null, now: number, meta: { name: string; slot?: number }): Digest {
  const prev: DigestRecord = previous ?? { name: meta.name, slot: 0, at: 0, entries: [], failed: {} };
  const prevBy = new Map(prev.entries.map((e) => [e.mirror, e]));
  const entries: HistoryEntry[] = [];
  const failed: Record<string, string> = {};
  const lines: MirrorLine[] = results.map((r) => {
    const before: Side = { entry: prevBy.get(r.mirror), error: prev.failed[r.mirror] };
    if ('error' in r) {
      failed[r.mirror] = r.error;
      const changes = previous ? changesOf({ error: r.error }, before) : [];
      return { mirror: r.mirror, verdict: 'unknown', rootCause: null, error: r.error, offsetSyncs: null, checkpoints: null, connectors: null, changes };
    }
    const entry = historyEntryOf(r.diagnosis, 'digest', now);
    entries.push(entry);
    const p = entry.progress;
    const b = before.entry?.progress;
    const root = r.diagnosis.report.rootCause;
    const cps = moved(p?.checkpointsEnd, b?.checkpointsEnd);
    return {
      mirror: r.mirror,
      verdict: entry.verdict,
      rootCause: root ? { code: root.code, title: root.title } : null,
      offsetSyncs: moved(p?.offsetSyncsEnd, b?.offsetSyncsEnd),
      checkpoints: cps && { ...cps, newestAgeMs: p?.newestCheckpointAt === undefined ? null : Math.max(0, now - p.newestCheckpointAt) },
      connectors: p?.connectors ?? null,
      changes: previous ? changesOf({ entry }, before) : [],
      ...(r.diagnosis.failover && { failover: readinessLine(r.diagnosis.failover) }),
      quiet: quietStateOf(r.diagnosis.report.findings),
      ...(reusedAge(r.diagnosis) !== undefined && { reusedAgeMs: reusedAge(r.diagnosis)! }),
    };
  });
  lines.sort((a, b) => worstFirst(a.verdict, b.verdict) || a.mirror.localeCompare(b.mirror));
  const current = new Set(results.map((r) => r.mirror));
  const removed = previous ? [...new Set([...prevBy.keys(), ...Object.keys(prev.failed)])].filter((m) => !current.has(m)).sort() : [];
  const counts: Record<Verdict, number> = { critical: 0, unknown: 0, warning: 0, ok: 0 };
  for (const l of lines) counts[l.verdict] += 1;
  const slot = meta.slot ?? now;
  return {
    name: meta.name,
    slot,
    at: now,
    since: previous ? previous.at : null,
    lines,
    removed,
    changed: previous === null || removed.length > 0 || lines.some((l) => l.changes.length > 0),
    counts,
    record: { name: meta.name, slot, at: now, entries, failed },
  };
}
