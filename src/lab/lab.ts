/**
 * The lab: real single-node KRaft clusters on loopback (`svl` the source and `confluent` the
 * target by default), one Kafka Connect worker attached to the target, and MM2 mirrors run on it
 * the way Strimzi runs them. Used by tests, the demo and the benchmarks.
 *
 * Many mirrors can share one pair of clusters: each gets its own aliases, and MM2's internal topic
 * names and remote topic names derive from the aliases, so scenarios do not see each other's
 * checkpoints or offset syncs.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureJars, type Jars } from './jars.ts';
import { KafkaCluster, type SaslOptions } from './kafka-cluster.ts';
import { labCertificates } from './certs.ts';
import { ConnectRest, ConnectWorker } from './connect-worker.ts';
import { stopStaleJvms } from './jvm.ts';
import { FAST_SETTINGS, LabMirror, type ConnectorSpec, type KafkaMirrorMaker2, type MirrorSpecInput } from './mirror.ts';
import { harnessKafka } from './clients.ts';
import { DEFAULT_KAFKA_VERSION, normalizeKafkaVersion } from './versions.ts';
import type { Kafka } from 'kafkajs';

export interface LabClusterSpec {
  alias: string;
  sasl?: SaslOptions;
  /** A TLS client listener with this `ssl.client.auth` (and ACLs), certificates from src/lab/certs.ts. */
  tls?: { clientAuth: 'required' | 'requested' | 'none' };
  autoCreateTopics?: boolean;
  groupInitialRebalanceDelayMs?: number;
}

export interface LabOptions {
  /** Folder for data, logs and configs; a fresh temp folder by default. */
  dir?: string;
  kafkaVersion?: string;
  /** Survive this process (for `npm run lab -- up`): no watchdog. */
  persistent?: boolean;
  clusters?: LabClusterSpec[];
  /** Alias of the cluster the Connect worker attaches to (the mirrors' target). */
  connectCluster?: string;
  /** Start a Connect worker (default true). */
  connect?: boolean;
  connectLogLevels?: Record<string, string>;
  log?: (line: string) => void;
}

export interface AddMirrorOptions {
  /** Physical clusters (lab aliases). Default: first cluster → connect cluster. */
  sourceCluster?: string;
  targetCluster?: string;
  /** MM2 aliases; default the physical aliases. Distinct aliases isolate concurrent scenarios. */
  sourceAlias?: string;
  targetAlias?: string;
  topicsPattern?: string;
  topicsExcludePattern?: string;
  groupsPattern?: string;
  groupsExcludePattern?: string;
  /** Connector specs; `null` leaves a connector out. Lab test-speed settings are merged under `config`. */
  sourceConnector?: ConnectorSpec | null;
  checkpointConnector?: ConnectorSpec | null;
  heartbeatConnector?: ConnectorSpec | null;
  /** Resource name; default `<source>-to-<target>`. */
  name?: string;
  /** Wait until the connectors are RUNNING (default true). */
  wait?: boolean;
  /** Bootstrap MM2 uses for the source (default: the source cluster's unauthenticated listener). */
  sourceBootstrap?: string;
  /** Let Connect reject a connector config (400) instead of failing; see `LabMirror.apply`. */
  allowRejected?: boolean;
  /**
   * Run the connectors on this Connect worker instead of the lab's (e.g. a second worker attached
   * to the other cluster, for the reverse flow of a two-way mirror: Connect writes a source
   * connector's records to its own worker's cluster, so that worker must sit on the target).
   */
  connect?: ConnectRest;
}

/** What a running lab looks like from outside: enough to attach to it from another process. */
export interface LabInfo {
  dir: string;
  version: string;
  clusters: Record<string, { bootstrap: string; internalBootstrap: string; sasl: boolean; tls?: boolean }>;
  connectCluster: string;
  connectUrl?: string;
  /** Connect worker log: real MM2 log lines. */
  connectLog?: string;
}

export class Lab {
  private constructor(
    readonly dir: string,
    readonly jars: Jars | undefined,
    /** Process handles; empty for a lab attached from another process. */
    readonly clusters: Map<string, KafkaCluster>,
    readonly worker: ConnectWorker | undefined,
    readonly connectCluster: string,
    private readonly ownsDir: boolean,
    private readonly attachedInfo?: LabInfo,
  ) {}

