/**
 * What the troubleshooting steps of one diagnosis are filled in with: bootstraps, the client config
 * file hint, topic and connector names, the Connect URL, and the KafkaMirrorMaker2 to edit. Never a
 * secret. Data only; src/runbook/context.ts builds it from the facts and the config.
 */
import type { SettingsView } from '../mm2/settings.ts';

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
  /** The checkpoint connector's settings, flat (values and where each came from). */
  settings: SettingsView;
}

