/**
 * MM2 mirrors in the lab, described the way operators describe them: a Strimzi
 * `KafkaMirrorMaker2` resource (v1beta2, as in Strimzi 0.45). The lab turns the resource into the
 * three connector configs the Strimzi operator would PUT to Kafka Connect, and PUTs them.
 */
import type { ConnectRest, ConnectorStatus } from './connect-worker.ts';

export type ConnectorKind = 'source' | 'checkpoint' | 'heartbeat';
export const CONNECTOR_CLASS: Record<ConnectorKind, string> = {
  source: 'MirrorSourceConnector',
  checkpoint: 'MirrorCheckpointConnector',
  heartbeat: 'MirrorHeartbeatConnector',
};

export type ConfigValue = string | number | boolean;

export interface ConnectorSpec {
  tasksMax?: number;
  config?: Record<string, ConfigValue>;
  state?: 'running' | 'paused' | 'stopped';
}

export interface MirrorSpecInput {
  sourceCluster: string;
  targetCluster: string;
  sourceConnector?: ConnectorSpec | null;
  checkpointConnector?: ConnectorSpec | null;
  heartbeatConnector?: ConnectorSpec | null;
  topicsPattern?: string;
  topicsExcludePattern?: string;
  groupsPattern?: string;
  groupsExcludePattern?: string;
}

export interface KafkaMirrorMaker2 {
  apiVersion: 'kafka.strimzi.io/v1beta2';
  kind: 'KafkaMirrorMaker2';
  metadata: { name: string; namespace?: string };
  spec: {
    version: string;
    replicas: number;
    connectCluster: string;
    clusters: { alias: string; bootstrapServers: string; config?: Record<string, ConfigValue> }[];
    mirrors: MirrorSpecInput[];
  };
}

/** Connector name as Strimzi 0.45 builds it: `<source>-><target>.MirrorCheckpointConnector`. */
export function connectorName(source: string, target: string, kind: ConnectorKind): string {
  return `${source}->${target}.${CONNECTOR_CLASS[kind]}`;
}

/**
 * The test-speed settings the lab adds to each connector's `config`, the way a user would in the
 * resource. Defaults are minutes (refresh 600 s, checkpoints every 60 s); these are seconds.
 */
export const FAST_SETTINGS: Record<ConnectorKind, Record<string, ConfigValue>> = {
  source: {
    'replication.factor': 1,
    'offset-syncs.topic.replication.factor': 1,
    'refresh.topics.interval.seconds': 1,
    'sync.topic.configs.interval.seconds': 2,
    'sync.topic.acls.enabled': false,
  },
  checkpoint: {
    'checkpoints.topic.replication.factor': 1,
    'emit.checkpoints.interval.seconds': 1,
    'refresh.groups.interval.seconds': 1,
    'sync.group.offsets.enabled': false,
  },
  heartbeat: {
    'heartbeats.topic.replication.factor': 1,
    'emit.heartbeats.interval.seconds': 1,
  },
};

function str(v: ConfigValue): string {
  return typeof v === 'string' ? v : String(v);
}

/**
 * Connector configs for mirror `index` of `cr`, built as Strimzi 0.45's
 * `KafkaMirrorMaker2Connectors.prepareMirrorMaker2ConnectorConfig` does: the connector's `config`,
 * then target and source cluster connection keys (which win over the user's), then the mirror's
 * patterns (which overwrite `topics`/`groups` in `config`). A connector exists only if its spec does.
 */
