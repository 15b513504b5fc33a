/**
 * The failure classes of issue 9, hand-written in the shapes Kafka 3.9 logs them (messages from
 * apache/kafka DistributedHerder, NetworkClient, KafkaAdminClient, MirrorCheckpointConnector).
 */
import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { renderLogExplanation } from '../../src/render/text/logs.ts';
import type { LogExplanation } from '../../src/model/log-explanation.ts';
import { fixture } from './fixtures.ts';

const causes = (x: LogExplanation) => x.entries.filter((e) => e.kind === 'cause');
const herder = (exception: string) =>
  `2024-11-12 10:42:01,123 ERROR [Worker clientId=connect-1, groupId=mirrormaker2-cluster] Uncaught exception in herder work thread, exiting:  (org.apache.kafka.connect.runtime.distributed.DistributedHerder) [DistributedHerder-connect-1]\n${exception}`;

describe('worker death', () => {
  it('GroupAuthorizationException on its own group: the worker is dead, grant READ on the group', () => {
    const [c] = causes(explainLogs(herder('org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: mirrormaker2-cluster')));
    expect(c).toMatchObject({ code: 'worker-dead', groups: ['mirrormaker2-cluster'] });
    expect(c?.title).toBe('Kafka Connect worker stopped: not authorized to use its consumer group mirrormaker2-cluster');
    expect(c?.action).toMatch(/READ on Group mirrormaker2-cluster/);
    expect(c?.reason).toMatch(/no MM2 connector runs/);
  });

  it('TopicAuthorizationException on its offsets topic: worker death with the topic ACL, not the topic-config-sync red herring', () => {
    const x = explainLogs(herder('org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [mirrormaker2-cluster-offsets]'));
    expect(causes(x)[0]).toMatchObject({ code: 'worker-dead', topic: 'mirrormaker2-cluster-offsets' });
    expect(causes(x)[0]?.action).toMatch(/READ, WRITE and DESCRIBE .* on Topic mirrormaker2-cluster-offsets/);
    expect(x.entries.filter((e) => e.kind === 'red-herring')).toEqual([]);
  });

  it('a worker that cannot create or find its topic, and one that cannot complete TLS', () => {
    expect(causes(explainLogs(herder("org.apache.kafka.connect.errors.ConnectException: Error while attempting to create/find topic(s) 'connect-offsets'\nCaused by: org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 3 larger than available brokers: 1.")))[0]).toMatchObject({
      code: 'worker-dead',
      topic: 'connect-offsets',
      title: 'Kafka Connect worker stopped: it cannot create or find its topic connect-offsets',
    });
    expect(causes(explainLogs(herder('org.apache.kafka.common.errors.SslAuthenticationException: SSL handshake failed\nCaused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate')))[0]?.title).toBe(
      'Kafka Connect worker stopped: the TLS handshake with the brokers fails',
    );
  });

  it('dedicated MirrorMaker 2 exiting at start-up, and crash-looping pods', () => {
    const x = explainLogs('[2019-05-15 22:03:20,645] ERROR Stopping due to error (org.apache.kafka.connect.mirror.MirrorMaker:238)\njava.lang.NullPointerException\n\tat org.apache.kafka.connect.mirror.MirrorMakerConfig.clusterPairs(MirrorMakerConfig.java:110)');
    expect(causes(x)[0]).toMatchObject({ code: 'worker-dead', title: 'Dedicated MirrorMaker 2 stopped at start-up' });
    expect(causes(x)[0]?.action).toMatch(/clusters = A, B/);
    const pods = explainLogs('NAME                          READY   STATUS             RESTARTS   AGE\nsvl-mm2-mirrormaker2-0        0/1     CrashLoopBackOff   12         40m\nsvl-kafka-0                   1/1     Running            0          9h');
    expect(causes(pods)).toHaveLength(1);
    expect(causes(pods)[0]).toMatchObject({ code: 'worker-crashloop', title: 'MM2 pod svl-mm2-mirrormaker2-0 keeps stopping (CrashLoopBackOff, 12 restarts)' });
  });
});

