/**
 * Lines that look alarming but do not stop checkpoints, each with the reason, plus the
 * authorization lines whose meaning depends on which admin call failed.
 */
import { internalTopicKind } from '../names.ts';
import type { Hit, Rule } from './rule.ts';
import { HEARTBEAT_REASON, TOPIC_ACL_REASON, TOPIC_CONFIG_REASON } from './scheduler.ts';

/** MirrorSourceConnector WARN/ERROR when syncing topic configs or ACLs to the target. */
const topicSync: Rule = {
  keys: ['Could not alter configuration of topic', 'Failed to sync configs for topic', 'not compatible with IncrementalAlterConfigs', 'Could not sync ACL of topic'],
  match(message) {
    const acl = /^Could not sync ACL of topic (.+?)\.$/.exec(message);
    if (acl) return { code: 'topic-acl-sync-failed', kind: 'red-herring', title: 'Topic ACL sync failed', reason: TOPIC_ACL_REASON };
    const cfg = /^(?:Could not alter configuration of topic|Failed to sync configs for topic) (\S+?)\.?(?: |$)/.exec(message);
    if (cfg || message.includes('not compatible with IncrementalAlterConfigs')) {
      return { code: 'topic-config-sync-failed', kind: 'red-herring', title: 'Topic-config sync failed', reason: TOPIC_CONFIG_REASON };
    }
    return undefined;
  },
};

/** MirrorUtils ERROR (3.8+, KAFKA-15517) `{Exception} occurred while trying to {operation}`. */
const adminCall: Rule = {
  keys: ['occurred while trying to '],
  match(message) {
    const m = /^(\w+) occurred while trying to (.+)$/.exec(message);
    if (!m) return undefined;
    const exc = m[1] ?? '';
    const op = m[2] ?? '';
    const title = `${exc} while trying to ${op}`;
    if (/consumer group/.test(op)) {
      const group = /consumer groups? \[?([^\s\]]+)\]? on /.exec(op)?.[1];
      const denied = exc.includes('Authorization');
      return {
        code: denied ? 'group-not-authorized' : 'group-call-failed',
        kind: 'cause',
        title,
        reason: denied
          ? 'The MM2 principal lacks DESCRIBE (or READ) on the consumer group; the group is skipped, so it gets no checkpoints.'
          : 'A consumer-group admin call failed; affected groups are skipped.',
        groups: group ? [group] : undefined,
      };
    }
    if (/topic configs|describe configs for topics/.test(op)) return { code: 'topic-config-sync-failed', kind: 'red-herring', title, reason: TOPIC_CONFIG_REASON };
    if (/ACLs/.test(op)) return { code: 'topic-acl-sync-failed', kind: 'red-herring', title, reason: TOPIC_ACL_REASON };
    if (/^(?:create topics|create partitions|list topics|describe topics)/.test(op)) {
      return {
        code: 'replication-admin-failed',
        kind: 'cause',
        title,
        reason: 'MirrorSourceConnector cannot list or create topics there: unreplicated topics get no offset syncs, so their groups get no checkpoints.',
      };
    }
    return undefined;
  },
};