export function strimziConnectorConfigs(cr: KafkaMirrorMaker2, index: number): Partial<Record<ConnectorKind, { name: string; config: Record<string, string>; state: string }>> {
  const m = cr.spec.mirrors[index];
  if (!m) throw new Error(`the resource has no spec.mirrors[${index}]`);
  const cluster = (alias: string) => {
    const c = cr.spec.clusters.find((x) => x.alias === alias);
    if (!c) throw new Error(`spec.mirrors[${index}] names cluster "${alias}", which spec.clusters does not define`);
    return c;
  };
  const out: Partial<Record<ConnectorKind, { name: string; config: Record<string, string>; state: string }>> = {};
  for (const kind of ['source', 'checkpoint', 'heartbeat'] as const) {
    const spec = m[`${kind}Connector`];
    if (!spec) continue;
    const config: Record<string, string> = Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, v]) => [k, str(v)]));
    for (const [prefix, alias] of [['target.cluster.', m.targetCluster], ['source.cluster.', m.sourceCluster]] as const) {
      const c = cluster(alias);
      config[`${prefix}alias`] = c.alias;
      config[`${prefix}bootstrap.servers`] = c.bootstrapServers;
      config[`${prefix}security.protocol`] = 'PLAINTEXT';
      for (const [k, v] of Object.entries(c.config ?? {})) config[`${prefix}${k}`] = str(v);
    }
    if (m.topicsPattern !== undefined) config.topics = m.topicsPattern;
    if (m.topicsExcludePattern !== undefined) config['topics.exclude'] = m.topicsExcludePattern;
    if (m.groupsPattern !== undefined) config.groups = m.groupsPattern;
    if (m.groupsExcludePattern !== undefined) config['groups.exclude'] = m.groupsExcludePattern;
    config['connector.class'] = `org.apache.kafka.connect.mirror.${CONNECTOR_CLASS[kind]}`;
    config['tasks.max'] = String(spec.tasksMax ?? 1);
    out[kind] = { name: connectorName(m.sourceCluster, m.targetCluster, kind), config, state: spec.state ?? 'running' };
  }
  return out;
}

/** A mirror running on the lab's Connect worker. */
export class LabMirror {
  constructor(
    readonly cr: KafkaMirrorMaker2,
    readonly index: number,
    private readonly connect: ConnectRest,
  ) {}

  get spec(): MirrorSpecInput {
    return this.cr.spec.mirrors[this.index]!;
  }

  get sourceAlias(): string {
    return this.spec.sourceCluster;
  }

  get targetAlias(): string {
    return this.spec.targetCluster;
  }

  name(kind: ConnectorKind): string {
    return connectorName(this.sourceAlias, this.targetAlias, kind);
  }

  /** PUTs every connector the resource defines (idempotent), pausing/stopping as its `state` says. */
  async apply(): Promise<void> {
    const configs = strimziConnectorConfigs(this.cr, this.index);
    for (const c of Object.values(configs)) {
      await this.connect.putConnector(c.name, c.config);
      if (c.state === 'paused') await this.connect.pause(c.name);
      if (c.state === 'stopped') await this.connect.request('PUT', `/connectors/${encodeURIComponent(c.name)}/stop`);
    }
  }

  /** Waits until each defined connector is RUNNING (and its tasks, when it has any). */
  async waitRunning(timeoutMs = 90_000): Promise<Record<string, ConnectorStatus>> {
    const out: Record<string, ConnectorStatus> = {};
    for (const [kind, c] of Object.entries(strimziConnectorConfigs(this.cr, this.index))) {
      // Source and checkpoint connectors legitimately have 0 tasks while no topic / no group
      // qualifies (their taskConfigs return an empty list); the heartbeat connector always has one.
      out[kind] = await this.connect.waitForStatus(
        c.name,
        (s) => s.connector.state === 'RUNNING' && s.tasks.every((t) => t.state === 'RUNNING') && (kind !== 'heartbeat' || s.tasks.length > 0),
        'RUNNING',
        timeoutMs,
      );
    }
    return out;
  }

  pause(kind: ConnectorKind): Promise<unknown> {
    return this.connect.pause(this.name(kind));
  }

  resume(kind: ConnectorKind): Promise<unknown> {
    return this.connect.resume(this.name(kind));
  }

  async delete(kind?: ConnectorKind): Promise<void> {
    for (const k of kind ? [kind] : (['source', 'checkpoint', 'heartbeat'] as const)) await this.connect.deleteConnector(this.name(k));
  }
}
