import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { explainTopicReplication } from '../mm2/filters.ts';
import type { Translation } from '../mm2/translate.ts';
import { analyzeGroups } from './lib/groups.ts';
import { policyOf, topicFilterOf } from './lib/mirror.ts';
import { syncView } from './lib/translation.ts';
import { targetView } from './lib/target.ts';

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
