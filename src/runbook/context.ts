/**
 * What the troubleshooting steps are filled in with: bootstraps, the client config file hint,
 * topic and connector names, the Connect URL, and the KafkaMirrorMaker2 to edit. Never a secret.
 */
import type { Facts } from '../model/facts.ts';
import { settingsView } from '../mm2/settings.ts';
import type { ClusterAccess, RunbookContext, StrimziTarget } from '../model/runbook-context.ts';

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

/** Builds the runbook context for one diagnosed mirror. */
export function buildRunbookContext(facts: Facts, input: RunbookContextInput): RunbookContext {
  const { sourceAlias, targetAlias } = facts.mirror;
  const connect = facts.connect?.ok ? facts.connect.value : undefined;
  // Settings resolved through a KafkaMirrorMaker2 mean Strimzi manages the mirror, even when Connect answered.
  const strimziManaged = facts.settings.strimzi !== undefined;
  const strimzi: StrimziTarget | null = input.strimzi
    ? { name: input.strimzi.name, namespace: input.strimzi.namespace ?? null, mirrorIndex: facts.settings.strimzi?.mirrorIndex ?? 0, cli: input.strimzi.cli ?? 'kubectl' }
    : null;
  const deployment = strimzi ? 'strimzi' : input.dedicated ? 'dedicated' : strimziManaged ? 'strimzi' : 'connect';
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
    settings: settingsView(facts.settings, facts.mirror),
  };
}
