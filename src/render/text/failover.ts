/** Failover readiness as terminal text: one line per mirror, a block per group, a row per partition. */
import { readinessLine, type FailoverReadiness, type GroupFailover, type PartitionFailover } from '../../model/failover.ts';
import { formatDuration } from '../../util/duration.ts';
import { textTable } from './table.ts';

const s = (v: bigint | null) => (v === null ? '-' : v.toString());

/** The partition rows of one group as a table. */
export function failoverTable(parts: readonly PartitionFailover[]): string[] {
  return textTable(
    ['TARGET PARTITION', 'SOURCE AT', 'CHECKPOINT', 'TARGET AT', 'RESUMES AT', 'POSITION', 'RE-READ', 'SKIP', 'STATUS'],
    parts.map((p) => [
      `${p.targetTopic}-${p.partition}`,
      s(p.sourceCommitted),
      p.checkpoint ? `${p.checkpoint.upstream}→${p.checkpoint.downstream}` : '-',
      s(p.targetCommitted),
      p.resumeAt === null ? 'auto.offset.reset' : `${p.resumeAt} (${p.resumeFrom === 'target-offset' ? 'target' : 'checkpoint'})`,
      p.expectedAt === null ? '-' : p.expectedMin !== null && p.expectedMin < p.expectedAt ? `${p.expectedAt} (≥${p.expectedMin})` : p.expectedAt.toString(),
      s(p.reRead),
      s(p.skipped),
      p.status,
    ]),
  );
}

/** The headline of one group: readiness, checkpoint age, totals, reasons. */
export function groupHeadline(g: GroupFailover): string {
  const age = g.newestCheckpointAgeMs === null ? 'no checkpoint' : `newest checkpoint ${formatDuration(g.newestCheckpointAgeMs)} ago`;
  const target = g.target && g.target.members.length > 0 ? `; ${g.target.members.length} member(s) on the target: ${g.target.members.slice(0, 3).map((m) => `${m.clientId}@${m.host}`).join(', ')}` : '';
  return `${g.group}: ${g.readiness.toUpperCase()} — ${age}; re-reads ${g.reRead}${g.skipped > 0n ? `, skips ${g.skipped}` : ''}${target}${g.reasons.length ? `\n    ${g.reasons.join('; ')}` : ''}`;
}

/** The readiness as text ending with a newline; `group` limits it to one group. */
export function renderFailoverText(r: FailoverReadiness, opts: { group?: string } = {}): string {
  const groups = opts.group === undefined ? r.groups : r.groups.filter((g) => g.group === opts.group);
  const out = [
    `${r.mirror.name}: ${readinessLine(r)} for a failover to ${r.mirror.targetAlias}`,
    `sync.group.offsets ${r.syncGroupOffsets.enabled ? `on (every ${r.syncGroupOffsets.intervalSeconds} s)` : 'off: consumers must translate the checkpoints themselves'}; offset.lag.max ${r.offsetLagMax}; degraded above ${r.thresholds.reReadRecordsPerPartition} re-reads per partition`,
  ];
  if (opts.group !== undefined && groups.length === 0) out.push(`group ${opts.group} is neither checkpointed nor checkpointable by this mirror`);
  for (const g of groups) {
    out.push('', `  ${groupHeadline(g)}`);
    if (g.partitions.length > 0) out.push(...failoverTable(g.partitions).map((l) => `    ${l}`));
    for (const p of g.partitions.filter((x) => x.status !== 'exact' && x.status !== 're-read')) out.push(`    ${p.targetTopic}-${p.partition}: ${p.note}`);
  }
  for (const c of r.caveats) out.push(`caveat: ${c}`);
  return `${out.join('\n')}\n`;
}
