/**
 * Gathers every fact about one mirror, in parallel, each under its own timeout, each failure kept
 * as a fact. This folder is the only place a diagnosis does I/O (secrets, CA files, Connect REST,
 * the Kubernetes API, Kafka), and it only reads: no offsets committed, no topic created, no
 * consumer group joined on the user's clusters.
 */
import type { ClusterConfig, MirrorConfig } from '../config/schema.ts';
import type { MirrorRef } from '../model/diagnosis.ts';
import type { ConnectFacts, DecodedTopic, Facts, GatherError, Gathered, GroupFacts, InternalTopicNames, LogFacts, TopicFacts } from '../model/facts.ts';
import type { LogExplanation } from '../model/log-explanation.ts';
import type { Progress, ProgressListener } from '../model/progress.ts';
import { classifyKafkaError } from '../kafka/connection.ts';
import type { ReadOnlyKafka, RawRecord } from '../kafka/read-only-kafka.ts';
import { decodeCheckpoint, decodeOffsetSync, type Decoded } from '../mm2/codec.ts';
import { internalTopics, lookAlikeTopics } from '../mm2/policy.ts';
import { effectiveSettings, flowNamingOf, type MirrorSettings } from '../mm2/settings.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { ConnectRestError, connectTargetOf, gatherConnect } from './connect.ts';
import { resolveConnection } from './connection.ts';
import { freshClients, type KafkaProvider } from './pool.ts';
import { gatherStrimziLive, type LogText } from './strimzi-live.ts';
import { failedBecause, timed } from './timed.ts';
import { countLines } from '../util/lines.ts';
import { checkpointCandidates, checkpointGroups, mergeGroups, otherFlowsOf, readEnds, readTargetGroups, remoteTopics } from './target.ts';

export interface GatherRequest {
  mirror: MirrorRef;
  /** The mirror's config entry and the entries of its two clusters (references, not secrets). */
  config: { mirror: MirrorConfig; source: ClusterConfig; target: ClusterConfig };
  /** Most records decoded per internal topic (newest are what matter; the read stops early). */
  maxRecords?: number;
  /** Pasted MM2 / Connect logs (`--logs`, a thread), explained together with the MM2 pods' own. */
  pastedLogs?: { text: string; origin: string };
  /** The log explainer (src/logs, pure): gathering collects the text, the doctor hands this in. */
  explainLogs?: (text: string) => LogExplanation;
  /**
   * Receives the MM2 pods' raw log texts: a doctor that shares one gathering among callers keeps
   * them to explain a caller's pasted logs together with the pods' own.
   */
  onPodLogs?: (texts: LogText[]) => void;
  now?: () => number;
  /** Where secret references and the Kubernetes API are looked up (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Where the Kafka clients come from (default: a fresh client per cluster, closed at the end). */
  kafka?: KafkaProvider;
  /** The other mirrors of the config (their internal topics are not look-alikes of this one's). */
  otherMirrors?: readonly { source: string; target: string }[];
  /** Told each stage as it starts (src/model/progress.ts); stages overlap, the latest is current. */
  onProgress?: ProgressListener;
}

function connectError(err: unknown, url: string): GatherError {
  if (err instanceof ConnectRestError) return { kind: err.kind, message: err.message, operation: 'Kafka Connect REST' };
  return { kind: 'error', message: `Kafka Connect at ${url}: ${(err as Error).message}`, operation: 'Kafka Connect REST' };
}

async function decodeTopic<T>(
  k: ReadOnlyKafka,
  topic: string,
  cluster: 'source' | 'target',
  decode: (key: Buffer | null, value: Buffer | null) => Decoded<T>,
  maxRecords: number,
): Promise<DecodedTopic<T>> {
  // MM2 writes and reads partition 0 only (OffsetSyncWriter, MirrorCheckpointTask, OffsetSyncStore).
  const read = await k.readPartition(topic, 0, { maxRecords });
  const out: DecodedTopic<T> = { topic, cluster, records: [], corrupt: [], truncated: read.truncated };
  for (const r of read.records as RawRecord[]) {
    const d = decode(r.key, r.value);
    // The decoded record is this read's own object: completed in place, not copied (40,000 checkpoints at 10,000 groups).
    if (d.ok) {
      const v = d.value as T & { offset: bigint; timestamp: number };
      v.offset = r.offset;
      v.timestamp = r.timestamp;
      out.records.push(v);
    } else out.corrupt.push({ partition: 0, offset: r.offset, reason: d.error.message, code: d.error.code });
  }
  return out;
}