describe('client-config failures stop all three connectors', () => {
  const scheduler = (cls: string) => `2024-11-12 10:42:01,123 ERROR Scheduler for ${cls}: svl->confluent|svl->confluent.${cls} caught exception in scheduled task: creating internal topics (org.apache.kafka.connect.mirror.Scheduler) [t]`;
  it.each([
    ['keystore password', 'Caused by: java.io.IOException: keystore password was incorrect', 'keystore or truststore'],
    ['BadPaddingException', 'Caused by: javax.crypto.BadPaddingException: Given final block not properly padded. Such issues can arise if a bad key is used during decryption.', 'keystore or truststore'],
    ['SSL handshake', 'Caused by: org.apache.kafka.common.errors.SslAuthenticationException: SSL handshake failed', 'TLS handshake'],
    ['SASL', 'Caused by: org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed: Invalid username or password', 'SASL'],
    ['bootstrap typo', 'Caused by: org.apache.kafka.common.config.ConfigException: No resolvable bootstrap urls given in bootstrap.servers', 'bootstrap servers'],
  ])('%s from the heartbeat connector is a cause, not "heartbeat only" nor a replication-factor problem', (_name, cause, words) => {
    const x = explainLogs(`${scheduler('MirrorHeartbeatConnector')}\norg.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\n\tat org.apache.kafka.connect.mirror.MirrorHeartbeatConnector.createInternalTopics(MirrorHeartbeatConnector.java:83)\n${cause}`);
    expect(x.entries.map((e) => e.code)).toEqual(['client-config-failed']);
    expect(x.entries[0]?.title).toContain(words);
    expect(x.entries[0]?.reason).not.toMatch(/heartbeats topic|replication factor/);
  });

  it('Kafka 3.4+ ForwardingAdmin wording, on the checkpoint connector itself', () => {
    const x = explainLogs(`${scheduler('MirrorCheckpointConnector')}\norg.apache.kafka.common.KafkaException: The constructor of org.apache.kafka.clients.admin.ForwardingAdmin threw an exception`);
    expect(x.entries[0]).toMatchObject({ code: 'client-config-failed', title: 'svl->confluent.MirrorCheckpointConnector: the Kafka clients cannot be created from the cluster config' });
  });

  it('NetworkClient "failed authentication due to: SSL handshake failed"', () => {
    const x = explainLogs('2024-11-12 10:42:01,123 ERROR [AdminClient clientId=adminclient-1] Connection to node -1 (kafka.example.com/10.0.0.1:443) failed authentication due to: SSL handshake failed (org.apache.kafka.clients.NetworkClient) [kafka-admin-client-thread | adminclient-1]');
    expect(causes(x)[0]?.code).toBe('client-config-failed');
  });
});

