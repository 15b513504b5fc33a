/** `/mm2 failover <mirror> [group]` as Block Kit: the summary, then one section per group. */
import type { types } from '@slack/bolt';
import { readinessLine, type FailoverReadiness, type GroupFailover } from '../../model/failover.ts';
import type { Report } from '../../model/report.ts';
import { failoverTable } from '../text/failover.ts';
import { formatDuration } from '../../util/duration.ts';
import { code, codeBlock, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import { context, header, section } from './blocks.ts';
import { verdictLine } from './report.ts';

type KnownBlock = types.KnownBlock;

const MARK: Record<GroupFailover['readiness'], string> = { ready: ':large_green_circle: ready', degraded: ':large_yellow_circle: degraded', 'not-ready': ':red_circle: not ready' };
/** Groups shown in full; the rest are named in one line. */
const DETAILED_GROUPS = 12;
/** Partition rows per group (the table stays well under 3000 characters). */
const ROWS = 15;

function groupText(g: GroupFailover): string {
  const age = g.newestCheckpointAgeMs === null ? 'no checkpoint' : `newest checkpoint ${formatDuration(g.newestCheckpointAgeMs)} ago`;
  const lines = [`*${esc(g.group)}* — ${MARK[g.readiness]} · ${age} · re-reads ${g.reRead}${g.skipped > 0n ? ` · skips ${g.skipped}` : ''}`];
  if (g.target && g.target.members.length > 0) lines.push(`members on the target: ${g.target.members.slice(0, 5).map((m) => code(`${m.clientId}@${m.host}`)).join(', ')}`);
  if (g.reasons.length) lines.push(esc(g.reasons.join('; ')));
  const rows = failoverTable(g.partitions.slice(0, ROWS));
  if (g.partitions.length > 0) lines.push(codeBlock([...rows, ...(g.partitions.length > ROWS ? [`… ${g.partitions.length - ROWS} more partitions`] : [])]));
  return lines.join('\n');
}

/** The readiness draft; `report` gives the diagnosis verdict line. */
export function renderFailoverSlack(r: FailoverReadiness, report: Report, opts: { group?: string } = {}): SlackDraft {
  const groups = opts.group === undefined ? r.groups : r.groups.filter((g) => g.group === opts.group);
  const blocks: KnownBlock[] = [
    header(`${r.mirror.name}: failover readiness`),
    section(
      `*${esc(readinessLine(r))}* for a failover to ${esc(r.mirror.targetAlias)}\n` +
        `${r.syncGroupOffsets.enabled ? `MM2 writes target offsets every ${r.syncGroupOffsets.intervalSeconds} s` : 'MM2 writes no target offsets (sync.group.offsets.enabled is off): consumers must translate the checkpoints'} · offset.lag.max ${r.offsetLagMax} · degraded above ${r.thresholds.reReadRecordsPerPartition} re-reads per partition\n${verdictLine(report)}`,
    ),
  ];
  if (opts.group !== undefined && groups.length === 0) blocks.push(section(`Group ${code(opts.group)} is neither checkpointed nor checkpointable by this mirror.`));
  const worst = [...groups].sort((a, b) => rank(a) - rank(b));
  for (const g of worst.slice(0, DETAILED_GROUPS)) blocks.push(section(groupText(g)));
  if (worst.length > DETAILED_GROUPS) blocks.push(section(`_${worst.length - DETAILED_GROUPS} more:_ ${worst.slice(DETAILED_GROUPS).map((g) => `${esc(g.group)} (${g.readiness})`).join(', ')}`));
  if (r.caveats.length) blocks.push(context(esc(`can't tell everything: ${r.caveats.join('; ')}`)));
  return { text: esc(`${r.mirror.name}: ${readinessLine(r)}`), blocks };
}

const RANK: Record<GroupFailover['readiness'], number> = { 'not-ready': 0, degraded: 1, ready: 2 };
function rank(g: GroupFailover): number {
  return RANK[g.readiness];
}
