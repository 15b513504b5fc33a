import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { targetView } from './lib/target.ts';

interface Ahead {
  group: string;
  topic: string;
  label: string;
  text: string;
  skipped: bigint | null;
}

/**
 * Detects target group offsets ahead of the checkpoint MM2 would write. For a group that is EMPTY
 * on the target MM2 writes a partition only when the translated offset is greater
 * (`latestDownstreamOffset >= convertedOffset.offset()` → skip, MirrorCheckpointTask @3.9
 * L349-358): it never rewinds. Such an offset stays until the source group passes it; a consumer
 * that fails over resumes there and skips what the source group had not consumed yet.
 */
export const targetOffsetsAhead: Check = {
  id: 'target-offsets-ahead',
  emits: ['target-offsets-ahead'],
  needs: ['checkpoints'],
  run(facts: Facts) {
    const v = targetView(facts);
    if (!v || !v.targetRead || !v.syncEnabled) return [];
    const found: Ahead[] = [];
    for (const g of v.groups) {
      if (g.activeOnTarget) continue; // target-group-active's finding: MM2 cannot write at all
      for (const p of g.partitions) {
        if (!p.checkpoint || p.targetCommitted === null || p.targetCommitted <= p.checkpoint.downstreamOffset) continue;
        const at = p.position.kind === 'known' ? p.position.downstream : null;
        const skipped = at !== null && p.targetCommitted > at ? p.targetCommitted - at : null;
        found.push({
          group: g.group,
          topic: p.remoteTopic,
          label: `${g.group} ${p.remoteTopic}-${p.partition}`,
          text:
            `target offset ${p.targetCommitted} > checkpoint ${p.checkpoint.downstreamOffset} (upstream ${p.checkpoint.upstreamOffset}); MM2 leaves it until the translation passes it` +
            (skipped !== null ? `; a failover now skips ${skipped} record${skipped === 1n ? '' : 's'} the source group has not consumed` : ''),
          skipped,
        });
      }
    }
    if (found.length === 0) return [];
    const groups = [...new Set(found.map((f) => f.group))];
    const evidence: Finding['evidence'] = found.slice(0, 10).map((f) => ({ label: f.label, value: f.text }));
    if (found.length > 10) evidence.push({ label: 'more', value: `${found.length - 10} more partitions` });
    evidence.push({ label: 'why', value: 'usually consumers ran on the target with this group (an earlier failover or a test), or the source group was reset backwards; MM2 never moves a target offset back' });
    const skipping = found.some((f) => f.skipped !== null);
    return [
      {
        code: 'target-offsets-ahead',
        severity: 'warning',
        title: `Target offsets of ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} groups`} are ahead of ${groups.length === 1 ? 'its' : 'their'} checkpoints${skipping ? '; a failover would skip records' : ''}`,
        evidence,
        subject: { groups, topics: [...new Set(found.map((f) => f.topic))].sort(), cluster: 'target' },
      },
    ];
  },
};