describe('never-connected bootstraps', () => {
  const boot = (n: number, min: string) =>
    [
      `2024-11-12 10:${min}:0${n},000 INFO [AdminClient clientId=adminclient-1] Node -${n} disconnected. (org.apache.kafka.clients.NetworkClient) [kafka-admin-client-thread | adminclient-1]`,
      `2024-11-12 10:${min}:0${n},001 INFO [AdminClient clientId=adminclient-1] Cancelled in-flight API_VERSIONS request with correlation id ${n} due to node -${n} being disconnected (elapsed time since creation: 3ms, elapsed time since send: 3ms, request timeout: 30000ms) (org.apache.kafka.clients.NetworkClient) [kafka-admin-client-thread | adminclient-1]`,
    ].join('\n');

  it('only negative node ids, each dropping right after API_VERSIONS: the client never reached a broker', () => {
    const x = explainLogs([boot(1, '42'), boot(2, '42'), boot(1, '43'), `2024-11-12 10:43:30,000 WARN [AdminClient clientId=adminclient-1] Timed out waiting for a node assignment. Call: listTopics (org.apache.kafka.clients.admin.KafkaAdminClient) [t]`].join('\n'));
    expect(causes(x)[0]).toMatchObject({ code: 'never-connected', count: 3 });
    expect(causes(x)[0]?.title).toMatch(/right after the API_VERSIONS request/);
    expect(causes(x)[0]?.reason).toMatch(/TLS listener|advertised\.listeners|PrivateLink/);
    expect(x.network.disconnects).toBe(3);
    expect(x.network.byNode).toEqual({ '-1': 2, '-2': 1 });
    expect(x.entries.filter((e) => e.kind === 'red-herring')).toEqual([]);
    expect(renderLogExplanation(x)).toContain('3 disconnects');
  });

  it('bootstrap connections that cannot even be established: never reached a broker, for network reasons', () => {
    const line = (s: number) => `2024-11-12 10:42:0${s},000 WARN [Consumer clientId=c, groupId=g] Connection to node -1 (kafka.example.com/10.0.0.1:9093) could not be established. Node may not be available. (org.apache.kafka.clients.NetworkClient) [t]`;
    const c = causes(explainLogs([1, 2, 3].map(line).join('\n')))[0];
    expect(c).toMatchObject({ code: 'never-connected', count: 3 });
    expect(c?.title).not.toMatch(/API_VERSIONS/);
    expect(c?.reason).toMatch(/firewall/);
  });

  it("one client stuck at its bootstrap while the worker's own clients reach their cluster", () => {
    const admin = 'svl->confluent|svl->confluent.MirrorCheckpointConnector|checkpoint-source-admin';
    const cancel = (s: number) =>
      `2024-11-12 10:42:0${s},000 INFO [svl->confluent.MirrorCheckpointConnector|worker] [AdminClient clientId=${admin}] Cancelled in-flight API_VERSIONS request with correlation id ${s} due to node -1 being disconnected (elapsed time since creation: 2ms, elapsed time since send: 2ms, request timeout: 30000ms) (org.apache.kafka.clients.NetworkClient) [t]`;
    const worker = '2024-11-12 10:41:00,000 INFO [Worker clientId=connect-1, groupId=mm2] Cluster ID: UYTj0E0PQOmG9PAb6axowg (org.apache.kafka.clients.Metadata) [t]';
    const x = explainLogs([worker, cancel(1), cancel(2), cancel(3)].join('\n'));
    expect(causes(x)[0]).toMatchObject({ code: 'never-connected', count: 3 });
    expect(causes(x)[0]?.title).toBe(`Client ${admin} never reached a broker: its bootstrap connections dropped right after API_VERSIONS`);
    // One cancelled request is a blip, not a client that never connected.
    expect(causes(explainLogs([worker, cancel(1)].join('\n')))).toEqual([]);
  });

  it("one flow's bootstrap drops stay lifecycle while another flow's clients are stuck at theirs", () => {
    // One Connect worker, two flows: svl->confluent's admin reached its brokers (its "Node -1
    // disconnected" is lifecycle); east->west's admin never did (its drops are the cause).
    const id = (flow: string) => `${flow}|${flow}.MirrorSourceConnector|replication-source-admin`;
    const drop = (flow: string, s: number) => `2024-11-12 10:42:0${s},000 INFO [AdminClient clientId=${id(flow)}] Node -1 disconnected. (org.apache.kafka.clients.NetworkClient) [t]`;
    const cancel = (flow: string, s: number) =>
      `2024-11-12 10:42:0${s},500 INFO [AdminClient clientId=${id(flow)}] Cancelled in-flight API_VERSIONS request with correlation id ${s} due to node -1 being disconnected (elapsed time since creation: 2ms, elapsed time since send: 2ms, request timeout: 30000ms) (org.apache.kafka.clients.NetworkClient) [t]`;
    const reached = `2024-11-12 10:41:00,000 INFO [AdminClient clientId=${id('svl->confluent')}] Node 1 disconnected. (org.apache.kafka.clients.NetworkClient) [t]`;
    const x = explainLogs([reached, drop('svl->confluent', 1), drop('svl->confluent', 2), cancel('east->west', 3), cancel('east->west', 4), drop('east->west', 5)].join('\n'));
    const boot = (flow: string) => x.entries.find((e) => e.code === 'bootstrap-node-disconnected' && e.flow === flow);
    expect(boot('svl->confluent')?.kind).toBe('red-herring');
    expect(boot('east->west')?.kind).toBe('network');
    expect(x.entries.find((e) => e.code === 'never-connected')).toMatchObject({ flow: 'east->west' });
  });

  it('a bootstrap drop after the client reached brokers stays normal lifecycle', () => {
    const x = explainLogs([boot(1, '42'), '2024-11-12 10:42:05,000 INFO [AdminClient clientId=adminclient-1] Node 2 disconnected. (org.apache.kafka.clients.NetworkClient) [t]'].join('\n'));
    expect(causes(x)).toEqual([]);
    expect(x.entries.find((e) => e.code === 'bootstrap-node-disconnected')?.kind).toBe('red-herring');
    expect(x.network.byNode).toEqual({ '2': 1 });
  });

  it('one lone bootstrap disconnect proves nothing either way', () => {
    const x = explainLogs('2024-11-12 10:42:00,000 INFO [AdminClient clientId=a] Node -1 disconnected. (org.apache.kafka.clients.NetworkClient) [t]');
    expect(causes(x)).toEqual([]);
    expect(x.entries.map((e) => `${e.code}/${e.kind}`)).toEqual(['bootstrap-node-disconnected/network']);
  });
});

