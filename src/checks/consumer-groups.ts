import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import type { FilterDecision } from '../mm2/filters.ts';
import { explainTopic } from '../mm2/filters.ts';
import { analyzeGroups, describeFilter, type GroupAnalysis, type GroupView } from './lib/groups.ts';
import { capList, plural } from './lib/facts.ts';
import { logCauseEvidence } from './lib/logs.ts';
import { provenance } from './lib/mirror.ts';

/** Log explainer codes that corroborate "no group qualifies" (MirrorCheckpointConnector's own count). */
const ZERO_GROUP_LOG_CODES = ['started-with-zero-groups', 'found-zero-groups', 'groups-without-mirrored-offsets'];

const STRIMZI_FIELD: Record<string, string> = {
  groups: 'groupsPattern',
  'groups.exclude': 'groupsExcludePattern',
  'groups.blacklist': 'groupsBlacklistPattern',
  topics: 'topicsPattern',
  'topics.exclude': 'topicsExcludePattern',
  'topics.blacklist': 'topicsBlacklistPattern',
};

/** The CR field for a filter setting: its provenance, or (Strimzi-managed, Kafka default) the mirror's pattern field. */
function strimziPathFor(facts: Facts, setting: string): string | undefined {
  const p = provenance(facts, setting).path;
  if (p) return p;
  // Strimzi-managed values keep their CR path even when read live from Connect.
  const mirror = facts.settings.strimzi ? `spec.mirrors[${facts.settings.strimzi.mirrorIndex}]` : undefined;
  const field = STRIMZI_FIELD[setting];
  return mirror && field ? `${mirror}.${field}` : undefined;
}

/** Why the group filter rejected a group, in words. */
function rejection(d: FilterDecision): { setting: string; pattern: string; words: string } {
  if (d.reason === 'excluded') {
    const dflt = d.isDefault ? " (MM2's default groups.exclude)" : '';
    return { setting: d.setting, pattern: d.matchedPattern, words: `excluded by ${d.setting} pattern ${d.matchedPattern}${dflt}` };
  }
  if (d.reason === 'not-included') {
    const also = d.alsoExcludedBy ? `, and excluded by ${d.alsoExcludedBy.setting} pattern ${d.alsoExcludedBy.matchedPattern}` : '';
    return { setting: d.setting, pattern: d.patterns.join(', '), words: `not matched by ${d.setting} = ${d.patterns.join(', ')}${also}` };
  }
  return { setting: d.setting, pattern: '', words: 'selected' };
}

function topicRejection(a: GroupAnalysis, topic: string): string {
  const d = explainTopic(a.topicFilter, topic);
  if (d.reason === 'excluded') return `${topic}: excluded by ${d.setting} pattern ${d.matchedPattern}${d.isDefault ? ' (Kafka default)' : ''}`;
  if (d.reason === 'not-included') return `${topic}: not matched by ${d.setting} = ${d.patterns.join(', ')}`;
  return topic;
}

/** Groups the include list misses AND the exclude list rejects need both settings changed. */
function alsoExcluded(facts: Facts, excluded: GroupView[]): Finding['evidence'] {
  const d = excluded.map((v) => v.decision).find((x) => x.reason === 'not-included' && x.alsoExcludedBy);
  if (!d || d.reason !== 'not-included' || !d.alsoExcludedBy) return [];
  const path = strimziPathFor(facts, d.alsoExcludedBy.setting);
  return [{ label: 'also change', value: `${path ?? d.alsoExcludedBy.setting}: drop ${d.alsoExcludedBy.matchedPattern}` }];
}

function ids(views: GroupView[]): string[] {
  return views.map((v) => v.group.groupId);
}

function excludedFinding(facts: Facts, excluded: GroupView[], rootCause: boolean): Finding {
  const first = rejection((excluded[0] as GroupView).decision);
  const strimziPath = strimziPathFor(facts, first.setting);
  const alias = facts.mirror.sourceAlias;
  return {
    code: 'groups-excluded-by-filter',
    severity: rootCause ? 'critical' : 'info',
    title: rootCause
      ? `Every group committing on a mirrored topic on ${alias} is rejected by the group filter`
      : `${plural(excluded.length, 'group')} committing on mirrored topics ${excluded.length === 1 ? 'is' : 'are'} rejected by the group filter`,
    evidence: [
      ...excluded.slice(0, 10).map((v) => ({ label: v.group.groupId, value: rejection(v.decision).words })),
      ...(strimziPath ? [{ label: 'change', value: strimziPath }] : []),
      ...alsoExcluded(facts, excluded),
    ],
    subject: { groups: ids(excluded), setting: first.setting, pattern: first.pattern, ...(strimziPath ? { strimziPath } : {}), cluster: 'source' },
  };
}