/** MirrorUtils DEBUG lines for internal topics that already exist or may not be created. */
const topicCreate: Rule = {
  keys: ['Unable to create topic', 'Not authorized to create topic'],
  match(message) {
    const exists = /^Unable to create topic '(.+)' since it already exists\.$/.exec(message);
    if (exists) {
      const topic = exists[1] ?? '';
      const checkpoints = internalTopicKind(topic) === 'checkpoints';
      return {
        code: 'topic-already-exists',
        kind: 'red-herring',
        title: `${topic} already exists (pre-created)`,
        reason: `A pre-created topic is used as is, so there is no "Created topic" line. MM2 never checks an existing topic's settings${checkpoints ? ': make sure it has 1 partition and cleanup.policy=compact' : ''}.`,
        topic,
      };
    }
    const denied = /^Not authorized to create topic(?:\(s\))? '(.+?)'/.exec(message);
    if (denied) {
      const topic = denied[1] ?? '';
      const kind = internalTopicKind(topic);
      // Harmless only when the topic exists; for the checkpoints and offset-syncs topics the log cannot tell.
      if (kind === 'checkpoints' || kind === 'offset-syncs') {
        return {
          code: 'internal-topic-create-denied',
          kind: 'cause',
          title: `MM2 may not create ${topic}`,
          reason: `MM2 (3.7.0+) then assumes the topic exists. If it was created by hand this is harmless; if not, ${kind === 'checkpoints' ? 'no checkpoint can be written' : 'no offset sync can be written, so nothing can be translated'}.`,
          action: `Check that ${topic} exists (1 partition, cleanup.policy=compact); create it by hand or grant MM2 CREATE on it.`,
          topic,
        };
      }
      return {
        code: 'topic-create-not-authorized',
        kind: 'red-herring',
        title: `Not authorized to create ${topic}`,
        reason: 'Not fatal: MM2 (3.7.0+) assumes the topic exists, and checkpoints do not depend on this topic.',
        topic,
      };
    }
    return undefined;
  },
};

/** Client lifecycle noise: AbstractCoordinator close timeout, bootstrap connections, metadata warnings. */
const clientNoise: Rule = {
  keys: ['Close timed out with', ' disconnected.', 'with correlation id'],
  match(message) {
    const close = /^Close timed out with (\d+) pending requests to coordinator/.exec(message);
    if (close) {
      return { code: 'close-timed-out', kind: 'red-herring', title: 'Close timed out with pending requests to coordinator', reason: 'A client closed while its group coordinator had requests in flight; normal at shutdown and rebalances.' };
    }
    // Whether this is the normal end of a bootstrap connection depends on whether the client
    // ever reached a broker; the explainer decides that once the whole log is read (resolve.ts).
    const boot = /^Node (-\d+) disconnected\.$/.exec(message);
    if (boot) return { code: 'bootstrap-node-disconnected', kind: 'network', title: `Node ${boot[1]} disconnected`, node: boot[1], disconnect: true };
    const meta = /^(?:Error while fetching metadata|The metadata response from the cluster reported a recoverable issue) with correlation id \d+ : \{(.*)\}$/.exec(message);
    if (meta) {
      const pairs = (meta[1] ?? '').split(', ').map((p) => p.split('='));
      // The heartbeats topic is not one checkpoints depend on.
      const internal = pairs.find(([t]) => t && (internalTopicKind(t) === 'checkpoints' || internalTopicKind(t) === 'offset-syncs'));
      if (!internal && pairs.length > 0 && pairs.every(([t]) => t && internalTopicKind(t) === 'heartbeats')) {
        return { code: 'heartbeats-topic-metadata-error', kind: 'red-herring', title: `${pairs[0]?.[1] ?? 'Error'} for ${pairs[0]?.[0]}`, reason: HEARTBEAT_REASON, topic: pairs[0]?.[0] };
      }
      if (internal) {
        return {
          code: 'internal-topic-metadata-error',
          kind: 'cause',
          title: `${internal[1] ?? 'Error'} for ${internal[0]}`,
          reason: 'A client cannot see an MM2 internal topic: it is missing under that name, or the principal lacks access.',
          topic: internal[0],
        };
      }
      if (pairs.every(([, e]) => e === 'LEADER_NOT_AVAILABLE')) {
        return { code: 'leader-not-available', kind: 'red-herring', title: 'LEADER_NOT_AVAILABLE in metadata', reason: 'Transient right after a topic is created or a broker restarts.' };
      }
    }
    return undefined;
  },
};

/** Red herrings and authorization lines, in match order. */
export const herringRules: readonly Rule[] = [topicSync, adminCall, topicCreate, clientNoise];

/** Fallback for WARN/ERROR lines from the heartbeat connector that no other rule knows. */
export function heartbeatNoise(connector: string): Hit {
  return {
    code: 'heartbeat-connector-error',
    kind: 'red-herring',
    title: `Warning or error from ${connector}`,
    reason: HEARTBEAT_REASON,
    connector,
  };
}