describe('version-ambiguous lines', () => {
  const loop = (extra = '') =>
    `${extra}[2024-11-12 16:41:53,084] ERROR [Worker clientId=app-dev->telemetry-dev, groupId=app-dev-mm2] Failed to reconfigure connector's tasks (MirrorCheckpointConnector), retrying after backoff. (org.apache.kafka.connect.runtime.distributed.DistributedHerder:2195)\norg.apache.kafka.connect.errors.RetriableException: Timeout while loading consumer groups.\n`.repeat(3);

  it('3.9.0 or unknown version: both readings (KAFKA-18021 disabled flow, or a real load timeout) and how to tell', () => {
    for (const text of [loop(), `[2024-11-12 16:41:00,000] INFO Kafka version: 3.9.0 (org.apache.kafka.common.utils.AppInfoParser)\n${loop()}`]) {
      const c = explainLogs(text).entries[0];
      expect(c).toMatchObject({ code: 'groups-not-loaded', kind: 'cause', count: 3, flow: 'app-dev->telemetry-dev' });
      expect(c?.reason).toMatch(/KAFKA-18021/);
      expect(c?.reason).toMatch(/admin\.timeout\.ms/);
      expect(c?.reason).toMatch(/app-dev->telemetry-dev\.enabled/);
    }
  });

  it('4.0+: the disabled-flow loop is fixed, so it is a real load timeout', () => {
    const c = explainLogs(`[2024-11-12 16:41:00,000] INFO Kafka version: 4.0.0 (org.apache.kafka.common.utils.AppInfoParser)\n${loop()}`).entries[0];
    expect(c?.reason).toMatch(/admin\.timeout\.ms/);
    expect(c?.reason).not.toMatch(/two readings/);
  });

  it('a Strimzi connector that never loaded its groups is a cause even when another flow runs: Strimzi creates connectors only for configured mirrors', () => {
    const strimzi = (flow: string, msg: string, level = 'ERROR') => `2024-11-12 16:41:53,084 ${level} [${flow}.MirrorCheckpointConnector|worker] ${msg} (org.apache.kafka.connect.mirror.MirrorCheckpointConnector) [Scheduler]`;
    const text = [
      '2024-11-12 16:41:00,000 INFO Kafka version: 3.9.0 (org.apache.kafka.common.utils.AppInfoParser) [main]',
      strimzi('east->west', 'Started east->west.MirrorCheckpointConnector with 2 consumer groups.', 'INFO'),
      strimzi('west->east', 'Timeout while loading consumer groups.'),
      strimzi('west->east', 'Timeout while loading consumer groups.'),
    ].join('\n');
    const c = explainLogs(text).entries.find((e) => e.flow === 'west->east');
    expect(c).toMatchObject({ code: 'groups-not-loaded', kind: 'cause' });
    // Verify the test stands on the naming: dedicated MirrorMaker 2's disabled reverse flow is the KAFKA-18021 loop on 3.9 (fixtures.test.ts), not on 4.0.
    const dedicated = fixture('dedicated-kafka-default-pattern.txt');
    expect(explainLogs(dedicated).entries.find((e) => e.flow === 'confluent->svl' && e.code.startsWith('groups-not-loaded'))?.kind).toBe('red-herring');
    const on4 = explainLogs(dedicated.replace('Kafka version: 3.9.0', 'Kafka version: 4.0.0'));
    expect(on4.kafkaVersion).toBe('4.0.0');
    expect(on4.entries.find((e) => e.flow === 'confluent->svl' && e.code.startsWith('groups-not-loaded'))).toMatchObject({ code: 'groups-not-loaded', kind: 'cause' });
  });

  it('KAFKA-17242: a store-start timeout followed by "took N ms" is spurious on 3.5–3.8', () => {
    const x = explainLogs(
      [
        '2024-11-12 10:00:00,000 ERROR Scheduler for MirrorCheckpointTask: svl->confluent|svl->confluent.MirrorCheckpointConnector-0 timed out running task: starting offset sync store (org.apache.kafka.connect.mirror.Scheduler) [t]',
        '2024-11-12 10:02:00,000 INFO starting offset sync store took 120000 ms (org.apache.kafka.connect.mirror.Scheduler) [t]',
      ].join('\n'),
    );
    expect(x.entries.find((e) => e.code === 'offset-sync-store-timeout-spurious')?.kind).toBe('red-herring');
    expect(causes(x)).toEqual([]);
  });
});

describe('names are shown whole', () => {
  it('an unrecognized line keeps its digits; lines differing only in digits are still grouped', () => {
    const x = explainLogs(
      [
        '2024-11-12 10:42:01,123 WARN [mm2-prod-cpc-3|task-0] Something odd with mirrormaker2-cluster-offsets-0 (org.example.X) [t]',
        '2024-11-12 10:42:02,123 WARN [mm2-prod-cpc-3|task-0] Something odd with mirrormaker2-cluster-offsets-17 (org.example.X) [t]',
      ].join('\n'),
    );
    expect(x.entries).toHaveLength(1);
    expect(x.entries[0]).toMatchObject({ kind: 'unrecognized', count: 2, title: 'X: Something odd with mirrormaker2-cluster-offsets-0', connector: 'mm2-prod-cpc-3' });
    expect(renderLogExplanation(x)).toContain('mirrormaker2-cluster-offsets-0');
  });

  it('a connector named mm2-cpc is the checkpoint connector when the paste shows its class', () => {
    const x = explainLogs(
      [
        '2024-11-12 10:40:00,000 INFO Creating connector mm2-cpc of type org.apache.kafka.connect.mirror.MirrorCheckpointConnector (org.apache.kafka.connect.runtime.Worker) [t]',
        '2024-11-12 10:42:01,123 ERROR WorkerSourceTask{id=mm2-cpc-0} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted (org.apache.kafka.connect.runtime.WorkerTask) [task-thread-mm2-cpc-0]',
      ].join('\n'),
    );
    expect(causes(x)[0]).toMatchObject({ code: 'checkpoint-task-failed', connector: 'mm2-cpc', title: 'mm2-cpc task failed' });
  });

  it('without its class a mm2-hbc failure is not guessed to be the heartbeat connector', () => {
    const x = explainLogs('2024-11-12 10:42:01,123 ERROR WorkerSourceTask{id=mm2-hbc-0} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted (org.apache.kafka.connect.runtime.WorkerTask) [t]');
    expect(x.entries[0]).toMatchObject({ code: 'task-failed', kind: 'cause' });
  });
});

