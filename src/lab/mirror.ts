/**
 * MM2 mirrors in the lab, described the way operators describe them: a Strimzi
 * `KafkaMirrorMaker2` resource (v1beta2, as in Strimzi 0.45). The lab turns the resource into the
 * three connector configs the Strimzi operator would PUT to Kafka Connect, and PUTs them.
 */
import type { ConnectRest, ConnectorStatus } from './connect-worker.ts';
import { strimziConnectorConfigs, strimziConnectorName, type ConnectorRole, type KafkaMirrorMaker2Resource, type StrimziConnector } from '../mm2/strimzi.ts';

export type ConnectorKind = ConnectorRole;

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

/** The connectors Strimzi would create for mirror `index` of `cr` (mm2-doctor's own Strimzi mapping). */
export function labConnectors(cr: KafkaMirrorMaker2, index: number): StrimziConnector[] {
  const mapping = strimziConnectorConfigs(cr as KafkaMirrorMaker2Resource, index);
  if ('error' in mapping) throw new Error(mapping.error);
  if (mapping.problems.length) throw new Error(`the lab's KafkaMirrorMaker2 is invalid: ${mapping.problems.join('; ')}`);
  return mapping.connectors;
}

/** A mirror running on the lab's Connect worker. */
export class LabMirror {
  constructor(
    readonly cr: KafkaMirrorMaker2,
    readonly index: number,
    private readonly connect: ConnectRest,
    /** The lab clusters (physical) behind the MM2 aliases. */
    readonly clusters: { source: string; target: string } = { source: cr.spec.mirrors[index]!.sourceCluster, target: cr.spec.mirrors[index]!.targetCluster },
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
    return strimziConnectorName(this.sourceAlias, this.targetAlias, kind);
  }

  /**
   * PUTs every connector the resource defines (idempotent), pausing/stopping as its `state` says.
   * Connect may reject a config (400, e.g. 3.9's checkpoint validation); with `allowRejected` the
   * rejection is returned, as the Strimzi operator would report it in the resource's status.
   */
  async apply(opts: { allowRejected?: boolean } = {}): Promise<{ connector: string; status: number; message: string }[]> {
    const rejected: { connector: string; status: number; message: string }[] = [];
    for (const c of labConnectors(this.cr, this.index)) {
      const r = await this.connect.request('PUT', `/connectors/${encodeURIComponent(c.name)}/config`, c.config);
      if (r.status >= 300) {
        const message = (r.json as { message?: string } | null)?.message ?? JSON.stringify(r.json);
        if (!opts.allowRejected) throw new Error(`Connect rejected ${c.name} (${r.status}): ${message}`);
        rejected.push({ connector: c.name, status: r.status, message });
        continue;
      }
      if (c.state === 'paused') await this.connect.pause(c.name);
      if (c.state === 'stopped') await this.connect.request('PUT', `/connectors/${encodeURIComponent(c.name)}/stop`);
    }
    return rejected;
  }

  /** Waits until each defined connector is RUNNING (and its tasks, when it has any). */
  async waitRunning(timeoutMs = 90_000, skip: string[] = []): Promise<Record<string, ConnectorStatus>> {
    const out: Record<string, ConnectorStatus> = {};
    for (const c of labConnectors(this.cr, this.index)) {
      const kind = c.role;
      if (skip.includes(c.name)) continue;
      // A connector the resource pauses or stops is not expected to run.
      if (c.state !== 'running') continue;
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

  /**
   * Deletes the connectors and waits until the worker has stopped them. A mirror re-created under
   * the same names before that can meet its old task still registered in the worker ("Task already
   * exists in this worker", confluentinc/kafka-connect-storage-cloud#354; its metrics still
   * registered, lensesio/stream-reactor#364); once in CI such a re-created source connector copied
   * nothing for 60 s.
   */
  async delete(kind?: ConnectorKind): Promise<void> {
    const names = (kind ? [kind] : (['source', 'checkpoint', 'heartbeat'] as const)).map((k) => this.name(k));
    for (const n of names) await this.connect.deleteConnector(n);
    for (const n of names) await this.connect.waitForDeletion(n);
  }
}
