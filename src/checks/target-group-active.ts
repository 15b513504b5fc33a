import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { capList, plural } from './lib/facts.ts';
import { logEntries } from './lib/logs.ts';
import { membersOf, targetView } from './lib/target.ts';

/**
 * Detects checkpointed groups that have members on the target while sync.group.offsets is on.
 * MM2 sends their offsets anyway (MirrorCheckpointTask.syncGroupOffset @3.9 L320-379 treats any
 * group not EMPTY at its last refresh as "a new consumer" and writes everything), and the broker
 * refuses an OffsetCommit without a member id for a group that is not Empty (UNKNOWN_MEMBER_ID,
 * core/…/GroupCoordinator.scala validateOffsetCommit @3.9 L1045-1050), which MM2 logs as WARN "Unable to sync offsets for
 * consumer group {}. This is likely caused by consumers currently using this group in the target
 * cluster." (L387-389). So the target offsets stay where those consumers put them.
 */
export const targetGroupActive: Check = {
  id: 'target-group-active',
  emits: ['target-group-active'],
  needs: ['checkpoints'],
  run(facts: Facts) {
    const v = targetView(facts);
    if (!v || !v.targetRead || !v.syncEnabled) return [];
    const active = v.groups.filter((g) => g.activeOnTarget && g.newestCheckpointAt !== null && g.target);
    if (active.length === 0) return [];
    const evidence: Finding['evidence'] = active.slice(0, 10).map((g) => ({
      label: `${g.group} on ${facts.mirror.targetAlias}`,
      value: `${g.target!.state}, ${plural(g.target!.members.length, 'member')}: ${capList(membersOf(g.target!), 5).join(', ') || 'members not listed'}`,
    }));
    if (active.length > 10) evidence.push({ label: 'more', value: `${active.length - 10} more groups` });
    evidence.push({ label: 'effect', value: `the broker refuses MM2's commit for a group with members, so its target offsets are whatever those consumers committed, not the checkpoints` });
    const warned = logEntries(facts, 'red-herring').concat(logEntries(facts, 'cause')).filter((e) => e.code === 'sync-offsets-group-active');
    for (const e of warned.slice(0, 2)) evidence.push({ label: 'MM2 logged', value: `${e.count}× ${e.sample}` });
    const groups = active.map((g) => g.group);
    return [
      {
        code: 'target-group-active',
        severity: 'warning',
        title: `${active.length === 1 ? `Group ${groups[0]} has` : `${active.length} checkpointed groups have`} members on ${facts.mirror.targetAlias}, so MM2 cannot write ${active.length === 1 ? 'its' : 'their'} offsets there`,
        evidence,
        subject: { groups, cluster: 'target' },
      },
    ];
  },
};