describe('evidence by absence and config beside the logs', () => {
  it("Strimzi's empty 'Creating connector configuration:' block", () => {
    const x = explainLogs('Preparing truststore\nCreating connector configuration:\n\n\nStarting Kafka Connect with configuration:\nbootstrap.servers=svl-kafka-bootstrap:9093');
    expect(causes(x)[0]?.code).toBe('connector-config-empty');
    expect(causes(explainLogs('Creating connector configuration:\n# TLS / SSL\nssl.truststore.password=[hidden]\n'))).toEqual([]);
  });

  it('a KafkaMirrorMaker2 whose checkpoint connector lacks the source connector\'s replication policy', () => {
    const x = explainLogs(
      '```yaml\nsourceConnector:\n  config:\n    replication.factor: 3\n    replication.policy.class: "io.strimzi.kafka.connect.mirror.IdentityReplicationPolicy"\ncheckpointConnector:\n  config:\n    sync.group.offsets.enabled: true\n```',
    );
    expect(causes(x)).toHaveLength(1);
    expect(causes(x)[0]).toMatchObject({ code: 'connector-config-mismatch', title: 'replication.policy.class differs between the source and checkpoint connectors' });
    expect(causes(x)[0]?.sample).toContain('IdentityReplicationPolicy');
  });

  it('plain Connect configs: the checkpoint connector falls back to target.cluster.alias=target', () => {
    const source = { name: 'mm2-msc', 'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector', 'source.cluster.alias': 'src', 'target.cluster.alias': 'dst' };
    const checkpoint = { name: 'mm2-cpc', 'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector', 'source.cluster.alias': 'src' };
    const x = explainLogs(`${JSON.stringify(source, null, 2)}\n${JSON.stringify(checkpoint, null, 2)}`);
    expect(causes(x).map((e) => e.title)).toEqual(['target.cluster.alias differs between the source and checkpoint connectors']);
  });

  it('settings that switch checkpoints off, in a KafkaMirrorMaker2, a Connect …/tasks answer and a config dump', () => {
    const kmm2 = explainLogs('spec:\n  mirrors:\n  - sourceCluster: src\n    targetCluster: tgt\n    checkpointConnector:\n      config:\n        emit.checkpoints.enabled: false\n        sync.group.offsets.enabled: true\n');
    expect(causes(kmm2).map((e) => [e.code, e.sample])).toEqual([['emit-checkpoints-disabled', 'checkpointConnector.config emit.checkpoints.enabled: "false"']]);
    const tasks = explainLogs(JSON.stringify([{ id: { connector: 'mm2-cpc', task: 0 }, config: { 'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector', 'task.assigned.groups': 'g1' } }, { id: { connector: 'mm2-msc', task: 0 }, config: { 'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector', 'emit.offset-syncs.enabled': 'false' } }], null, 2));
    expect(causes(tasks).map((e) => e.code)).toEqual(['offset-syncs-disabled']);
    const dump = (interval: string) =>
      `2024-11-12 10:42:01,123 INFO [mm2-cpc|worker] MirrorCheckpointConfig values: \n\tconnector.class = org.apache.kafka.connect.mirror.MirrorCheckpointConnector\n\temit.checkpoints.enabled = true\n\temit.checkpoints.interval.seconds = ${interval}\n\tname = mm2-cpc\n (org.apache.kafka.connect.mirror.MirrorCheckpointConfig) [pool-1-thread-1]`;
    expect(causes(explainLogs(dump('-1'))).map((e) => e.title)).toEqual(['emit.checkpoints.interval.seconds=-1: checkpoint emission is switched off']);
    expect(causes(explainLogs(dump('60')))).toEqual([]);
  });

  it('MirrorMaker 1 says so; healthy checkpoint records are evidence', () => {
    const mm1 = explainLogs('2020-05-27 10:21:08,760 INFO Start clean shutdown. (kafka.tools.MirrorMaker$) [MirrorMakerShutdownHook]');
    expect(causes(mm1).map((e) => e.code)).toEqual(['mirrormaker-1']);
    const ok = explainLogs('Checkpoint{consumerGroupId=mygroup1, topicPartition=source.mytopic-0, upstreamOffset=500, downstreamOffset=1, metadata=}');
    expect(ok.entries.map((e) => `${e.code}/${e.kind}`)).toEqual(['checkpoints-present/evidence']);
  });
});