/**
 * Detects why no consumer group qualifies for checkpointing, in the lead's order: filtered out,
 * consuming without committing, committing only on unmirrored topics, or no group at all (the seed
 * case's root cause). With candidates present, excluded groups are reported as info.
 */
export const consumerGroups: Check = {
  id: 'consumer-groups',
  emits: ['no-consumer-groups', 'groups-without-offsets', 'groups-excluded-by-filter', 'groups-on-unmirrored-topics'],
  needs: ['sourceGroups'],
  run(facts: Facts) {
    const a = analyzeGroups(facts);
    if (!a) return [];
    const alias = facts.mirror.sourceAlias;
    // A filtered group committing only on unmirrored topics is irrelevant: the connector ignores it either way.
    const excluded = a.views.filter((v) => v.decision.selected === false && v.mirroredCommits.length > 0);
    const passing = a.views.filter((v) => v.decision.selected === true);
    const withoutOffsets = passing.filter((v) => v.offsetsKnown && v.mirroredCommits.length === 0 && v.assignedWithoutCommit.length > 0);

    if (a.candidates.length > 0) {
      const out: Finding[] = [];
      if (excluded.length > 0) out.push(excludedFinding(facts, excluded, false));
      if (withoutOffsets.length > 0) {
        out.push({
          code: 'groups-without-offsets',
          severity: 'info',
          title: `${plural(withoutOffsets.length, 'group')} on ${alias} consume${withoutOffsets.length === 1 ? 's' : ''} mirrored topics without committing offsets`,
          evidence: withoutOffsets.slice(0, 10).map((v) => ({ label: v.group.groupId, value: v.assignedWithoutCommit })),
          subject: { groups: ids(withoutOffsets), topics: [...new Set(withoutOffsets.flatMap((v) => v.assignedWithoutCommit))], cluster: 'source' },
        });
      }
      return out;
    }

    // A group we could not read (or a pattern we cannot evaluate) might be the candidate: do not guess.
    if (a.undecided.some((v) => v.decision.selected !== false)) return [];

    if (excluded.length > 0) return [excludedFinding(facts, excluded, true)];

    if (withoutOffsets.length > 0) {
      return [
        {
          code: 'groups-without-offsets',
          severity: 'critical',
          title: `Groups on ${alias} consume mirrored topics but never committed offsets on them`,
          evidence: [
            ...withoutOffsets.slice(0, 10).map((v) => ({ label: `${v.group.groupId} (${v.group.state})`, value: v.assignedWithoutCommit })),
            { label: 'why it matters', value: 'MM2 translates committed offsets only; offsets kept outside Kafka are invisible to it' },
          ],
          subject: { groups: ids(withoutOffsets), topics: [...new Set(withoutOffsets.flatMap((v) => v.assignedWithoutCommit))], cluster: 'source' },
        },
      ];
    }

    const unmirrored = passing.filter((v) => v.unmirroredTopics.length > 0);
    if (unmirrored.length > 0) {
      const topics = [...new Set(unmirrored.flatMap((v) => v.unmirroredTopics))].sort();
      return [
        {
          code: 'groups-on-unmirrored-topics',
          severity: 'critical',
          title: `Groups on ${alias} commit offsets only on topics the topic filter does not mirror`,
          evidence: [
            ...unmirrored.slice(0, 10).map((v) => ({ label: v.group.groupId, value: capList(v.unmirroredTopics) })),
            ...capList(topics).map((t) => ({ label: 'topic', value: topicRejection(a, t) })),
            ...describeFilter(a.topicFilter).map((f) => ({ label: 'topic filter', value: f })),
          ],
          subject: { groups: ids(unmirrored), topics, setting: a.topicFilter.include.setting, cluster: 'source' },
        },
      ];
    }

    const listed = a.views.length;
    return [
      {
        code: 'no-consumer-groups',
        severity: 'critical',
        title: `No consumer group on ${alias} has committed offsets on a mirrored topic`,
        evidence: [
          { label: 'consumer groups listed', value: listed },
          ...(listed > 0 ? [{ label: 'groups', value: capList(ids(a.views)) }] : []),
          ...describeFilter(a.groupFilter).map((f) => ({ label: 'group filter', value: f })),
          ...describeFilter(a.topicFilter).map((f) => ({ label: 'topic filter', value: f })),
          { label: 'note', value: "ListGroups returns only groups the caller may DESCRIBE; MM2's principal may see fewer" },
          ...logCauseEvidence(facts, ZERO_GROUP_LOG_CODES),
        ],
        subject: { cluster: 'source', ...(listed > 0 ? { groups: ids(a.views) } : {}) },
      },
    ];
  },
};
