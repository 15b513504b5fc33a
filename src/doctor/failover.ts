/**
 * Failover readiness over the facts, pure: per group and mirrored partition, where a consumer of
 * the group would resume on the target and how many records it would re-read or skip.
 *
 * - Resume: the group's committed offset on the target (MM2 syncs it with
 *   sync.group.offsets.enabled; consumers there may have committed it), else the newest
 *   checkpoint's downstream offset (a consumer that translates with RemoteClusterUtils gets
 *   exactly that), else nowhere: auto.offset.reset.
 * - Position: where the source group's committed offset lies on the target, from the offset
 *   syncs (src/mm2/translate.ts replicatedPosition: one downstream offset per upstream offset
 *   past the newest sync at or below it; the least it can be is MM2's own `sync.downstream + 1`),
 *   capped at the target's log end (records never replicated cannot be re-read).
 * - Re-read = position − resume; skipped = resume − position when the target offset is ahead.
 *
 * Roll-up: `not-ready` when a partition has no offset to resume from, would skip records, or MM2
 * is still catching up on it; `degraded` when a partition would re-read more than
 * `max(1000, offset.lag.max)` records, or its re-reads cannot be told; else `ready`. 1,000 records
 * per partition is ten times what translation alone costs at the default offset.lag.max (100):
 * above it, the gap comes from checkpoints or target offsets lagging the group, which is what an
 * operator can fix before failing over.
 */
import { targetView, type GroupState, type PartitionState } from '../checks/lib/target.ts';
import type { Diagnosis } from '../model/diagnosis.ts';
import type { FailoverReadiness, GroupFailover, PartitionFailover, Readiness } from '../model/failover.ts';
import type { Facts } from '../model/facts.ts';

/** Re-reads per partition above which a group is `degraded` (at least offset.lag.max). */
export const REREAD_THRESHOLD = 1000;

const zero = (n: bigint) => (n < 0n ? 0n : n);

function partitionOf(facts: Facts, p: PartitionState, activeOnTarget: boolean, syncEnabled: boolean): PartitionFailover {
  const cp = p.checkpoint;
  const resumeFrom = p.targetCommitted !== null ? 'target-offset' : cp ? 'checkpoint' : 'auto.offset.reset';
  const resumeAt = p.targetCommitted ?? cp?.downstreamOffset ?? null;
  let expectedAt: bigint | null = null;
  let expectedMin: bigint | null = null;
  if (p.position.kind === 'known') {
    expectedAt = p.position.downstream;
    expectedMin = p.position.min;
    if (p.targetEnd !== null) {
      if (expectedAt > p.targetEnd) expectedAt = p.targetEnd;
      if (expectedMin > p.targetEnd) expectedMin = p.targetEnd;
    }
  }
  const known = resumeAt !== null && expectedAt !== null;
  const reRead = known ? zero(expectedAt! - resumeAt) : null;
  const reReadMin = known && expectedMin !== null ? zero(expectedMin - resumeAt) : null;
  const skipped = known ? zero(resumeAt - expectedAt!) : null;

  let status: PartitionFailover['status'];
  let note: string;
  if (p.pending) {
    status = 'pending';
    note = `MM2 is still catching up: ${p.pending.evidence}`;
  } else if (resumeAt === null) {
    status = 'untranslatable';
    const why =
      p.translation?.kind === 'ahead'
        ? `the committed offset ${p.committed} is older than every offset sync, so MM2 writes no checkpoint for it`
        : p.translation?.kind === 'no-sync'
          ? 'no offset sync names this partition'
          : 'no checkpoint and no target offset';
    note = `resumes at auto.offset.reset: ${why}`;
  } else if (p.committed === null) {
    status = 'unknown';
    note = `the source group has no committed offset on ${p.topic}-${p.partition}; resumes at ${resumeAt} (${resumeFrom})`;
  } else if (expectedAt === null) {
    status = 'unknown';
    note = `no offset sync at or below the committed offset ${p.committed}: its position on ${facts.mirror.targetAlias} cannot be told`;
  } else if (skipped! > 0n) {
    status = 'skip';
    note = `resumes at ${resumeAt} (${resumeFrom}) past the group's position ${expectedAt}: skips ${skipped} record${skipped === 1n ? '' : 's'}`;
  } else if (reRead === 0n) {
    status = 'exact';
    note = `resumes at ${resumeAt} (${resumeFrom}), the group's position`;
  } else {
    status = 're-read';
    note = `resumes at ${resumeAt} (${resumeFrom}); the group's position is ${expectedAt}${expectedMin !== null && expectedMin < expectedAt ? ` (at least ${expectedMin})` : ''}: re-reads ${reRead}`;
  }
  if (resumeFrom === 'checkpoint' && status !== 'pending') note += syncEnabled ? '; the target group has no offset yet, so only a consumer that translates the checkpoint resumes there' : '; only if the consumers translate the checkpoint (RemoteClusterUtils.translateOffsets) or their offsets are set from it';
  if (activeOnTarget) note += `; the group has members on ${facts.mirror.targetAlias}, their commits decide`;
  return {
    topic: p.topic,
    partition: p.partition,
    targetTopic: p.remoteTopic,
    sourceCommitted: p.committed,
    sourceEnd: p.sourceEnd,
    targetEnd: p.targetEnd,
    checkpoint: cp ? { upstream: cp.upstreamOffset, downstream: cp.downstreamOffset, ageMs: Math.max(0, facts.now - cp.timestamp) } : null,
    targetCommitted: p.targetCommitted,
    resumeAt,
    resumeFrom,
    expectedAt,
    expectedMin,
    reRead,
    reReadMin,
    skipped,
    status,
    note,
  };
}