describe("can't tell", () => {
  it('INFO-only logs and prose bear on nothing, and say so', () => {
    const x = explainLogs(
      'The checkpoints topic is empty and I see no errors.\n2021-08-11 14:56:54,160 INFO [Consumer clientId=c, groupId=g] Seeking to EARLIEST offset of partition mirrormaker2-cluster-offsets-0 (org.apache.kafka.clients.consumer.internals.SubscriptionState) [t]',
    );
    expect(x.entries).toEqual([]);
    expect(renderLogExplanation(x)).toContain('nothing in these lines bears on checkpoints');
  });

  it('frequent Connect rebalances are a cause only when they keep happening', () => {
    const line = (m: number) => `2022-08-22 17:${String(m).padStart(2, '0')}:44,793 INFO org.apache.kafka.connect.runtime.distributed.WorkerCoordinator: [Worker clientId=connect-8, groupId=mm2] Rebalance started`;
    expect(causes(explainLogs(line(1)))).toEqual([]);
    const many = explainLogs([1, 2, 3, 4, 5, 6, 7].map(line).join('\n'));
    expect(causes(many)[0]).toMatchObject({ code: 'frequent-rebalances', count: 7, first: '2022-08-22 17:01:44.793', last: '2022-08-22 17:07:44.793' });
  });

  it('a burst of rebalances at start-up that then stops is not a cause; a burst the log ends with still is', () => {
    const at = (t: string, msg: string) => `2026-12-03 08:${t},100 INFO [Worker clientId=connect-1, groupId=mirrormaker2-cluster] ${msg} (org.apache.kafka.connect.runtime.distributed.WorkerCoordinator) [DistributedHerder-connect-1-1]`;
    // Strimzi creating the three MM2 connectors: seven rebalances in three seconds.
    const burst = ['00:01', '00:01', '00:02', '00:02', '00:03', '00:03', '00:04'].map((t) => at(t, 'Rebalance started'));
    const settled = [...burst, at('04:10', 'Finished starting connectors and tasks')];
    expect(causes(explainLogs(settled.join('\n'))).map((c) => c.code)).not.toContain('frequent-rebalances');
    // The paste ends with the burst: whether it stopped cannot be told, so the count stands.
    expect(causes(explainLogs(burst.join('\n')))[0]).toMatchObject({ code: 'frequent-rebalances', count: 7 });
    // Rebalances that keep coming after a quiet spell are churn.
    const churn = [...burst, at('04:10', 'Rebalance started'), at('04:40', 'Finished starting connectors and tasks')];
    expect(causes(explainLogs(churn.join('\n')))[0]).toMatchObject({ code: 'frequent-rebalances', count: 8 });
  });
});

describe('authentication the paste shows only at INFO or WARN', () => {
  const selector = (reason: string) =>
    `2024-11-12 10:42:01,123 INFO [AdminClient clientId=adminclient-3] Failed authentication with my-ns.servicebus.windows.net/40.79.186.34 (${reason}) (org.apache.kafka.common.network.Selector) [kafka-admin-client-thread | adminclient-3]`;

  it('"Invalid SASL mechanism response" is a SASL protocol mismatch that stops every MM2 client, even logged at INFO', () => {
    const x = explainLogs(selector('Invalid SASL mechanism response, server may be expecting a different protocol'));
    expect(causes(x)[0]).toMatchObject({ code: 'client-config-failed', title: 'The brokers do not answer the SASL handshake the client expects' });
    expect(causes(x)[0]?.action).toMatch(/security\.protocol .*SASL_SSL/);
    expect(causes(x)[0]?.reason).toMatch(/MirrorCheckpointConnector/);
  });

  it('wrong SCRAM credentials in the Selector line, and IllegalSaslStateException under a metadata warning', () => {
    expect(causes(explainLogs(selector('Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512')))[0]).toMatchObject({
      code: 'client-config-failed',
      title: 'SASL authentication with the brokers fails',
    });
    const warn = [
      '[2024-11-12 10:42:01,125] WARN [AdminClient clientId=adminclient-1] Metadata update failed due to authentication error (org.apache.kafka.clients.admin.internals.AdminMetadataManager:235)',
      'org.apache.kafka.common.errors.IllegalSaslStateException: Invalid SASL mechanism response, server may be expecting a different protocol',
    ].join('\n');
    expect(causes(explainLogs(warn))[0]?.code).toBe('client-config-failed');
  });
});

describe('compact status JSON', () => {
  it('`"state":"FAILED"` with no space after the colon (a status-topic record) is a FAILED state', () => {
    const x = explainLogs('{\n"state":"FAILED"\n"trace":"org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer send callback at org.apache.kafka.connect.runtime.WorkerSourceTask.maybeThrowProducerSendException(WorkerSourceTask.java:266)"\n"worker_id":"10.0.0.7:8083"\n}');
    expect(causes(x)[0]).toMatchObject({ code: 'failed-state' });
  });
});