/** The mirror's effective settings from the live connector configs, else the resource, else the config. */
function settingsOf(m: MirrorConfig, live: ConnectFacts | undefined, cr: { resource: KafkaMirrorMaker2Resource; mirrorIndex: number } | undefined): MirrorSettings {
  const roles = ['source', 'checkpoint', 'heartbeat'] as const;
  return effectiveSettings({
    // The running worker's version beats the config's (or its 3.9.0 default): it is what MM2 does.
    kafkaVersion: live?.version ?? m.kafkaVersion,
    aliases: { source: m.source, target: m.target, sourcePath: `${m.path}.source`, targetPath: `${m.path}.target` },
    ...(live && {
      connect: {
        configs: Object.fromEntries(roles.flatMap((r) => (live[r] ? [[r, live[r].config]] : []))),
        names: Object.fromEntries(roles.flatMap((r) => (live[r] ? [[r, live[r].name]] : []))),
      },
    }),
    ...(cr && { strimzi: cr }),
    overrides: { values: m.settings, path: `${m.path}.settings` },
  });
}

function withoutResource<T extends { resource: unknown }>(v: T): Omit<T, 'resource'> {
  const { resource: _resource, ...rest } = v;
  return rest;
}

/** Pasted log text as a {@link LogText}. */
export function pastedLogText(text: string, origin: string): LogText {
  return { origin, text, bytes: Buffer.byteLength(text), truncated: false };
}

/**
 * Pasted logs and the MM2 pods' logs, explained as one text (the explainer judges across the
 * whole log: a cause in one pod's log and its consequence in another's belong together).
 */
export function explainLogTexts(texts: LogText[], explain: ((text: string) => LogExplanation) | undefined): Pick<Facts, 'logs' | 'logSources'> {
  if (texts.length === 0 || !explain) return {};
  const sources: LogFacts[] = texts.map((t) => ({ origin: t.origin, lines: countLines(t.text), bytes: t.bytes, ...(t.truncated && { truncated: true }) }));
  return { logs: explain(texts.map((t) => (t.text.endsWith('\n') ? t.text : `${t.text}\n`)).join('')), logSources: sources };
}

/**
 * Gathers every fact about one mirror: resolves its secrets and CA files, reads the
 * KafkaMirrorMaker2 when it lives in Kubernetes, asks Connect REST, decides the effective settings
 * and reads both clusters. Never throws for cluster trouble: each failure is a fact.
 */
