import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { provenance } from './lib/mirror.ts';
import { targetView } from './lib/target.ts';

interface Coarse {
  group: string;
  label: string;
  text: string;
  reRead: bigint;
}

/**
 * Says, as info, that translated offsets trail groups that are at or near the end of their
 * partitions, by up to `offset.lag.max` records. MirrorSourceTask writes an offset sync right away
 * only every `offset.lag.max` records (`downstream - (lastSyncDownstream + 1) >= maxOffsetLag`,
 * OffsetSyncWriter.PartitionState.update @3.9 L169-184), and OffsetSyncStore translates a group past
 * a sync to just `sync.downstream + 1` (@3.9 L141-159). 3.7+ also writes the newest sync at each
 * task commit (KAFKA-15906), so with a slow producer the gap lasts, with an idle one it closes
 * within offset.flush.interval.ms. A consumer that fails over re-reads the gap.
 */
export const translationCoarse: Check = {
  id: 'translation-coarse',
  emits: ['translation-coarse'],
  needs: ['sourceGroups', 'offsetSyncs'],
  run(facts: Facts) {
    const v = targetView(facts);
    if (!v) return [];
    const window = BigInt(v.lagMax) + 1n;
    const found: Coarse[] = [];
    for (const g of v.groups) {
      for (const p of g.partitions) {
        const t = p.translation;
        if (p.pending || p.committed === null || p.sourceEnd === null || t?.kind !== 'translated' || p.position.kind !== 'known') continue;
        // Near the log end: the gap is the translation's, not the group's lag behind newer syncs.
        if (p.committed < p.sourceEnd - window) continue;
        const reRead = p.position.downstream - t.downstreamOffset;
        if (reRead <= 0n) continue;
        found.push({
          group: g.group,
          reRead,
          label: `${g.group} ${p.topic}-${p.partition}`,
          text: `at offset ${p.committed} of ${p.sourceEnd}; the newest sync below it is at ${t.sync.upstreamOffset}, so MM2 translates to ${t.downstreamOffset} while the group's position on ${facts.mirror.targetAlias} is ${p.position.downstream}: ${reRead} record${reRead === 1n ? '' : 's'} to re-read`,
        });
      }
    }
    if (found.length === 0) return [];
    const groups = [...new Set(found.map((f) => f.group))];
    const max = found.reduce((m, f) => (f.reRead > m ? f.reRead : m), 0n);
    const where = provenance(facts, 'offset.lag.max');
    const evidence: Finding['evidence'] = found.slice(0, 10).map((f) => ({ label: f.label, value: f.text }));
    if (found.length > 10) evidence.push({ label: 'more', value: `${found.length - 10} more partitions` });
    evidence.push(
      { label: 'offset.lag.max', value: `${v.lagMax} (${where.isDefault ? "Kafka's default" : where.words}; a setting of the source connector)` },
      { label: 'to change', value: `offset.lag.max = 0 makes MM2 write a sync for every replicated record, and translation exact; 10 is a middle ground` },
    );
    return [
      {
        code: 'translation-coarse',
        severity: 'info',
        title: `Translated offsets of ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} groups`} trail ${groups.length === 1 ? 'its' : 'their'} position by up to ${max} record${max === 1n ? '' : 's'} (offset.lag.max = ${v.lagMax})`,
        evidence,
        subject: { groups, setting: 'offset.lag.max', cluster: 'source' },
      },
    ];
  },
};