describe('records the producer cannot deliver', () => {
  it('the Sender splitting batches on MESSAGE_TOO_LARGE: records too large for the target, on the connector its client id names', () => {
    const x = explainLogs(
      '2024-03-10 14:18:56,247 WARN [a->b.MirrorSourceConnector|task-1] [Producer clientId=connector-producer-a->b.MirrorSourceConnector-1] Got error produce response in correlation id 2104 on topic-partition orders-0, splitting and retrying (2147483647 attempts left). Error: MESSAGE_TOO_LARGE (org.apache.kafka.clients.producer.internals.Sender) [kafka-producer-network-thread | connector-producer-a->b.MirrorSourceConnector-1]',
    );
    expect(causes(x)[0]).toMatchObject({ code: 'record-too-large', connector: 'a->b.MirrorSourceConnector', flow: 'a->b', title: 'Records too large for the target (orders-0)' });
    expect(causes(x)[0]?.action).toMatch(/max\.request\.size/);
    expect(causes(x)[0]?.reason).toMatch(/offset syncs/);
  });

  it('a failed record send whose exception is RecordTooLargeException names the size limits, not only the send', () => {
    const x = explainLogs(
      [
        '2024-03-10 14:18:56,300 ERROR [a->b.MirrorSourceConnector|task-0] WorkerSourceTask{id=a->b.MirrorSourceConnector-0} failed to send record to a.orders:  (org.apache.kafka.connect.runtime.AbstractWorkerSourceTask) [kafka-producer-network-thread | connector-producer-a->b.MirrorSourceConnector-0]',
        'org.apache.kafka.common.errors.RecordTooLargeException: The message is 2097302 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.',
      ].join('\n'),
    );
    expect(causes(x)[0]).toMatchObject({ code: 'record-send-failed', topic: 'a.orders', connector: 'a->b.MirrorSourceConnector', title: 'Replicating to a.orders failed: records too large for the target' });
    expect(causes(x)[0]?.action).toMatch(/max\.request\.size/);
  });

  it("a flush timeout is the checkpoint connector's when its name says so, unattributed otherwise, and never the heartbeat connector's cause", () => {
    const flush = (id: string) =>
      `2024-03-10 14:18:56,300 ERROR [${id}|task-0] WorkerSourceTask{id=${id}-0} Failed to flush, timed out while waiting for producer to flush outstanding 3 messages (org.apache.kafka.connect.runtime.WorkerSourceTask) [SourceTaskOffsetCommitter-1]`;
    expect(causes(explainLogs(flush('a->b.MirrorCheckpointConnector')))[0]).toMatchObject({ code: 'checkpoint-flush-timeout', flow: 'a->b' });
    expect(causes(explainLogs(flush('mm2-cpc')))[0]).toMatchObject({ code: 'producer-flush-timeout', connector: 'mm2-cpc' });
    expect(causes(explainLogs(flush('a->b.MirrorHeartbeatConnector')))).toEqual([]);
    // The source connector's: a slow target (a network timeout), not a cause by itself.
    const source = explainLogs(flush('a->b.MirrorSourceConnector'));
    expect(causes(source)).toEqual([]);
    expect(source.entries[0]).toMatchObject({ kind: 'network', code: 'source-flush-timeout' });
  });
});

describe('connectors and tasks that stop without a FAILED state', () => {
  it('a connector the worker gave up stopping is a cause for its kind, with a restart of that worker', () => {
    const x = explainLogs(
      "2024-09-19 08:04:36,737 ERROR [a->b.MirrorCheckpointConnector|worker] Connector 'a->b.MirrorCheckpointConnector' failed to properly shut down, has become unresponsive, and may be consuming external resources. Correct the configuration for this connector or remove the connector. After fixing the connector, it may be necessary to restart this worker to release any consumed resources. (org.apache.kafka.connect.runtime.Worker) [DistributedHerder-connect-1]",
    );
    expect(causes(x)[0]).toMatchObject({ code: 'checkpoint-connector-unresponsive', title: 'a->b.MirrorCheckpointConnector hung while stopping' });
    expect(causes(x)[0]?.action).toMatch(/Restart the worker/);
  });

  it('a task killed by OutOfMemoryError stays the task failure, saying it ran out of memory and what to change', () => {
    const x = explainLogs(
      [
        '2024-03-31 15:28:11,987 ERROR [a->b.MirrorSourceConnector|task-2] WorkerSourceTask{id=a->b.MirrorSourceConnector-2} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted (org.apache.kafka.connect.runtime.WorkerTask) [task-thread-a->b.MirrorSourceConnector-2]',
        'java.lang.OutOfMemoryError: Java heap space',
      ].join('\n'),
    );
    expect(causes(x)[0]).toMatchObject({ code: 'source-task-failed', connector: 'a->b.MirrorSourceConnector', title: 'a->b.MirrorSourceConnector task failed: out of memory (Java heap space)' });
    expect(causes(x)[0]?.action).toMatch(/-Xmx/);
    // Printed apart from the line that logged it, it is a cause of its own.
    expect(causes(explainLogs('java.lang.OutOfMemoryError: Java heap space'))[0]).toMatchObject({ code: 'out-of-memory', title: 'The MirrorMaker 2 worker ran out of memory (Java heap space)' });
  });
});

