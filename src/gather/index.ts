/**
 * Gathers every fact about one mirror, in parallel, each under its own timeout, each failure kept
 * as a fact. This folder is the only place a diagnosis does I/O (secrets, CA files, Connect REST,
 * the Kubernetes API, Kafka), and it only reads: no offsets committed, no topic created, no
 * consumer group joined on the user's clusters.
 */
import type { ClusterConfig, MirrorConfig } from '../config/schema.ts';
import type { MirrorRef } from '../model/diagnosis.ts';
import type { ConnectFacts, DecodedTopic, Facts, GatherError, Gathered, InternalTopicNames, TopicFacts } from '../model/facts.ts';
import type { LogExplanation } from '../model/log-explanation.ts';
import { classifyKafkaError } from '../kafka/connection.ts';
import type { ReadOnlyKafka, RawRecord } from '../kafka/read-only-kafka.ts';
import { decodeCheckpoint, decodeOffsetSync, type Decoded } from '../mm2/codec.ts';
import { internalTopics, lookAlikeTopics } from '../mm2/policy.ts';
import { effectiveSettings, flowNamingOf, type MirrorSettings } from '../mm2/settings.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { ConnectRestError, connectTargetOf, gatherConnect } from './connect.ts';
import { resolveConnection } from './connection.ts';
import { freshClients, type KafkaProvider } from './pool.ts';
import { KubeError, kubeAccess, readKafkaMirrorMaker2 } from './kubernetes.ts';
import { failedBecause, timed } from './timed.ts';

export interface GatherRequest {
  mirror: MirrorRef;
  /** The mirror's config entry and the entries of its two clusters (references, not secrets). */
  config: { mirror: MirrorConfig; source: ClusterConfig; target: ClusterConfig };
  /** Most records decoded per internal topic (newest are what matter; the read stops early). */
  maxRecords?: number;
  /** Pasted or collected MM2 / Connect logs, already explained. */
  logs?: LogExplanation;
  now?: () => number;
  /** Where secret references and the Kubernetes API are looked up (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Where the Kafka clients come from (default: a fresh client per cluster, closed at the end). */
  kafka?: KafkaProvider;
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
    if (d.ok) out.records.push({ ...d.value, offset: r.offset, timestamp: r.timestamp });
    else out.corrupt.push({ partition: 0, offset: r.offset, reason: d.error.message, code: d.error.code });
  }
  return out;
}

/** The `spec.mirrors[]` entry of a resource for this mirror: by aliases (v1beta2 or v1), else the only one. */
function mirrorIndexOf(cr: KafkaMirrorMaker2Resource, m: MirrorConfig): number {
  const mirrors = cr.spec.mirrors ?? [];
  const i = mirrors.findIndex((x) => (x.sourceCluster ?? x.source?.alias) === m.source && (x.targetCluster ?? cr.spec.target?.alias ?? cr.spec.connectCluster) === m.target);
  return i >= 0 ? i : 0;
}

/** A resource named by `strimzi.kubernetes` is read now, at diagnosis time: it is the live one. */
async function readStrimzi(m: MirrorConfig, env: NodeJS.ProcessEnv | undefined, timeoutMs: number): Promise<Gathered<{ resource: KafkaMirrorMaker2Resource; namespace: string; name: string; mirrorIndex: number }> | undefined> {
  const kube = m.strimzi?.kubernetes;
  if (!kube) return undefined;
  return timed(
    async () => {
      const resource = await readKafkaMirrorMaker2(await kubeAccess(env), kube.namespace, kube.name, timeoutMs);
      return { resource, namespace: kube.namespace, name: kube.name, mirrorIndex: mirrorIndexOf(resource, m) };
    },
    (err) => (err instanceof KubeError ? { kind: err.kind, message: err.message, operation: 'GET KafkaMirrorMaker2' } : { kind: 'error', message: (err as Error).message, operation: 'GET KafkaMirrorMaker2' }),
  );
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
  const [sourceConn, targetConn, connectTarget, strimzi] = await Promise.all([
    resolveConnection(srcConfig, io),
    resolveConnection(tgtConfig, io),
    m.connect ? connectTargetOf({ ...m, connect: m.connect }, io) : Promise.resolve(undefined),
    readStrimzi(m, req.env, m.connect?.timeoutMs ?? srcConfig.timeoutMs),
  ]);
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
  try {
    // Pipelined: what needs no mirror settings (the topic lists, the source's groups) starts with
    // the cluster checks and Connect REST, whose answers the internal topics' names depend on.
    // When a cluster check fails, what depended on it reports that failure, as if it had waited.
    const early = {
      sourceTopics: timed(() => src.topics(), onSrc('Metadata')),
      targetTopics: timed(() => tgt.topics(), onTgt('Metadata')),
      sourceGroups: timed(
        () => src.groups({ classify: classifySrc }),
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

    const lookalikeTopics = lookAlikeTopics(flow)
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
      ...(strimzi && { strimziResource: strimzi.ok ? { ok: true as const, value: { namespace: strimzi.value.namespace, name: strimzi.value.name, apiVersion: strimzi.value.resource.apiVersion ?? '', mirrorIndex: strimzi.value.mirrorIndex }, ms: strimzi.ms } : strimzi }),
      ...(req.logs && { logs: req.logs }),
    };
  } finally {
    await Promise.all([srcLease.release(broken.source), tgtLease.release(broken.target)]);
  }
}
