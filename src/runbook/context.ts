/**
 * What the troubleshooting steps are filled in with: bootstraps, the client config file hint,
 * topic and connector names, the Connect URL, and the KafkaMirrorMaker2 to edit. Never a secret.
 */
import type { EffectiveSettings, Facts } from '../model/facts.ts';

/** How to point Kafka CLI tools at one cluster. */
export interface ClusterAccess {
  alias: string;
  bootstrap: string;
  /** File for `--command-config` when the cluster uses SASL/TLS (its name only, never its contents); `null` for plaintext. */
  commandConfig: string | null;
  /** Broker count when known (sizes a replication factor in a `--create` step). */
  brokers: number | null;
}

/** The Strimzi resource that owns the mirror, when it is Strimzi-managed. */
export interface StrimziTarget {
  name: string;
  namespace: string | null;
  /** Index of this mirror in `spec.mirrors`. */
  mirrorIndex: number;
  /** `oc` on OpenShift, else `kubectl`. */
  cli: 'kubectl' | 'oc';
}

/** Everything a step may mention, for one mirror. */
export interface RunbookContext {
  source: ClusterAccess;
  target: ClusterAccess;
  checkpointsTopic: string;
  offsetSyncsTopic: string;
  offsetSyncsCluster: 'source' | 'target';
  /** How the mirror runs: on a Connect cluster, under Strimzi (also Connect, but edits go through the CR), or dedicated. */
  deployment: 'connect' | 'strimzi' | 'dedicated';
  /** Connect REST base URL without credentials; `null` when none is known. */
  connectUrl: string | null;
  checkpointConnector: string;
  sourceConnector: string;
  strimzi: StrimziTarget | null;
  settings: EffectiveSettings;
}

/** Caller-side facts about a cluster, from the mm2-doctor config's cluster entry. */
export interface ClusterAccessInput {
  bootstrap: string;
  /** True when the cluster entry configures SASL or TLS. */
  secured: boolean;
  /** Client properties file to name in `--command-config`; default `<alias>-client.properties`. */
  commandConfig?: string;
}

/** Inputs the facts do not carry. */
export interface RunbookContextInput {
  source: ClusterAccessInput;
  target: ClusterAccessInput;
  connectUrl?: string;
  strimzi?: { name: string; namespace?: string; cli?: 'kubectl' | 'oc' };
  /** Dedicated mode (`connect-mirror-maker.sh`): connectors are named after their class. */
  dedicated?: boolean;
}

/** Drops `user:password@` from a URL; steps must never carry a secret. */
export function stripUrlAuth(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

function access(alias: string, input: ClusterAccessInput, g: Facts['source']): ClusterAccess {
  return {
    alias,
    bootstrap: g.ok ? g.value.bootstrap : input.bootstrap,
    commandConfig: input.secured ? (input.commandConfig ?? `${alias}-client.properties`) : null,
    brokers: g.ok ? g.value.brokers.length : null,
  };
}

/** The `spec.mirrors[N]` index named in the settings' provenance, else 0. */
function mirrorIndex(settings: EffectiveSettings): number {
  for (const o of Object.values(settings.origin)) {
    const m = o.path ? /spec\.mirrors\[(\d+)\]/.exec(o.path) : null;
    if (m) return Number(m[1]);
  }
  return 0;
}

/** Builds the runbook context for one diagnosed mirror. */
export function buildRunbookContext(facts: Facts, input: RunbookContextInput): RunbookContext {
  const { sourceAlias, targetAlias } = facts.mirror;
  const connect = facts.connect?.ok ? facts.connect.value : undefined;
  const strimziOrigin = Object.values(facts.settings.origin).some((o) => o.from === 'strimzi');
  const strimzi: StrimziTarget | null = input.strimzi
    ? { name: input.strimzi.name, namespace: input.strimzi.namespace ?? null, mirrorIndex: mirrorIndex(facts.settings), cli: input.strimzi.cli ?? 'kubectl' }
    : null;
  const deployment = strimzi ? 'strimzi' : input.dedicated ? 'dedicated' : strimziOrigin ? 'strimzi' : 'connect';
  // Strimzi names connectors `<source>-><target>.<Class>`; dedicated MM2 uses the class simple name.
  const prefix = deployment === 'strimzi' ? `${sourceAlias}->${targetAlias}.` : '';
  const rawUrl = connect?.url ?? input.connectUrl ?? null;
  return {
    source: access(sourceAlias, input.source, facts.source),
    target: access(targetAlias, input.target, facts.target),
    checkpointsTopic: facts.topicNames.checkpoints,
    offsetSyncsTopic: facts.topicNames.offsetSyncs.name,
    offsetSyncsCluster: facts.topicNames.offsetSyncs.cluster,
    deployment,
    connectUrl: rawUrl === null ? null : stripUrlAuth(rawUrl),
    checkpointConnector: connect?.checkpoint?.name ?? `${prefix}MirrorCheckpointConnector`,
    sourceConnector: connect?.source?.name ?? `${prefix}MirrorSourceConnector`,
    strimzi,
    settings: facts.settings,
  };
}