function groupOf(facts: Facts, g: GroupState, syncEnabled: boolean, threshold: number): GroupFailover {
  const partitions = g.partitions.map((p) => partitionOf(facts, p, g.activeOnTarget, syncEnabled));
  const count = (s: PartitionFailover['status']) => partitions.filter((p) => p.status === s);
  const sum = (f: (p: PartitionFailover) => bigint | null) => partitions.reduce((n, p) => n + (f(p) ?? 0n), 0n);
  const reasons: string[] = [];
  const untranslatable = count('untranslatable');
  const skipping = count('skip');
  const pending = count('pending');
  const unknown = count('unknown');
  const heavy = partitions.filter((p) => p.reRead !== null && p.reRead > BigInt(threshold));
  const tp = (p: PartitionFailover) => `${p.targetTopic}-${p.partition}`;
  if (partitions.length === 0) reasons.push('no mirrored partition with a committed offset or a checkpoint');
  if (untranslatable.length) reasons.push(`${untranslatable.length} partition${untranslatable.length === 1 ? '' : 's'} would start at auto.offset.reset (${untranslatable.slice(0, 3).map(tp).join(', ')})`);
  if (skipping.length) reasons.push(`would skip ${sum((p) => (p.status === 'skip' ? p.skipped : 0n))} records (${skipping.slice(0, 3).map(tp).join(', ')})`);
  if (pending.length) reasons.push(`MM2 is still catching up on ${pending.length} partition${pending.length === 1 ? '' : 's'} (pending)`);
  if (heavy.length) reasons.push(`would re-read more than ${threshold} records on ${heavy.slice(0, 3).map((p) => `${tp(p)} (${p.reRead})`).join(', ')}`);
  if (unknown.length) reasons.push(`re-reads cannot be told for ${unknown.length} partition${unknown.length === 1 ? '' : 's'} (${unknown.slice(0, 3).map(tp).join(', ')})`);
  if (g.activeOnTarget && syncEnabled) reasons.push(`has members on ${facts.mirror.targetAlias}: MM2 cannot write its offsets there`);
  const readiness: Readiness =
    partitions.length === 0 || untranslatable.length || skipping.length || pending.length ? 'not-ready' : heavy.length || unknown.length || (g.activeOnTarget && syncEnabled) ? 'degraded' : 'ready';
  return {
    group: g.group,
    readiness,
    reasons,
    pending: pending.length > 0,
    newestCheckpointAgeMs: g.newestCheckpointAt === null ? null : Math.max(0, facts.now - g.newestCheckpointAt),
    target: g.target ? { state: g.target.state, members: g.target.members.map((m) => ({ clientId: m.clientId, host: m.host.replace(/^\//, '') })) } : null,
    reRead: sum((p) => p.reRead),
    skipped: sum((p) => p.skipped),
    untranslatable: untranslatable.length,
    partitions,
  };
}

/** The failover readiness of the mirror's groups (those MM2 checkpoints, and those its checkpoints name). */
export function failoverReadiness(facts: Facts): FailoverReadiness {
  const v = targetView(facts);
  const lagMax = v?.lagMax ?? Number(facts.settings.source.offsetLagMax.value);
  const threshold = Math.max(REREAD_THRESHOLD, Number.isFinite(lagMax) ? lagMax : 0);
  const syncEnabled = v?.syncEnabled ?? false;
  const groups = (v?.groups ?? []).map((g) => groupOf(facts, g, syncEnabled, threshold));
  const caveats: string[] = [];
  const why = (g: { ok: false; error: { message: string } }) => g.error.message;
  if (!facts.sourceGroups.ok) caveats.push(`source groups unknown: ${why(facts.sourceGroups)}`);
  if (!facts.checkpoints.ok) caveats.push(`checkpoints unknown: ${why(facts.checkpoints)}`);
  if (!facts.offsetSyncs.ok) caveats.push(`offset syncs unknown: ${why(facts.offsetSyncs)}`);
  else if (facts.offsetSyncs.value.truncated) caveats.push('the offset-syncs read stopped at its record limit: newer syncs may exist');
  if (!facts.targetGroups) caveats.push('the target groups were not read');
  else if (!facts.targetGroups.ok) caveats.push(`target groups unknown: ${why(facts.targetGroups)}`);
  if (groups.some((g) => g.partitions.some((p) => p.resumeFrom === 'checkpoint'))) {
    caveats.push(
      syncEnabled
        ? 'some partitions have no target offset yet: they resume at the checkpoint only for consumers that translate it (RemoteClusterUtils.translateOffsets)'
        : 'sync.group.offsets.enabled is off: the resume offsets are the checkpoints, which only consumers that translate them (RemoteClusterUtils.translateOffsets) or offsets set from them by hand use; others start at auto.offset.reset',
    );
  }
  if (facts.sourceEndOffsets && !facts.sourceEndOffsets.ok) caveats.push(`source log ends unknown: ${why(facts.sourceEndOffsets)}`);
  if (facts.targetEndOffsets && !facts.targetEndOffsets.ok) caveats.push(`target log ends unknown: ${why(facts.targetEndOffsets)}`);
  return {
    mirror: { ...facts.mirror },
    at: facts.now,
    syncGroupOffsets: { enabled: syncEnabled, intervalSeconds: (v?.syncIntervalMs ?? 60_000) / 1000 },
    offsetLagMax: lagMax,
    thresholds: { reReadRecordsPerPartition: threshold },
    summary: {
      ready: groups.filter((g) => g.readiness === 'ready').length,
      degraded: groups.filter((g) => g.readiness === 'degraded').length,
      notReady: groups.filter((g) => g.readiness === 'not-ready').length,
      total: groups.length,
    },
    groups,
    caveats,
  };
}

const readinessOf = new WeakMap<Facts, FailoverReadiness>();

/**
 * The diagnosis with `failover` worked out when first read, once per facts (every caller sharing a
 * gathering gets the same object). `diagnose`, the status and groups commands and alerts never read
 * it; at 10,000 groups it cost every diagnosis about 0.3–0.4 s of CPU and the memory of 40,000
 * partition entries (issue 13). Reading it (the failover command, digests, metrics, JSON.stringify,
 * a spread) computes it then; the keys keep the order they had.
 */
export function withFailover(d: Omit<Diagnosis, 'failover'>): Diagnosis {
  const { facts } = d;
  const out: Diagnosis = { report: d.report, facts, runbook: d.runbook };
  Object.defineProperty(out, 'failover', {
    enumerable: true,
    configurable: true,
    get(): FailoverReadiness {
      let r = readinessOf.get(facts);
      if (!r) readinessOf.set(facts, (r = failoverReadiness(facts)));
      return r;
    },
  });
  if (d.ageMs !== undefined) out.ageMs = d.ageMs;
  return out;
}