  /** A handle on a lab another process runs (vitest's globalSetup): clients and mirrors, no process control. */
  static attach(info: LabInfo): Lab {
    return new Lab(info.dir, undefined, new Map(), undefined, info.connectCluster, false, info);
  }

  get info(): LabInfo {
    if (this.attachedInfo) return this.attachedInfo;
    return {
      dir: this.dir,
      version: this.version,
      clusters: Object.fromEntries(
        [...this.clusters].map(([a, c]) => [a, { bootstrap: c.bootstrap, internalBootstrap: c.internalBootstrap, sasl: !!c.opts.sasl, tls: !!c.opts.tls }]),
      ),
      connectCluster: this.connectCluster,
      connectUrl: this.worker?.url,
      connectLog: this.worker?.logFile,
    };
  }

  get connect(): ConnectRest | undefined {
    const url = this.attachedInfo ? this.attachedInfo.connectUrl : this.worker?.url;
    return url ? new ConnectRest(url) : undefined;
  }

  readonly mirrors: LabMirror[] = [];
  private readonly kafkas = new Map<string, Kafka>();

  static async start(opts: LabOptions = {}): Promise<Lab> {
    const log = opts.log ?? (() => {});
    const version = normalizeKafkaVersion(opts.kafkaVersion ?? process.env.MM2_DOCTOR_KAFKA ?? DEFAULT_KAFKA_VERSION);
    const jars = await ensureJars(version, log);
    const ownsDir = !opts.dir;
    const dir = path.resolve(opts.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-lab-'))));
    const stale = await stopStaleJvms(dir);
    if (stale.length) log(`stopped ${stale.length} stale lab JVM(s) from an earlier run: ${stale.map((s) => `${s.name}(${s.pid})`).join(', ')}`);
    if (!ownsDir) {
      // A fixed folder (`.lab/`) starts clean: no half-old cluster data.
      await fs.rm(path.join(dir, 'kafka'), { recursive: true, force: true });
      await fs.rm(path.join(dir, 'connect'), { recursive: true, force: true });
      await fs.rm(path.join(dir, 'logs'), { recursive: true, force: true });
    }
    await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
    const ownerPid = opts.persistent ? 0 : process.pid;
    const specs: LabClusterSpec[] = opts.clusters ?? [{ alias: 'svl' }, { alias: 'confluent' }];
    const certificates = specs.some((s) => s.tls) ? await labCertificates(dir) : undefined;
    const clusters = new Map(
      specs.map((s) => [
        s.alias,
        new KafkaCluster({
          alias: s.alias,
          jars,
          labDir: dir,
          ownerPid,
          sasl: s.sasl,
          ...(s.tls && certificates && { tls: { clientAuth: s.tls.clientAuth, certificates } }),
          autoCreateTopics: s.autoCreateTopics,
          groupInitialRebalanceDelayMs: s.groupInitialRebalanceDelayMs,
        }),
      ]),
    );
    const connectCluster = opts.connectCluster ?? specs[1]?.alias ?? specs[0]!.alias;
    let connect: ConnectWorker | undefined;
    try {
      log(`starting Kafka ${version}: ${[...clusters.keys()].join(', ')}`);
      await Promise.all([...clusters.values()].map((c) => c.start()));
      if (opts.connect !== false) {
        const target = clusters.get(connectCluster);
        if (!target) throw new Error(`connectCluster "${connectCluster}" is not one of the lab's clusters`);
        connect = new ConnectWorker({ jars, labDir: dir, ownerPid, targetBootstrap: target.internalBootstrap, logLevels: opts.connectLogLevels });
        log('starting Kafka Connect');
        await connect.start();
      }
    } catch (err) {
      await connect?.stop();
      await Promise.all([...clusters.values()].map((c) => c.stop()));
      throw err;
    }
    return new Lab(dir, jars, clusters, connect, connectCluster, ownsDir);
  }

  get version(): string {
    return this.attachedInfo?.version ?? this.jars!.version;
  }

  /** The process handle of a cluster this lab started (stop, kill, start again). */
  cluster(alias: string): KafkaCluster {
    const c = this.clusters.get(alias);
    if (!c) throw new Error(`this lab handle controls no cluster "${alias}" (it controls ${[...this.clusters.keys()].join(', ') || 'none'})`);
    return c;
  }

  private clusterInfo(alias: string) {
    const c = this.info.clusters[alias];
    if (!c) throw new Error(`the lab has no cluster "${alias}" (it has ${Object.keys(this.info.clusters).join(', ')})`);
    return c;
  }

  /** Bootstrap the code under test uses (the SASL listener on a SASL cluster). */
  bootstrap(alias: string): string {
    return this.clusterInfo(alias).bootstrap;
  }

  /** A harness client on the cluster's unauthenticated listener. */
  kafka(alias: string): Kafka {
    let k = this.kafkas.get(alias);
    if (!k) {
      k = harnessKafka(this.clusterInfo(alias).internalBootstrap);
      this.kafkas.set(alias, k);
    }
    return k;
  }

  get sourceCluster(): string {
    return Object.keys(this.info.clusters).find((a) => a !== this.connectCluster) ?? this.connectCluster;
  }

  /** Builds a `KafkaMirrorMaker2` resource for one mirror, applies its connectors, and waits for them. */
  async addMirror(o: AddMirrorOptions = {}): Promise<LabMirror> {
    const connect = o.connect ?? this.connect;
    if (!connect) throw new Error('this lab runs no Connect worker');
    const sourceCluster = o.sourceCluster ?? this.sourceCluster;
    const targetCluster = o.targetCluster ?? this.connectCluster;
    const sourceAlias = o.sourceAlias ?? sourceCluster;
    const targetAlias = o.targetAlias ?? targetCluster;
    const withFast = (kind: keyof typeof FAST_SETTINGS, spec: ConnectorSpec | null | undefined): ConnectorSpec | undefined =>
      spec === null ? undefined : { ...spec, config: { ...FAST_SETTINGS[kind], ...(spec?.config ?? {}) } };
    const mirror: MirrorSpecInput = {
      sourceCluster: sourceAlias,
      targetCluster: targetAlias,
      sourceConnector: withFast('source', o.sourceConnector),
      checkpointConnector: withFast('checkpoint', o.checkpointConnector),
      heartbeatConnector: withFast('heartbeat', o.heartbeatConnector),
      ...(o.topicsPattern !== undefined && { topicsPattern: o.topicsPattern }),
      ...(o.topicsExcludePattern !== undefined && { topicsExcludePattern: o.topicsExcludePattern }),
      ...(o.groupsPattern !== undefined && { groupsPattern: o.groupsPattern }),
      ...(o.groupsExcludePattern !== undefined && { groupsExcludePattern: o.groupsExcludePattern }),
    };
    const cr: KafkaMirrorMaker2 = {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaMirrorMaker2',
      metadata: { name: o.name ?? `${sourceAlias}-to-${targetAlias}`, namespace: 'kafka' },
      spec: {
        version: this.version,
        replicas: 1,
        connectCluster: targetAlias,
        clusters: [
          { alias: sourceAlias, bootstrapServers: o.sourceBootstrap ?? this.clusterInfo(sourceCluster).internalBootstrap },
          { alias: targetAlias, bootstrapServers: this.clusterInfo(targetCluster).internalBootstrap, config: { 'config.storage.replication.factor': 1, 'offset.storage.replication.factor': 1, 'status.storage.replication.factor': 1 } },
        ],
        mirrors: [mirror],
      },
    };
    const m = new LabMirror(cr, 0, connect, { source: sourceCluster, target: targetCluster });
    const rejected = await m.apply({ allowRejected: o.allowRejected });
    if (o.wait !== false) await m.waitRunning(90_000, rejected.map((r) => r.connector));
    this.mirrors.push(m);
    return m;
  }

  /** Lets this process exit while the lab keeps running (`npm run lab -- up`). */
  release(): void {
    this.worker?.release();
    for (const c of this.clusters.values()) c.release();
  }

  /** Stops Connect first (so it flushes), then the clusters; removes a temp folder it created. */
  async stop(opts: { keepDir?: boolean } = {}): Promise<void> {
    await this.worker?.stop();
    await Promise.all([...this.clusters.values()].map((c) => c.stop()));
    if (this.ownsDir && !opts.keepDir && !process.env.MM2_DOCTOR_KEEP_LAB) await fs.rm(this.dir, { recursive: true, force: true });
  }
}
