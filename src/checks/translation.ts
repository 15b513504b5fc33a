import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { explainTopicReplication } from '../mm2/filters.ts';
import type { Translation } from '../mm2/translate.ts';
import { analyzeGroups } from './lib/groups.ts';
import { policyOf, topicFilterOf } from './lib/mirror.ts';
import { syncView } from './lib/translation.ts';
import { targetView } from './lib/target.ts';
import { valueOf } from './lib/facts.ts';

interface Failure {
  group: string;
  topic: string;
  partition: number;
  committed: bigint;
  t: Translation;
}

function reason(facts: Facts, f: Failure): string {
  if (f.t.kind === 'ahead') {
    // OffsetSyncStore.translateDownstream returns -1; MirrorCheckpointTask drops it (C11).
    return `committed ${f.committed} is below the oldest usable sync (upstream ${f.t.sync.upstreamOffset}); the group gets a checkpoint only after consuming past it`;
  }
  const r = explainTopicReplication({ topicFilter: topicFilterOf(facts), policy: policyOf(facts), targetAlias: facts.mirror.targetAlias }, f.topic);
  if (r.replicated === false && r.reason !== 'filtered-out') {
    // MirrorSourceConnector.shouldReplicateTopic: internal and cycle topics are never replicated (C12).
    return `committed ${f.committed}; no offset sync ever: MirrorSourceConnector does not replicate ${f.topic} (${r.reason === 'cycle' ? 'it came from the target cluster' : 'internal topic name'})`;
  }
  return `committed ${f.committed}; no offset sync for this partition: none of its records was replicated since the offset-syncs topic was created`;
}

/**
 * Why a partition's oldest sync can be far past records the source still holds (issue 10, "transient
 * versus broken": on a loaded machine the bench's groups at offsets 10–59 were untranslatable while
 * on a quiet one they were not). MM2 queues a sync for the first record it replicates, but
 * OffsetSyncWriter keeps at most 10 syncs in flight and only the newest waiting one per partition
 * (`pendingOffsetSyncs.put(topicPartition, offsetSync)`, MAX_OUTSTANDING_OFFSET_SYNCS = 10, Kafka
 * 3.9): replicating a backlog faster than the syncs are acknowledged replaces the first ones before
 * they are sent. Said only when the source still holds records below that sync and the sync's
 * downstream offset shows MM2 replicated them.
 */
function lateFirstSync(facts: Facts, failures: Failure[]): string | null {
  const starts = valueOf(facts.sourceEndOffsets);
  if (!starts) return null;
  const ahead = failures.find((f) => {
    if (f.t.kind !== 'ahead') return false;
    const p = starts.find((e) => e.topic === f.topic && e.partition === f.partition);
    // Downstream offset above 0: MM2 wrote records to the remote partition before this sync, so it
    // replicated the earlier records and wrote no sync for them (not a mirror that started later).
    return !!p && p.start < f.t.sync.upstreamOffset && f.t.sync.downstreamOffset > 0n;
  });
  if (!ahead || ahead.t.kind !== 'ahead') return null;
  const head = `the oldest sync of ${ahead.topic}-${ahead.partition} maps upstream ${ahead.t.sync.upstreamOffset} to downstream ${ahead.t.sync.downstreamOffset}: MM2 replicated the records before it, and no sync for them is in the topic.`;
  const neverSent = `MM2 sends a sync for the first record it replicates, but keeps at most 10 in flight and only the newest waiting one per partition (OffsetSyncWriter), so replicating a backlog while the syncs are slow to be acknowledged replaces the first ones before they are sent`;
  const tail = 'This does not clear by waiting: offsets below the oldest sync stay untranslatable until the group consumes past it';
  // Offsets 0..n-1 all present: nothing was compacted or deleted away, so those syncs were never written.
  const syncs = valueOf(facts.offsetSyncs)?.records ?? [];
  const whole = syncs.length > 0 && syncs.every((r, i) => r.offset === BigInt(i));
  if (whole) return `${head} The offset-syncs topic is whole (offsets 0 to ${syncs.length - 1}), so they were never written: ${neverSent}. ${tail}`;
  return `${head} Either they were never written (${neverSent}) or the compacted offset-syncs topic has dropped them (the log cleaner keeps the newest sync per partition). ${tail}`;
}


/**
 * Detects committed offsets of qualifying groups that the checkpoint task cannot translate: no
 * sync for the partition, or every sync is newer than the committed offset (C11, C12). Those
 * partitions get no checkpoint however long one waits, unless the group consumes past a sync.
 */
export const translation: Check = {
  id: 'translation',
  emits: ['translation-impossible'],
  needs: ['sourceGroups', 'offsetSyncs'],
  run(facts: Facts) {
    const a = analyzeGroups(facts);
    const sv = syncView(facts);
    // An empty offset-syncs topic is the offset-syncs check's finding.
    if (!a || !sv || a.candidates.length === 0) return [];
    // A partition MM2 is still catching up on is pending, not untranslatable: replication-catching-up
    // says so (issue 10: on a loaded machine the offset syncs were read before MM2 had written them).
    const untranslated: Failure[] = [];
    let translatable = 0;
    for (const v of a.candidates) {
      for (const o of v.mirroredCommits) {
        const t = sv.index.translate(o.topic, o.partition, o.offset);
        if (t.kind === 'translated') translatable++;
        else untranslated.push({ group: v.group.groupId, topic: o.topic, partition: o.partition, committed: o.offset, t });
      }
    }
    if (untranslated.length === 0) return [];
    const tv = targetView(facts);
    const pending = new Set(tv?.groups.flatMap((g) => g.partitions.filter((p) => p.pending).map((p) => `${g.group}\u0000${p.topic}\u0000${p.partition}`)) ?? []);
    const failures = untranslated.filter((f) => !pending.has(`${f.group}\u0000${f.topic}\u0000${f.partition}`));
    if (failures.length === 0) return [];
    const groups = [...new Set(failures.map((f) => f.group))];
    const topics = [...new Set(failures.map((f) => f.topic))].sort();
    const evidence: Finding['evidence'] = failures.slice(0, 10).map((f) => ({ label: `${f.group} ${f.topic}-${f.partition}`, value: reason(facts, f) }));
    if (failures.length > 10) evidence.push({ label: 'more', value: `${failures.length - 10} more partitions` });
    evidence.push({ label: 'translatable partitions', value: translatable });
    if (sv.truncated) evidence.push({ label: 'caveat', value: `only the first ${sv.records} offset syncs were read; newer ones may exist` });
    const late = lateFirstSync(facts, failures);
    if (late) evidence.push({ label: 'why no earlier sync', value: late });
    const none = translatable === 0 && pending.size === 0;
    return [
      {
        code: 'translation-impossible',
        severity: none && !sv.truncated ? 'critical' : 'warning',
        title: none
          ? `No committed offset of a qualifying group can be translated to ${facts.mirror.targetAlias}`
          : `${failures.length} committed partition offset${failures.length === 1 ? '' : 's'} of ${groups.length} group${groups.length === 1 ? '' : 's'} cannot be translated`,
        evidence,
        subject: { groups, topics, cluster: 'source' },
      },
    ];
  },
};
