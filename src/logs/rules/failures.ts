/**
 * Connect runtime lines about connectors and tasks that failed or cannot be (re)configured.
 * What a failure means depends on which MM2 connector it belongs to.
 */
import { connectorFromTaskId, connectorKind, flowsIn } from '../names.ts';
import type { Hit, Rule } from './rule.ts';
import { HEARTBEAT_REASON } from './scheduler.ts';

const KIND_REASON = {
  checkpoint: 'The checkpoint connector or task is down: nothing is checkpointed until it is restarted.',
  source: 'Replication stopped: no new records, so no new offset syncs to translate.',
};

/** Names the failure by the connector it hit. */
function failure(what: 'task' | 'connector', connector: string | undefined): Hit {
  const kind = connectorKind(connector);
  const flow = connector ? flowsIn(connector)[0] : undefined;
  const title = `${connector ?? 'A'} ${what} failed`;
  if (kind === 'heartbeat') return { code: 'heartbeat-connector-error', kind: 'red-herring', title, reason: HEARTBEAT_REASON, connector, flow };
  const code = kind ? `${kind}-${what}-failed` : `${what}-failed`;
  const reason = kind ? KIND_REASON[kind] : 'A Kafka Connect task or connector is FAILED; if it is an MM2 connector, its part of the pipeline stopped.';
  return { code, kind: 'cause', title, reason, connector, flow, generic: true };
}

/** WorkerTask / WorkerConnector / Worker ERROR lines and pasted `state: FAILED` statuses. */
const failed: Rule = {
  keys: ['Task threw an uncaught and unrecoverable exception', 'Failed to start', 'Error while starting connector', 'FAILED'],
  match(message) {
    if (message.includes('Task is being killed and will not recover')) return failure('task', connectorFromTaskId(message));
    const task = /^Failed to start task (.+?)-\d+$/.exec(message);
    if (task) return failure('task', task[1]);
    const conn = /^Failed to start connector '?(.+?)'?$/.exec(message);
    if (conn) return failure('connector', conn[1]);
    if (message.endsWith('Error while starting connector')) return failure('connector', connectorFromTaskId(message));
    if (/"state"\s*:\s*"FAILED"|\bstate:\s*FAILED\b/.test(message)) {
      const name = /"name"\s*:\s*"([^"]+)"/.exec(message)?.[1];
      return { ...failure('task', name), code: name && connectorKind(name) ? `${connectorKind(name)}-failed-state` : 'failed-state', title: `${name ?? 'Connector or task'} is FAILED` };
    }
    return undefined;
  },
};

const NOT_LOADED_REASON =
  'Kafka 3.9 throws this until the checkpoint connector has loaded the source consumer groups, then retries; if it never stops, the load keeps failing or timing out.';

/**
 * DistributedHerder ERROR `Failed to reconfigure connector's tasks ({}), retrying after backoff.`
 * and the RetriableException `Timeout while loading consumer groups.` from MirrorCheckpointConnector.
 * Whether it is noise (KAFKA-18021, a disabled flow) is decided after the whole log is read.
 */
const reconfigure: Rule = {
  keys: ["Failed to reconfigure connector's tasks", 'Timeout while loading consumer groups'],
  match(message, record) {
    const m = /^Failed to reconfigure connector's tasks \((.+)\), retrying after backoff\.$/.exec(message);
    const loading = message.includes('Timeout while loading consumer groups') || record.detail?.includes('Timeout while loading consumer groups');
    const connector = m?.[1];
    if (loading) {
      return { code: 'groups-not-loaded', kind: 'cause', title: `${connector ?? 'Checkpoint connector'}: consumer groups not loaded yet`, reason: NOT_LOADED_REASON, connector };
    }
    if (m) return { code: 'reconfigure-failed', kind: 'cause', title: `Cannot compute tasks for ${connector}`, connector, generic: true };
    return undefined;
  },
};

/** Connector and task failures, in match order. */
export const failureRules: readonly Rule[] = [reconfigure, failed];
