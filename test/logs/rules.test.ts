import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';

/** One Strimzi-pattern line per case (the message is what matters; loggers as Kafka 3.9 writes them). */
const line = (level: string, message: string, logger = 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector') =>
  `2024-11-12 10:42:01,123 ${level} [svl->confluent.MirrorCheckpointConnector|worker] ${message} (${logger}) [thread-1]`;

const CASES: { name: string; text: string; code: string; kind: string }[] = [
  { name: 'started with N>0', text: line('INFO', 'Started svl->confluent.MirrorCheckpointConnector with 3 consumer groups.'), code: 'started-with-groups', kind: 'evidence' },
  { name: 'found 0 groups', text: line('INFO', 'Found 0 consumer groups for svl->confluent. 0 are new. 2 were removed. Previously had 2.'), code: 'found-zero-groups', kind: 'cause' },
  { name: 'found N groups', text: line('INFO', 'Found 2 consumer groups for svl->confluent. 2 are new. 0 were removed. Previously had 0.'), code: 'found-groups', kind: 'evidence' },
  {
    name: 'checkpoint send failed',
    text: `${line('ERROR', 'WorkerSourceTask{id=svl->confluent.MirrorCheckpointConnector-0} failed to send record to svl.checkpoints.internal: ', 'org.apache.kafka.connect.runtime.AbstractWorkerSourceTask')}\norg.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [svl.checkpoints.internal]`,
    code: 'checkpoint-send-failed',
    kind: 'cause',
  },
  { name: 'heartbeat send failed', text: line('ERROR', 'WorkerSourceTask{id=svl->confluent.MirrorHeartbeatConnector-0} failed to send record to heartbeats: '), code: 'heartbeat-send-failed', kind: 'red-herring' },
  { name: 'replication send failed', text: line('ERROR', 'WorkerSourceTask{id=svl->confluent.MirrorSourceConnector-0} failed to send record to svl.orders: '), code: 'record-send-failed', kind: 'cause' },
  { name: 'error polling', text: line('ERROR', 'Error polling: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [mm2-offset-syncs.confluent.internal]', 'org.apache.kafka.connect.util.KafkaBasedLog'), code: 'error-polling', kind: 'cause' },
  { name: 'initial groups timeout', text: line('ERROR', 'Scheduler for MirrorCheckpointConnector: svl->confluent|svl->confluent.MirrorCheckpointConnector timed out running task: loading initial consumer groups', 'org.apache.kafka.connect.mirror.Scheduler'), code: 'groups-load-timeout', kind: 'cause' },
  { name: 'checkpoints topic creation failed', text: `${line('ERROR', 'Scheduler for MirrorCheckpointConnector: svl->confluent|svl->confluent.MirrorCheckpointConnector caught exception in scheduled task: creating internal topics', 'org.apache.kafka.connect.mirror.Scheduler')}\norg.apache.kafka.connect.errors.ConnectException: Error while attempting to create/find topic 'svl.checkpoints.internal'\nCaused by: org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 3 larger than available brokers: 1.`, code: 'checkpoints-topic-create-failed', kind: 'cause' },
  { name: 'topic ACL sync (scheduler)', text: line('ERROR', 'Scheduler for MirrorSourceConnector: svl->confluent|svl->confluent.MirrorSourceConnector caught exception in scheduled task: syncing topic ACLs'), code: 'topic-acl-sync-failed', kind: 'red-herring' },
  { name: 'emit.checkpoints.enabled=false', text: 'MirrorCheckpointConnector can\'t run with emit.checkpoints.enabled set to false', code: 'emit-checkpoints-disabled', kind: 'cause' },
  { name: 'no offset syncs', text: 'MirrorCheckpointConnector can\'t run without offset syncs', code: 'offset-syncs-disabled', kind: 'cause' },
  { name: 'checkpoints topic not readable', text: line('WARN', 'Not authorized to access checkpoints topic svl.checkpoints.internal - this may degrade offset translation as only checkpoints for offsets which were mirrored after the task started will be emitted', 'org.apache.kafka.connect.mirror.CheckpointStore'), code: 'checkpoints-topic-not-authorized', kind: 'cause' },
  { name: 'group auth (3.8+)', text: line('ERROR', 'GroupAuthorizationException occurred while trying to list offsets for consumer group orders-app on svl cluster', 'org.apache.kafka.connect.mirror.MirrorUtils'), code: 'group-not-authorized', kind: 'cause' },
  { name: 'topic config describe denied (3.8+)', text: line('ERROR', 'TopicAuthorizationException occurred while trying to describe configs for topics [orders] on svl cluster', 'org.apache.kafka.connect.mirror.MirrorUtils'), code: 'topic-config-sync-failed', kind: 'red-herring' },
  { name: 'replication listing denied', text: line('ERROR', 'TopicAuthorizationException occurred while trying to list topics on svl cluster', 'org.apache.kafka.connect.mirror.MirrorUtils'), code: 'replication-admin-failed', kind: 'cause' },
  { name: 'pre-created topic', text: line('DEBUG', "Unable to create topic 'svl.checkpoints.internal' since it already exists.", 'org.apache.kafka.connect.mirror.MirrorUtils'), code: 'topic-already-exists', kind: 'red-herring' },
  // Harmless only if someone created the checkpoints topic, which the log cannot tell: not a red herring.
  { name: 'create checkpoints topic not authorized', text: line('DEBUG', "Not authorized to create topic(s) 'svl.checkpoints.internal' upon the brokers. Falling back to assume topic(s) exist or will be auto-created by the broker.", 'org.apache.kafka.connect.mirror.MirrorUtils'), code: 'internal-topic-create-denied', kind: 'cause' },
  {
    name: 'heartbeat send timed out: the target the checkpoint connector writes to may be unreachable',
    text: `${line('ERROR', 'WorkerSourceTask{id=svl->confluent.MirrorHeartbeatConnector-0} failed to send record to heartbeats: ')}\norg.apache.kafka.common.errors.TimeoutException: Topic heartbeats not present in metadata after 60000 ms.`,
    code: 'heartbeat-send-timeout',
    kind: 'network',
  },
  { name: 'metadata error for the heartbeats topic only', text: line('WARN', '[Producer clientId=p] Error while fetching metadata with correlation id 7 : {heartbeats=TOPIC_AUTHORIZATION_FAILED}', 'org.apache.kafka.clients.NetworkClient'), code: 'heartbeats-topic-metadata-error', kind: 'red-herring' },
  { name: 'metadata error for the checkpoints topic', text: line('WARN', '[Producer clientId=p] Error while fetching metadata with correlation id 7 : {svl.checkpoints.internal=TOPIC_AUTHORIZATION_FAILED}', 'org.apache.kafka.clients.NetworkClient'), code: 'internal-topic-metadata-error', kind: 'cause' },
  { name: 'create heartbeats topic not authorized', text: line('DEBUG', "Not authorized to create topic(s) 'heartbeats' upon the brokers. Falling back to assume topic(s) exist or will be auto-created by the broker.", 'org.apache.kafka.connect.mirror.MirrorUtils'), code: 'topic-create-not-authorized', kind: 'red-herring' },
  { name: 'sync offsets error', text: line('ERROR', 'Unable to sync offsets for consumer group orders-app.', 'org.apache.kafka.connect.mirror.MirrorCheckpointTask'), code: 'sync-offsets-failed', kind: 'cause' },
  { name: 'task failed', text: line('ERROR', 'WorkerSourceTask{id=svl->confluent.MirrorCheckpointConnector-0} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted', 'org.apache.kafka.connect.runtime.WorkerTask'), code: 'checkpoint-task-failed', kind: 'cause' },
  { name: 'heartbeat task failed', text: line('ERROR', 'WorkerSourceTask{id=svl->confluent.MirrorHeartbeatConnector-0} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted', 'org.apache.kafka.connect.runtime.WorkerTask'), code: 'heartbeat-connector-error', kind: 'red-herring' },
  { name: 'pasted REST status', text: '{"name":"svl->confluent.MirrorCheckpointConnector","connector":{"state":"FAILED","worker_id":"10.0.0.5:8083"},"tasks":[],"type":"source"}', code: 'checkpoint-failed-state', kind: 'cause' },
  { name: 'group offsets query', text: line('ERROR', 'Error querying offsets for consumer group orders-app on cluster svl.', 'org.apache.kafka.connect.mirror.MirrorCheckpointTask'), code: 'group-offsets-query-failed', kind: 'cause' },
  { name: 'JSON checkpoints', text: line('WARN', 'Ignored invalid checkpoint record at offset 12', 'org.apache.kafka.connect.mirror.CheckpointStore'), code: 'invalid-checkpoint-record', kind: 'cause' },
  { name: 'checkpoints topic missing at send', text: 'org.apache.kafka.common.errors.TimeoutException: Topic svl.checkpoints.internal not present in metadata after 60000 ms.', code: 'checkpoints-topic-missing', kind: 'cause' },
  { name: 'metadata error on offset-syncs', text: line('WARN', '[Consumer clientId=x, groupId=null] The metadata response from the cluster reported a recoverable issue with correlation id 7 : {mm2-offset-syncs.target.internal=UNKNOWN_TOPIC_OR_PARTITION}', 'org.apache.kafka.clients.NetworkClient'), code: 'internal-topic-metadata-error', kind: 'cause' },
  { name: 'older metadata warning', text: line('WARN', '[Producer clientId=p] Error while fetching metadata with correlation id 3 : {svl.orders=LEADER_NOT_AVAILABLE}', 'org.apache.kafka.clients.NetworkClient'), code: 'leader-not-available', kind: 'red-herring' },
  { name: 'offset-syncs store loaded', text: line('INFO', 'Finished reading KafkaBasedLog for topic mm2-offset-syncs.confluent.internal', 'org.apache.kafka.connect.util.KafkaBasedLog'), code: 'offset-syncs-loaded', kind: 'evidence' },
  { name: 'offset-syncs store loading', text: line('INFO', 'Starting KafkaBasedLog with topic mm2-offset-syncs.confluent.internal reportErrorsToCallback=false', 'org.apache.kafka.connect.util.KafkaBasedLog'), code: 'offset-syncs-loading', kind: 'evidence' },
  { name: 'old "Broker may not be available"', text: line('WARN', '[AdminClient clientId=a] Connection to node 2 (kafka-1/10.0.0.2:9092) could not be established. Broker may not be available.', 'org.apache.kafka.clients.NetworkClient'), code: 'connection-failed', kind: 'network' },
  { name: 'connection setup timeout', text: line('INFO', '[AdminClient clientId=a] Disconnecting from node 2 due to socket connection setup timeout. The timeout value is 10000 ms.', 'org.apache.kafka.clients.NetworkClient'), code: 'connection-setup-timeout', kind: 'network' },
  { name: 'bootstrap broker', text: line('WARN', '[AdminClient clientId=a] Bootstrap broker kafka:9092 (id: -1 rack: null) disconnected', 'org.apache.kafka.clients.NetworkClient'), code: 'bootstrap-disconnected', kind: 'network' },
  { name: 'coordinator lost', text: line('INFO', '[Worker clientId=connect-1, groupId=mm2] Group coordinator kafka-0:9092 (id: 2147483647 rack: null) is unavailable or invalid due to cause: coordinator unavailable. isDisconnected: true. Rediscovery will be attempted.', 'org.apache.kafka.connect.runtime.distributed.WorkerCoordinator'), code: 'coordinator-unavailable', kind: 'network' },
  { name: 'admin timeout', text: `${line('WARN', 'Could not fetch something')}\norg.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listConsumerGroups`, code: 'admin-timeout', kind: 'network' },
];

describe('rules', () => {
  it.each(CASES)('$name → $code ($kind)', ({ text, code, kind }) => {
    const x = explainLogs(text);
    expect(x.entries.map((e) => `${e.code}/${e.kind}`)).toEqual([`${code}/${kind}`]);
  });

  it('refines a generic scheduler failure with the stack trace: checkpoints-topic-create-failed keeps the exceptions', () => {
    const x = explainLogs(CASES.find((c) => c.code === 'checkpoints-topic-create-failed')?.text ?? '');
    expect(x.entries[0]?.exceptions).toEqual(['ConnectException', 'InvalidReplicationFactorException']);
  });

  it('folds coordinator node ids (Integer.MAX_VALUE - brokerId) into the broker id', () => {
    const x = explainLogs(CASES.find((c) => c.code === 'coordinator-unavailable')?.text ?? '');
    expect(x.network.byNode).toEqual({ '0': 1 });
  });

  it('LEADER_NOT_AVAILABLE is a red herring only while it is transient', () => {
    const at = (ts: string) => `${ts} WARN [Producer clientId=p] Error while fetching metadata with correlation id 3 : {svl.orders=LEADER_NOT_AVAILABLE} (org.apache.kafka.clients.NetworkClient) [t]`;
    const brief = explainLogs([at('2024-11-12 10:42:01,123'), at('2024-11-12 10:42:31,000')].join('\n')).entries[0];
    expect(brief).toMatchObject({ code: 'leader-not-available', kind: 'red-herring' });
    const stuck = explainLogs([at('2024-11-12 10:42:01,123'), at('2024-11-12 10:58:01,000')].join('\n')).entries[0];
    expect(stuck).toMatchObject({ code: 'leader-not-available-persistent', kind: 'cause' });
    expect(stuck?.reason).toMatch(/after 16 minutes/);
  });

  it('KAFKA-18021: groups not loaded from the only flow stays a cause', () => {
    const x = explainLogs(
      `[2024-11-12 09:15:05,004] ERROR [Worker clientId=svl->confluent, groupId=svl-mm2] Failed to reconfigure connector's tasks (MirrorCheckpointConnector), retrying after backoff. (org.apache.kafka.connect.runtime.distributed.DistributedHerder:2195)\norg.apache.kafka.connect.errors.RetriableException: Timeout while loading consumer groups.`,
    );
    expect(x.entries[0]).toMatchObject({ code: 'groups-not-loaded', kind: 'cause', flow: 'svl->confluent' });
  });

  it('KAFKA-18021: groups not loaded is transient when a Started line for the flow follows', () => {
    const x = explainLogs(
      [
        `2024-11-12 10:00:00,000 ERROR [Worker clientId=connect-1, groupId=mm2] Failed to reconfigure connector's tasks (svl->confluent.MirrorCheckpointConnector), retrying after backoff. (org.apache.kafka.connect.runtime.distributed.DistributedHerder) [herder]`,
        'org.apache.kafka.connect.errors.RetriableException: Timeout while loading consumer groups.',
        line('INFO', 'Started svl->confluent.MirrorCheckpointConnector with 2 consumer groups.'),
      ].join('\n'),
    );
    expect(x.entries.find((e) => e.code.startsWith('groups-not-loaded'))).toMatchObject({ code: 'groups-not-loaded-transient', kind: 'red-herring' });
  });

  it('leaves unknown WARN/ERROR lines visible as unrecognized, grouped by shape, and ignores unknown INFO', () => {
    const x = explainLogs(
      [line('WARN', 'Something odd 1 happened'), line('WARN', 'Something odd 22 happened'), line('INFO', 'Committing offsets for 3 acknowledged messages')].join('\n'),
    );
    expect(x.entries).toHaveLength(1);
    expect(x.entries[0]).toMatchObject({ kind: 'unrecognized', code: 'unrecognized', count: 2 });
  });
});