export async function gatherFacts(req: GatherRequest): Promise<Facts> {
  const now = req.now ?? Date.now;
  const maxRecords = req.maxRecords ?? 50_000;
  const { mirror: m, source: srcConfig, target: tgtConfig } = req.config;
  const io = req.env ? { env: req.env } : {};
  const report = (p: Progress) => {
    try {
      req.onProgress?.(p);
    } catch {
      // Progress is only news: a listener's failure never fails the diagnosis.
    }
  };
  if (m.strimzi?.kubernetes) report({ stage: 'kubernetes' });
  const [sourceConn, targetConn, connectTarget, live] = await Promise.all([
    resolveConnection(srcConfig, io),
    resolveConnection(tgtConfig, io),
    m.connect ? connectTargetOf({ ...m, connect: m.connect }, io) : Promise.resolve(undefined),
    gatherStrimziLive(m, req.env, m.connect?.timeoutMs ?? srcConfig.timeoutMs),
  ]);
  const strimzi = live?.resource;
  const podLogs = live?.logs ?? [];
  req.onPodLogs?.(podLogs);
  const provider = req.kafka ?? freshClients();
  const srcLease = provider.lease(sourceConn);
  const tgtLease = provider.lease(targetConn);
  const src = srcLease.kafka;
  const tgt = tgtLease.kafka;
  // A client that met a Kafka failure other than a denial (unreachable, timed out, failed login,
  // a protocol error) goes back broken: a pool rebuilds it for the next diagnosis.
  const broken = { source: true, target: true };
  const healthy = { source: true, target: true };
  const classifier = (role: 'source' | 'target', conn: typeof sourceConn) => (err: unknown, op: string) => {
    const e = classifyKafkaError(err, conn, op);
    if (e.kind !== 'not-authorized') healthy[role] = false;
    return e;
  };
  const classifySrc = classifier('source', sourceConn);
  const classifyTgt = classifier('target', targetConn);
  const onSrc = (op: string) => (err: unknown) => classifySrc(err, op);
  const onTgt = (op: string) => (err: unknown) => classifyTgt(err, op);
  report({ stage: 'clusters', source: m.source, target: m.target });
  if (connectTarget?.ok) report({ stage: 'connect' });
  try {
    // Pipelined: what needs no mirror settings (the topic lists, the source's groups) starts with
    // the cluster checks and Connect REST, whose answers the internal topics' names depend on.
    // When a cluster check fails, what depended on it reports that failure, as if it had waited.
    const early = {
      sourceTopics: timed(() => src.topics(), onSrc('Metadata')),
      targetTopics: timed(() => tgt.topics(), onTgt('Metadata')),
      sourceGroups: timed(
        () => src.groups({ classify: classifySrc, onListed: (groups) => report({ stage: 'groups', cluster: m.source, groups }) }),
        onSrc('describing consumer groups (ListGroups hides the groups a principal may not DESCRIBE)'),
      ),
    };
    const [source, target, connect] = await Promise.all([
      // A pooled client may serve several aliases of one cluster: the facts carry this mirror's.
      timed(async () => ({ ...(await src.describeCluster()), alias: sourceConn.alias }), onSrc('describeCluster')),
      timed(async () => ({ ...(await tgt.describeCluster()), alias: targetConn.alias }), onTgt('describeCluster')),
      !connectTarget
        ? Promise.resolve(undefined)
        : connectTarget.ok
          ? timed(() => gatherConnect(connectTarget.target), (e) => connectError(e, connectTarget.target.url))
          : Promise.resolve<Gathered<ConnectFacts>>({ ok: false, error: connectTarget.error, ms: 0 }),
    ]);
    const after = async <T>(dep: Gathered<unknown>, p: Promise<Gathered<T>>, what: string): Promise<Gathered<T>> => {
      const r = await p;
      return dep.ok ? r : failedBecause(dep, what);
    };
    const topicsP = {
      source: after(source, early.sourceTopics, 'listing topics on source'),
      target: after(target, early.targetTopics, 'listing topics on target'),
    };
    const groupsP = after(source, early.sourceGroups, 'listing consumer groups on source');

    const cr = strimzi?.ok ? strimzi.value : m.strimzi?.resource ? { resource: m.strimzi.resource, mirrorIndex: m.strimzi.mirrorIndex ?? 0 } : undefined;
    const settings = settingsOf(m, connect?.ok ? connect.value : undefined, cr);
    // Names as the checkpoint connector computes them: its own aliases (target.cluster.alias
    // defaults to "target" in MirrorConnectorConfig), so the alias trap shows up as a wrong name.
    const flow = flowNamingOf(settings.checkpoint, settings.kafkaVersion, { sourceAlias: m.source });
    const names = internalTopics(flow);
    const topicNames: InternalTopicNames = {
      checkpoints: names.checkpoints.name,
      offsetSyncs: { name: names.offsetSyncs.name, cluster: names.offsetSyncs.cluster },
      heartbeats: names.heartbeats.name,
    };
    const onCluster = (role: 'source' | 'target') => (role === 'source' ? { k: src, on: onSrc } : { k: tgt, on: onTgt });

    // The target side (issue 10): the candidate groups are read there while the internal topics
    // are read; groups only the checkpoints name are added once the checkpoints are decoded.
    const candidatesP = groupsP.then((g) => (g.ok ? checkpointCandidates(g.value, settings) : { groupIds: [], topics: [] }));
    const targetGroupsFirst = candidatesP.then((c) => {
      if (!target.ok) return failedBecause<GroupFacts[]>(target, 'describing consumer groups on target');
      if (c.groupIds.length > 0) report({ stage: 'target-groups', cluster: m.target, groups: c.groupIds.length });
      return readTargetGroups(tgt, c.groupIds, classifyTgt);
    });
    const endsP = candidatesP.then((c) =>
      Promise.all([
        topicsP.source.then((list) => readEnds(src, c.topics, list, onSrc('ListOffsets of mirrored topics'))),
        topicsP.target.then((list) => readEnds(tgt, remoteTopics(c.topics, settings, req.mirror), list, onTgt('ListOffsets of remote topics'))),
      ]),
    );

    /**
     * One internal topic: absent (null), or its partitions, configs and offsets; and its records,
     * read at the same time. A read whose describe failed reports that failure instead.
     */
    const internalTopic = async <T>(
      role: 'source' | 'target',
      name: string,
      decode: (k: Buffer | null, v: Buffer | null) => Decoded<T>,
    ): Promise<[Gathered<TopicFacts | null>, Gathered<DecodedTopic<T>>]> => {
      const list = await topicsP[role];
      if (!list.ok) {
        const lookup = failedBecause<TopicFacts | null>(list, `looking up ${name}`);
        return [lookup, failedBecause(lookup, 'reading')];
      }
      const listed = list.value.find((t) => t.name === name);
      const c = onCluster(role);
      if (!listed) {
        // Not listed: absent, or hidden from this principal (a DENY, a narrower ACL). Asked by
        // name, the broker tells the two apart; a hidden topic must not read as a missing one.
        const exists = await timed(() => c.k.topicExists(name), c.on(`describe ${name}`));
        if (!exists.ok) return [exists, failedBecause(exists, 'reading')];
        if (!exists.value) return [{ ok: true, value: null, ms: exists.ms }, { ok: true, value: { topic: '', cluster: role, records: [], corrupt: [], truncated: false }, ms: 0 }];
      }
      report({ stage: name === topicNames.checkpoints ? 'checkpoints' : 'offset-syncs', cluster: role === 'source' ? m.source : m.target });
      const [described, records] = await Promise.all([
        timed(async () => {
          const [configs, offsets] = await Promise.all([c.k.topicConfigs([name]), c.k.topicOffsets(name)]);
          return { name, partitions: listed?.partitions ?? offsets.length, configs: configs.get(name) ?? {}, offsets };
        }, c.on(`describe ${name}`)),
        timed(() => decodeTopic(c.k, name, role, decode, maxRecords), c.on(`reading ${name}`)),
      ]);
      return [described, described.ok ? records : failedBecause(described, 'reading')];
    };
    const [[checkpointsTopic, checkpoints], [offsetSyncsTopic, offsetSyncs], sourceTopics, targetTopics, sourceGroups] = await Promise.all([
      internalTopic('target', topicNames.checkpoints, decodeCheckpoint),
      internalTopic(topicNames.offsetSyncs.cluster, topicNames.offsetSyncs.name, decodeOffsetSync),
      topicsP.source,
      topicsP.target,
      groupsP,
    ]);
    const topicsOf = (role: 'source' | 'target') => (role === 'source' ? sourceTopics : targetTopics);

    const [first, candidates] = await Promise.all([targetGroupsFirst, candidatesP]);
    const asked = new Set(candidates.groupIds);
    const more = checkpointGroups(checkpoints).filter((g) => !asked.has(g));
    const targetGroups = first.ok && more.length > 0 ? mergeGroups(first, await readTargetGroups(tgt, more, classifyTgt)) : first;
    const [sourceEndOffsets, targetEndOffsets] = await endsP;

    const otherFlows = otherFlowsOf({
      self: req.mirror,
      ...(req.otherMirrors && { configMirrors: req.otherMirrors }),
      ...(connect?.ok && { connectors: connect.value.allConnectors }),
      ...(cr && { resource: cr }),
    });
    // Source and target on one Kafka cluster (same bootstrap): this flow's own internal topics are
    // on "both" clusters, so its real checkpoints topic is not a look-alike on the "wrong" one.
    const oneCluster = sameBootstrap(req.config.source.bootstrap, req.config.target.bootstrap);
    const ownNames = new Set([topicNames.checkpoints, topicNames.offsetSyncs.name]);
    const lookalikeTopics = lookAlikeTopics(flow, { otherFlows })
      .filter((l) => !(oneCluster && ownNames.has(l.name)))
      .filter((l) => {
        const list = topicsOf(l.cluster);
        return list.ok && list.value.some((t) => t.name === l.name);
      })
      .map((l) => ({ cluster: l.cluster, name: l.name }));

    broken.source = !healthy.source;
    broken.target = !healthy.target;
    return {
      mirror: req.mirror,
      now: now(),
      settings,
      topicNames,
      source,
      target,
      sourceTopics,
      targetTopics,
      sourceGroups,
      checkpointsTopic,
      offsetSyncsTopic,
      lookalikeTopics,
      offsetSyncs,
      checkpoints,
      ...(connect && { connect }),
      ...(strimzi && { strimziResource: strimzi.ok ? { ok: true as const, value: withoutResource(strimzi.value), ms: strimzi.ms } : strimzi }),
      ...(live?.pods && { mm2Pods: live.pods }),
      ...explainLogTexts([...(req.pastedLogs ? [pastedLogText(req.pastedLogs.text, req.pastedLogs.origin)] : []), ...podLogs], req.explainLogs),
      targetGroups,
      sourceEndOffsets,
      targetEndOffsets,
      otherFlows,
    };
  } finally {
    await Promise.all([srcLease.release(broken.source), tgtLease.release(broken.target)]);
  }
}

/** Whether two bootstrap lists name the same brokers (order and case of host names aside). */
function sameBootstrap(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]) => [...new Set(l.map((x) => x.trim().toLowerCase()))].sort().join(',');
  return norm(a) === norm(b);
}
