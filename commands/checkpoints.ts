/**
 * `/mm2 checkpoints <mirror> [group]`: the decoded checkpoints (newest per group, topic and
 * partition, as a compacted topic keeps them) with their age, from `facts.checkpoints`.
 */
import type { CheckpointRow, Command } from '../src/runtime/command.ts';
import type { Diagnosis } from '../src/model/diagnosis.ts';
import { mirrorArg } from './args.ts';

/** Newest checkpoint per group/topic/partition, sorted; only `group` when given. */
export function checkpointRows(d: Diagnosis, group?: string): { rows: CheckpointRow[]; unavailable?: string; truncated: boolean; corrupt: number } {
  const { facts } = d;
  if (!facts.checkpoints.ok) return { rows: [], unavailable: `${facts.topicNames.checkpoints} could not be read: ${facts.checkpoints.error.message}`, truncated: false, corrupt: 0 };
  const decoded = facts.checkpoints.value;
  const latest = new Map<string, (typeof decoded.records)[number]>();
  for (const r of decoded.records) {
    if (group !== undefined && r.group !== group) continue;
    const key = JSON.stringify([r.group, r.topic, r.partition]);
    const seen = latest.get(key);
    if (!seen || r.offset > seen.offset) latest.set(key, r);
  }
  const rows = [...latest.values()]
    .map((r): CheckpointRow => ({ group: r.group, topic: r.topic, partition: r.partition, upstreamOffset: r.upstreamOffset, downstreamOffset: r.downstreamOffset, ageMs: Math.max(0, facts.now - r.timestamp) }))
    .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return { rows, truncated: decoded.truncated, corrupt: decoded.corrupt.length };
}

const usage = '<mirror> [group]';

export const checkpoints: Command = {
  name: 'checkpoints',
  aliases: ['cp'],
  usage,
  summary: 'Decoded checkpoints with their age, for all groups or one',
  prepare(args) {
    const mirror = mirrorArg(args, 'checkpoints', usage, 2);
    const group = args[1];
    return {
      mirror,
      progress: (m) => `Reading checkpoints of ${m.name}…`,
      async run(ctx, m) {
        const diagnosis = await ctx.doctor.diagnose(m);
        return { kind: 'checkpoints', diagnosis, ...(group !== undefined ? { group } : {}), ...checkpointRows(diagnosis, group) };
      },
    };
  },
};
