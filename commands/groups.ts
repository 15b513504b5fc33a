/**
 * `/mm2 groups <mirror>`: each source consumer group, checkpointed or why not. Derived from the
 * diagnosis: groups from `facts.sourceGroups`, checkpoints from `facts.checkpoints`, reasons from
 * the findings whose subject names the group (else the mirror-wide root cause).
 */
import type { Command, GroupRow } from '../src/runtime/command.ts';
import type { Diagnosis } from '../src/model/diagnosis.ts';
import { mirrorArg } from './args.ts';

// MM2 lists consumer groups only: protocol type "consumer" or "" (KafkaAdminClient.listConsumerGroups).
const isConsumerGroup = (protocolType: string) => protocolType === 'consumer' || protocolType === '';

/** The rows of `groups`: not-checkpointed groups first, then by name. */
export function groupRows(d: Diagnosis): { rows: GroupRow[]; unavailable?: string } {
  const { facts, report } = d;
  const newest = new Map<string, number>();
  if (facts.checkpoints.ok) {
    for (const r of facts.checkpoints.value.records) newest.set(r.group, Math.max(newest.get(r.group) ?? 0, r.timestamp));
  }
  const states = new Map<string, string>();
  if (facts.sourceGroups.ok) {
    for (const g of facts.sourceGroups.value) if (isConsumerGroup(g.protocolType)) states.set(g.groupId, g.state);
  }
  for (const group of newest.keys()) if (!states.has(group)) states.set(group, 'absent');

  const root = report.rootCause;
  const mirrorWide = root && !(root.subject?.groups?.length) ? root : null;
  const rows = [...states].map(([group, state]): GroupRow => {
    const at = newest.get(group);
    const reasons: GroupRow['reasons'] = report.findings
      .filter((f) => f.subject?.groups?.includes(group) && f.code !== 'checkpoints-flowing')
      .map((f) => ({ code: f.code, title: f.title }));
    if (at === undefined && reasons.length === 0 && mirrorWide) reasons.push({ code: mirrorWide.code, title: mirrorWide.title, mirrorWide: true });
    return { group, state, checkpointed: at !== undefined, ...(at !== undefined ? { lastCheckpointAgeMs: Math.max(0, facts.now - at) } : {}), reasons };
  });
  rows.sort((a, b) => Number(a.checkpointed) - Number(b.checkpointed) || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  const unavailable = !facts.sourceGroups.ok
    ? `Groups on ${facts.mirror.sourceAlias} could not be listed: ${facts.sourceGroups.error.message}`
    : !facts.checkpoints.ok
      ? `Checkpoints could not be read: ${facts.checkpoints.error.message}`
      : undefined;
  return { rows, ...(unavailable ? { unavailable } : {}) };
}

const usage = '<mirror>';

export const groups: Command = {
  name: 'groups',
  aliases: ['g'],
  usage,
  summary: 'Each source consumer group: checkpointed, or why not',
  prepare(args) {
    const mirror = mirrorArg(args, 'groups', usage, 1);
    return {
      mirror,
      progress: (m) => `Reading consumer groups of ${m.name}…`,
      async run(ctx, m) {
        const diagnosis = await ctx.doctor.diagnose(m);
        return { kind: 'groups', diagnosis, ...groupRows(diagnosis) };
      },
    };
  },
};
