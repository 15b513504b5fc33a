/**
 * Which source consumer groups the checkpoint connector would checkpoint, and why the others are
 * left out. Mirrors `MirrorCheckpointConnector.findConsumerGroups` @3.9 (L220-247): a group is a
 * candidate when it passes the group filter AND has a committed offset on a topic that passes the
 * topic filter (mm2-checkpoints.md C3, C4).
 */
import type { Facts, GroupFacts, GroupOffset } from '../../model/facts.ts';
import { explainGroup, explainTopic, type FilterDecision, type NameFilter } from '../../mm2/filters.ts';
import { groupFilterOf, topicFilterOf } from './mirror.ts';
import { oncePerFacts } from './facts.ts';

/** One group seen through the checkpoint connector's eyes. */
export interface GroupView {
  group: GroupFacts;
  /** The group filter's decision for the group id. */
  decision: FilterDecision;
  /** False when OffsetFetch failed for this group: it cannot be judged. */
  offsetsKnown: boolean;
  /** Committed offsets on topics the topic filter accepts. */
  mirroredCommits: GroupOffset[];
  /** Topics the group commits on that the topic filter rejects. */
  unmirroredTopics: string[];
  /** Mirrored topics assigned to a member with no committed offset on them. */
  assignedWithoutCommit: string[];
}

/** All groups, split the way the connector splits them. */
export interface GroupAnalysis {
  groupFilter: NameFilter;
  topicFilter: NameFilter;
  views: GroupView[];
  /** Pass the group filter and commit on a mirrored topic: these get checkpoints. */
  candidates: GroupView[];
  /** Offsets unreadable or a filter pattern we cannot evaluate: neither in nor out. */
  undecided: GroupView[];
}

// KafkaAdminClient.listConsumerGroups keeps only protocolType "consumer" or "" (L3593-3611 @3.9).
const isConsumerGroup = (g: GroupFacts) => g.protocolType === 'consumer' || g.protocolType === '';

/** Splits the source groups; `null` when the groups could not be listed. */
// Five checks read the same analysis of one facts object: made once (10,000 groups, issue 13).
export const analyzeGroups: (facts: Facts) => GroupAnalysis | null = oncePerFacts(analyze);

function analyze(facts: Facts): GroupAnalysis | null {
  if (!facts.sourceGroups.ok) return null;
  const gf = groupFilterOf(facts);
  const tf = topicFilterOf(facts);
  const topicCache = new Map<string, FilterDecision>();
  const topicDecision = (t: string) => {
    let d = topicCache.get(t);
    if (!d) topicCache.set(t, (d = explainTopic(tf, t)));
    return d;
  };
  const mirrored = (t: string) => topicDecision(t).selected === true;

  const views: GroupView[] = [];
  for (const group of facts.sourceGroups.value.filter(isConsumerGroup)) {
    const decision = explainGroup(gf, group.groupId);
    // '-1' (no commit) is dropped by the gatherer; be safe with data from elsewhere.
    const commits = group.offsets.ok ? group.offsets.value.filter((o) => o.offset >= 0n) : [];
    const committedTopics = new Set(commits.map((o) => o.topic));
    const assigned = new Set(group.members.flatMap((m) => m.assignment.map((a) => a.topic)));
    views.push({
      group,
      decision,
      offsetsKnown: group.offsets.ok,
      mirroredCommits: commits.filter((o) => mirrored(o.topic)),
      unmirroredTopics: [...committedTopics].filter((t) => !mirrored(t)).sort(),
      assignedWithoutCommit: [...assigned].filter((t) => mirrored(t) && !committedTopics.has(t)).sort(),
    });
  }
  views.sort((a, b) => (a.group.groupId < b.group.groupId ? -1 : a.group.groupId > b.group.groupId ? 1 : 0));
  return {
    groupFilter: gf,
    topicFilter: tf,
    views,
    candidates: views.filter((v) => v.decision.selected === true && v.mirroredCommits.length > 0),
    undecided: views.filter((v) => !v.offsetsKnown || v.decision.selected === null),
  };
}

/** Patterns of a filter in words: `groups = app-.*` / `groups.exclude = console-consumer-.*, connect-.*, __.* (Kafka default)`. */
export function describeFilter(f: NameFilter): string[] {
  const show = (l: NameFilter['include']) => `${l.setting} = ${l.raw}${l.isDefault ? ' (Kafka default)' : ''}`;
  return [show(f.include), show(f.exclude)];
}
