import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { targetView, type PendingReason } from './lib/target.ts';

const WHAT: Record<PendingReason['kind'], string> = {
  'stores-loading': 'the checkpoint task is still reading the offset-syncs topic; it translates nothing until it has read to the end (OffsetSyncStore.translateDownstream @3.9 L125-131)',
  'not-replicated-yet': 'MM2 has not replicated a record of these partitions yet',
  'replication-behind': 'MM2 replication is behind the source log end',
};

/**
 * Says "pending" — info, never a warning — while MM2 is still catching up: the checkpoint task's
 * offset-sync store has not finished loading (from the logs), a partition the groups commit on has
 * no replicated record yet, or the source log end is more than `offset.lag.max` past the newest
 * sync while the group is beyond that sync. The checks that would otherwise warn about those
 * partitions (translation-impossible, checkpoints-not-emitted, target-offsets-stale) stand down
 * for them; the finding goes away by itself once MM2 has caught up.
 */
export const replicationCatchingUp: Check = {
  id: 'replication-catching-up',
  emits: ['replication-catching-up'],
  needs: [],
  run(facts: Facts) {
    const v = targetView(facts);
    if (!v) return [];
    const pending = v.groups.flatMap((g) => g.partitions.filter((p) => p.pending).map((p) => ({ group: g.group, p, reason: p.pending! })));
    if (pending.length === 0 && !v.storesLoading) return [];
    const kinds = [...new Set(pending.map((x) => x.reason.kind))];
    const evidence: Finding['evidence'] = [];
    if (v.storesLoading) evidence.push({ label: 'offset-sync store', value: v.storesLoading });
    const partitionLines = pending.filter((x) => x.reason.kind !== 'stores-loading');
    for (const x of partitionLines.slice(0, 10)) evidence.push({ label: `${x.group} ${x.p.topic}-${x.p.partition}`, value: x.reason.evidence });
    if (partitionLines.length > 10) evidence.push({ label: 'more', value: `${partitionLines.length - 10} more partitions` });
    for (const k of kinds) evidence.push({ label: 'pending because', value: WHAT[k] });
    evidence.push({ label: 'expected', value: 'no action: diagnose again in a few minutes; if it does not clear, the source connector or the checkpoint task is stuck' });
    const groups = [...new Set(pending.map((x) => x.group))].sort();
    const topics = [...new Set(pending.map((x) => x.p.remoteTopic))].sort();
    return [
      {
        code: 'replication-catching-up',
        severity: 'info',
        title: v.storesLoading
          ? `Pending: the checkpoint task is still loading its offset syncs`
          : `Pending: MM2 is still catching up on ${pending.length} partition${pending.length === 1 ? '' : 's'} of ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} groups`}`,
        evidence,
        subject: { groups, topics, cluster: 'target' },
      },
    ];
  },
};