describe('an MM2 connector that cannot create its internal topic', () => {
  const start = (connector: string, topic: string, cause: string) =>
    [
      `2024-11-12 10:40:55,377 ERROR [${connector}|worker] WorkerConnector{id=${connector}} Error while starting connector (org.apache.kafka.connect.runtime.WorkerConnector) [StartAndStopExecutor-connect-1-1]`,
      `org.apache.kafka.connect.errors.ConnectException: Error while attempting to create/find topic '${topic}'`,
      '\tat org.apache.kafka.connect.mirror.MirrorUtils.createCompactedTopic(MirrorUtils.java:300)',
      `Caused by: java.util.concurrent.ExecutionException: ${cause}`,
      `Caused by: ${cause}`,
    ].join('\n');

  it("a create-topic policy (Confluent Cloud's replication factor 3) on the checkpoints topic: the connector failure names the topic, the policy and the setting", () => {
    const [c] = causes(explainLogs(start('a->b.MirrorCheckpointConnector', 'a.checkpoints.internal', 'org.apache.kafka.common.errors.PolicyViolationException: Topic replication factor must be 3')));
    expect(c).toMatchObject({ code: 'checkpoint-connector-failed', topic: 'a.checkpoints.internal', title: 'a->b.MirrorCheckpointConnector connector failed: cannot create a.checkpoints.internal (Topic replication factor must be 3)' });
    expect(c?.action).toMatch(/create-topic policy .*checkpoints\.topic\.replication\.factor .*checkpointConnector\.config/);
  });

  it('a replication factor above the broker count on the offset-syncs topic, in a connector start line and in a KafkaMirrorMaker2 status', () => {
    const rf = 'org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 3 larger than available brokers: 1.';
    const [c] = causes(explainLogs(start('a->b.MirrorSourceConnector', 'mm2-offset-syncs.b.internal', rf)));
    expect(c).toMatchObject({ code: 'source-connector-failed', topic: 'mm2-offset-syncs.b.internal' });
    expect(c?.action).toMatch(/larger than the cluster's broker count .*offset-syncs\.topic\.replication\.factor/);
    const status = [
      '  status:',
      '    connectors:',
      '    - connector:',
      '        state: FAILED',
      `        trace: "org.apache.kafka.connect.errors.ConnectException: Error while attempting to create/find topic 'mm2-offset-syncs.b.internal'\\n\\tat org.apache.kafka.connect.mirror.MirrorUtils.createCompactedTopic(MirrorUtils.java:155)\\nCaused by: ${rf}\\n"`,
      '      name: a->b.MirrorSourceConnector',
      '      tasks: []',
    ].join('\n');
    expect(causes(explainLogs(status))[0]).toMatchObject({ code: 'source-failed-state', topic: 'mm2-offset-syncs.b.internal', title: 'a->b.MirrorSourceConnector is FAILED: cannot create mm2-offset-syncs.b.internal (Replication factor: 3 larger than available brokers: 1)' });
  });
});

describe('writes the target refuses for too few in-sync replicas', () => {
  const sender = (client: string, partition: string) =>
    `2024-03-01 10:00:01,000 WARN [a->b.MirrorCheckpointConnector|task-0] [Producer clientId=${client}] Got error produce response with correlation id 11 on topic-partition ${partition}, retrying (2147483646 attempts left). Error: NOT_ENOUGH_REPLICAS (org.apache.kafka.clients.producer.internals.Sender) [kafka-producer-network-thread | ${client}]`;

  it('on the checkpoints topic no checkpoint is stored; on the offset-syncs topic nothing can be translated; both say how to check the ISR', () => {
    const [c] = causes(explainLogs(sender('connector-producer-a->b.MirrorCheckpointConnector-0', 'a.checkpoints.internal-0')));
    expect(c).toMatchObject({ code: 'checkpoint-send-failed', topic: 'a.checkpoints.internal', connector: 'a->b.MirrorCheckpointConnector' });
    expect(c?.action).toMatch(/min\.insync\.replicas/);
    expect(causes(explainLogs(sender('a->b|MirrorSourceConnector-0|offset-syncs-source-producer', 'mm2-offset-syncs.b.internal-0')))[0]).toMatchObject({ code: 'offset-sync-send-failed', topic: 'mm2-offset-syncs.b.internal' });
  });

  it('on the heartbeats topic it is neither a cause nor a red herring', () => {
    const x = explainLogs(sender('connector-producer-a->b.MirrorHeartbeatConnector-0', 'heartbeats-0'));
    expect(x.entries.filter((e) => e.kind === 'cause' || e.kind === 'red-herring')).toEqual([]);
  });
});
