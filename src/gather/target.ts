/**
 * The target side of a diagnosis (issue 10): the consumer groups MM2 checkpoints, read on the
 * target as they are read on the source (DescribeGroups and OffsetFetch through the read-only
 * adapter: no group joined, nothing committed), and the log ends of the mirrored partitions on
 * both clusters. Which groups to read and which topics to ask about is decided here from facts
 * already gathered; the reads themselves go through src/kafka only.
 */
import type { CheckpointRecord, DecodedTopic, GatherError, Gathered, GroupFacts, OtherFlow, PartitionEnds, TopicFacts } from '../model/facts.ts';
import type { ReadOnlyKafka } from '../kafka/read-only-kafka.ts';
import { explainGroup, explainTopic } from '../mm2/filters.ts';
import { checkpointTopicName } from '../mm2/policy.ts';
import { groupFilterOf, policyOf, topicFilterOf, type MirrorSettings } from '../mm2/settings.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { mapLimit } from '../util/map-limit.ts';
import { failedBecause, timed } from './timed.ts';

// KafkaAdminClient.listConsumerGroups keeps only protocolType "consumer" or "" (@3.9 L3593-3611).
const isConsumerGroup = (g: GroupFacts) => g.protocolType === 'consumer' || g.protocolType === '';

/**
 * Source groups the checkpoint connector would assign to its tasks: they pass the group filter and
 * commit on a topic the topic filter accepts (`MirrorCheckpointConnector.findConsumerGroups` @3.9
 * L220-247, KAFKA-14837). A filter pattern that cannot be evaluated counts as a match: reading one
 * group too many on the target is cheap, missing one is a wrong answer.
 */
export function checkpointCandidates(groups: readonly GroupFacts[], settings: MirrorSettings): { groupIds: string[]; topics: string[] } {
  const gf = groupFilterOf(settings.checkpoint, settings.kafkaVersion);
  const tf = topicFilterOf(settings.checkpoint, settings.kafkaVersion);
  const topicOk = new Map<string, boolean>();
  const mirrored = (t: string) => {
    let ok = topicOk.get(t);
    if (ok === undefined) topicOk.set(t, (ok = explainTopic(tf, t).selected !== false));
    return ok;
  };
  const groupIds: string[] = [];
  const topics = new Set<string>();
  for (const g of groups) {
    if (!isConsumerGroup(g) || !g.offsets.ok || explainGroup(gf, g.groupId).selected === false) continue;
    const on = g.offsets.value.filter((o) => o.offset >= 0n && mirrored(o.topic)).map((o) => o.topic);
    if (on.length === 0) continue;
    groupIds.push(g.groupId);
    for (const t of on) topics.add(t);
  }
  return { groupIds, topics: [...topics].sort() };
}

/** Groups named by checkpoint records (they may no longer exist on the source). */
export function checkpointGroups(cps: Gathered<DecodedTopic<CheckpointRecord>>): string[] {
  return cps.ok ? [...new Set(cps.value.records.map((r) => r.group))].sort() : [];
}

/** Reads `groupIds` on the target; an empty list reads nothing. */
export function readTargetGroups(k: ReadOnlyKafka, groupIds: readonly string[], classify: (err: unknown, op: string) => GatherError): Promise<Gathered<GroupFacts[]>> {
  if (groupIds.length === 0) return Promise.resolve({ ok: true, value: [], ms: 0 });
  return timed(() => k.groups({ groupIds, classify }), (e) => classify(e, 'describing the checkpointed consumer groups on the target'));
}

/** Both reads' groups, sorted by id (the second adds groups the first did not ask for). */
export function mergeGroups(a: Gathered<GroupFacts[]>, b: Gathered<GroupFacts[]>): Gathered<GroupFacts[]> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  const all = [...a.value, ...b.value].sort((x, y) => (x.groupId < y.groupId ? -1 : x.groupId > y.groupId ? 1 : 0));
  return { ok: true, value: all, ms: a.ms + b.ms };
}

/**
 * Start and end offsets of the partitions of `topics` that exist in `list` (one ListOffsets
 * exchange per topic, 8 topics at a time).
 */
export function readEnds(k: ReadOnlyKafka, topics: readonly string[], list: Gathered<TopicFacts[]>, classify: (err: unknown) => GatherError): Promise<Gathered<PartitionEnds[]>> {
  if (!list.ok) return Promise.resolve(failedBecause(list, 'reading mirrored topic offsets'));
  const existing = topics.filter((t) => list.value.some((x) => x.name === t));
  if (existing.length === 0) return Promise.resolve({ ok: true, value: [], ms: 0 });
  return timed(async () => {
    const per = await mapLimit(existing, 8, async (topic) => (await k.topicOffsets(topic)).map((p) => ({ topic, ...p })));
    return per.flat();
  }, classify);
}

/** The remote (target) topic names of mirrored source topics, as checkpoints name them. */
export function remoteTopics(topics: readonly string[], settings: MirrorSettings, aliases: { sourceAlias: string; targetAlias: string }): string[] {
  const policy = policyOf(settings.checkpoint, settings.kafkaVersion, aliases.sourceAlias);
  return [...new Set(topics.map((t) => checkpointTopicName(policy, aliases.sourceAlias, aliases.targetAlias, t)))].sort();
}

// Strimzi names the connectors `<source>-><target>.Mirror{Source,Checkpoint,Heartbeat}Connector`.
const FLOW_CONNECTOR = /^(.+)->(.+)\.Mirror(?:Source|Checkpoint|Heartbeat)Connector$/;

/**
 * Other flows over the same clusters: the other mirrors of the mm2-doctor config, the flows of the
 * connectors Connect runs, and the other `spec.mirrors[]` of the KafkaMirrorMaker2. Each flow once,
 * by its first source.
 */
export function otherFlowsOf(input: {
  self: { sourceAlias: string; targetAlias: string };
  configMirrors?: readonly { source: string; target: string }[];
  connectors?: readonly string[];
  resource?: { resource: KafkaMirrorMaker2Resource; mirrorIndex: number };
}): OtherFlow[] {
  const out = new Map<string, OtherFlow>();
  const add = (sourceAlias: string | undefined, targetAlias: string | undefined, from: OtherFlow['from']) => {
    if (!sourceAlias || !targetAlias) return;
    if (sourceAlias === input.self.sourceAlias && targetAlias === input.self.targetAlias) return;
    const key = `${sourceAlias}\u0000${targetAlias}`;
    if (!out.has(key)) out.set(key, { sourceAlias, targetAlias, from });
  };
  for (const m of input.configMirrors ?? []) add(m.source, m.target, 'config');
  for (const name of input.connectors ?? []) {
    const m = FLOW_CONNECTOR.exec(name);
    if (m) add(m[1], m[2], 'connect');
  }
  const cr = input.resource?.resource;
  (cr?.spec.mirrors ?? []).forEach((m, i) => {
    if (i !== input.resource?.mirrorIndex) add(m.sourceCluster ?? m.source?.alias, m.targetCluster ?? cr?.spec.target?.alias ?? cr?.spec.connectCluster, 'strimzi');
  });
  return [...out.values()];
}
