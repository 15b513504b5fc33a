/**
 * The registry: every check, in one explicit array. Array order breaks ties between findings of
 * the same causal rank and severity; ids are unique (a test holds them to it).
 */
import type { Check } from './check.ts';
import { authorization } from './authorization.ts';
import { checkpointConnectorExists } from './checkpoint-connector-exists.ts';
import { checkpointConnectorState } from './checkpoint-connector-state.ts';
import { checkpointConnectorTasks } from './checkpoint-connector-tasks.ts';
import { checkpointEmission } from './checkpoint-emission.ts';
import { checkpointsFlowing } from './checkpoints-flowing.ts';
import { checkpointsFormat } from './checkpoints-format.ts';
import { checkpointsProgress } from './checkpoints-progress.ts';
import { checkpointsTopicConfig } from './checkpoints-topic-config.ts';
import { checkpointsTopicExists } from './checkpoints-topic-exists.ts';
import { clusterReachability } from './cluster-reachability.ts';
import { connectReachability } from './connect-reachability.ts';
import { connectorConfigMismatch } from './connector-config-mismatch.ts';
import { consumerGroups } from './consumer-groups.ts';
import { groupsPendingRefresh } from './groups-pending-refresh.ts';
import { internalTopicNames } from './internal-topic-names.ts';
import { knownBugs } from './known-bugs.ts';
import { kubernetesAccess } from './kubernetes-access.ts';
import { logCauses } from './log-causes.ts';
import { logRedHerring } from './log-red-herring.ts';
import { networkInstability } from './network-instability.ts';
import { offsetSyncs } from './offset-syncs.ts';
import { offsetSyncsTopicConfig } from './offset-syncs-topic-config.ts';
import { replicationCatchingUp } from './replication-catching-up.ts';
import { strimziStatus } from './strimzi-status.ts';
import { targetGroupActive } from './target-group-active.ts';
import { targetOffsetsAhead } from './target-offsets-ahead.ts';
import { targetOffsetsStale } from './target-offsets-stale.ts';
import { targetSyncDisabled } from './target-sync-disabled.ts';
import { targetSyncNotAuthorized } from './target-sync-not-authorized.ts';
import { translation } from './translation.ts';
import { translationCoarse } from './translation-coarse.ts';

/**
 * Every check, in diagnostic order (mm2-checkpoints.md §8). `logCauses` comes first: a worker
 * death or a client-config failure its logs prove ranks with reachability (rank 0) and, being
 * about MM2 itself, is the root cause before mm2-doctor's own reachability.
 */
export const ALL_CHECKS: readonly Check[] = [
  logCauses,
  clusterReachability,
  connectReachability,
  authorization,
  kubernetesAccess,
  checkpointConnectorExists,
  checkpointConnectorState,
  checkpointConnectorTasks,
  strimziStatus,
  checkpointEmission,
  connectorConfigMismatch,
  knownBugs,
  consumerGroups,
  groupsPendingRefresh,
  offsetSyncs,
  offsetSyncsTopicConfig,
  internalTopicNames,
  translation,
  replicationCatchingUp,
  translationCoarse,
  checkpointsTopicExists,
  checkpointsTopicConfig,
  checkpointsFormat,
  checkpointsProgress,
  targetSyncDisabled,
  targetGroupActive,
  targetSyncNotAuthorized,
  targetOffsetsAhead,
  targetOffsetsStale,
  networkInstability,
  logRedHerring,
  checkpointsFlowing,
];

/** Throws when two checks share an id (call once at startup; the registry test does). */
export function assertUniqueIds(checks: readonly Check[]): void {
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) throw new Error(`duplicate check id ${c.id}`);
    seen.add(c.id);
  }
}
