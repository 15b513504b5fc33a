import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { logCauses } from '../../src/checks/log-causes.ts';
import { buildReport } from '../../src/doctor/report.ts';
import { explainLogs } from '../../src/logs/explain.ts';
import type { Facts } from '../../src/model/facts.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const corpus = (file: string) => readFileSync(new URL(`../logs/corpus/${file}`, import.meta.url), 'utf8');
const withLogs = (f: Facts, text: string): Facts => ({ ...f, logs: explainLogs(text) });
/** Everything mm2-doctor reads live is out of reach: both clusters and Connect. */
const allDown = (): Facts => fx.withFailed(fx.withTargetUnreachable(fx.withSourceUnreachable(fx.fixHealthyFacts())), 'connect', 'unreachable', 'GET /connectors: ECONNREFUSED');

const WORKER_DEAD = corpus('01-strimzi3207-group-authz-herder-exit.txt');
const CLIENTS = corpus('06-strimzi8691-forwardingadmin-keystore.txt');
const ZERO = `2024-11-12 10:40:55,377 INFO [svl->confluent.MirrorCheckpointConnector|worker] Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector) [t]`;

const HUNG = `2024-09-19 08:04:36,737 ERROR [svl->confluent.MirrorCheckpointConnector|worker] Connector 'svl->confluent.MirrorCheckpointConnector' failed to properly shut down, has become unresponsive, and may be consuming external resources. Correct the configuration for this connector or remove the connector. After fixing the connector, it may be necessary to restart this worker to release any consumed resources. (org.apache.kafka.connect.runtime.Worker) [DistributedHerder-connect-1]`;

describe('log-causes', () => {
  it.each([
    ['worker death, Connect down', withLogs(fx.withFailed(fx.fixHealthyFacts(), 'connect', 'unreachable', 'ECONNREFUSED'), WORKER_DEAD), ['connect-worker-dead:critical']],
    ['worker death, Connect answers: the live state decides', withLogs(fx.fixHealthyFacts(), WORKER_DEAD), []],
    ['client config failure, no Connect URL', withLogs(fx.withoutConnect(fx.fixHealthyFacts()), CLIENTS), ['mm2-client-config-failed:critical']],
    ['0 groups, source unreachable', withLogs(fx.withSourceUnreachable(fx.fixHealthyFacts()), ZERO), ['no-consumer-groups:warning']],
    ['0 groups, groups read live', withLogs(fx.fixHealthyFacts(), ZERO), []],
    ['0 groups while mm2-doctor may not list groups: not-authorized says why', withLogs(fx.withGroupsUnlistable(fx.fixHealthyFacts()), ZERO), []],
    ['no logs', fx.fixHealthyFacts(), []],
    ['records too large for the target, Connect down', withLogs(fx.withFailed(fx.fixHealthyFacts(), 'connect', 'unreachable', 'ECONNREFUSED'), corpus('44-phalanx1999-message-too-large-inline-fence.txt')), ['source-connector-failed:warning']],
    ['a checkpoint connector the worker gave up stopping, no Connect URL', withLogs(fx.withoutConnect(fx.fixHealthyFacts()), HUNG), ['checkpoint-connector-not-running:critical']],
  ])('%s', (_name, facts, expected) => {
    expect(summary(logCauses, facts)).toEqual(expected);
  });

  it("leaves out another flow's lines when the logs also show this mirror's flow, and counts them when whose they are cannot be told", () => {
    // One Connect worker runs every mirror of a KafkaMirrorMaker2: east->west's "0 groups" is not svl->confluent's.
    const OWN = `2024-11-12 10:40:56,001 INFO [svl->confluent.MirrorCheckpointConnector|task-0] Finished reading KafkaBasedLog for topic mm2-offset-syncs.confluent.internal (org.apache.kafka.connect.util.KafkaBasedLog) [t]`;
    const OTHER = ZERO.replaceAll('svl->confluent', 'east->west');
    const down = fx.withSourceUnreachable(fx.fixHealthyFacts());
    expect(summary(logCauses, withLogs(down, `${OWN}\n${OTHER}`))).toEqual([]);
    expect(summary(logCauses, withLogs(down, `${OWN}\n${ZERO}`))).toEqual(['no-consumer-groups:warning']);
    // No line names svl->confluent: the aliases in the logs may differ from the config's, so it counts.
    expect(summary(logCauses, withLogs(down, OTHER))).toEqual(['no-consumer-groups:warning']);
    // Unless Connect (or the config, or the resource) shows east->west running beside it.
    expect(summary(logCauses, withLogs({ ...down, otherFlows: [{ sourceAlias: 'east', targetAlias: 'west', from: 'connect' }] }, OTHER))).toEqual([]);
  });

  it("another flow's clients that never reached a broker are that flow's trouble, not this mirror's", () => {
    // One worker, two flows: east->west's clients keep dropping at their bootstrap (its cluster is
    // gone), while svl->confluent's clients reach theirs. Seen on the shared lab worker.
    const worker = '2024-11-12 10:41:00,000 INFO [Worker clientId=connect-1, groupId=mm2] Cluster ID: UYTj0E0PQOmG9PAb6axowg (org.apache.kafka.clients.Metadata) [t]';
    const cancel = (flow: string, s: number) =>
      `2024-11-12 10:42:0${s},000 INFO [${flow}.MirrorSourceConnector|worker] [AdminClient clientId=${flow}|${flow}.MirrorSourceConnector|replication-source-admin] Cancelled in-flight API_VERSIONS request with correlation id ${s} due to node -1 being disconnected (elapsed time since creation: 2ms, elapsed time since send: 2ms, request timeout: 30000ms) (org.apache.kafka.clients.NetworkClient) [t]`;
    const own = '2024-11-12 10:42:05,000 INFO [svl->confluent.MirrorSourceConnector|task-0] [Producer clientId=svl->confluent|svl->confluent.MirrorSourceConnector-0|offset-syncs-source-producer] Cluster ID: UYTj0E0PQOmG9PAb6axowg (org.apache.kafka.clients.Metadata) [t]';
    const theirs = [worker, cancel('east->west', 1), cancel('east->west', 2), own].join('\n');
    const x = explainLogs(theirs);
    expect(x.entries.find((e) => e.code === 'never-connected')).toMatchObject({ flow: 'east->west', count: 2 });
    expect(summary(logCauses, withLogs(fx.fixHealthyFacts(), theirs))).toEqual([]);
    // This mirror's own clients stuck the same way are its cause.
    const mine = [worker, cancel('svl->confluent', 1), cancel('svl->confluent', 2)].join('\n');
    expect(summary(logCauses, withLogs(fx.withoutConnect(fx.fixHealthyFacts()), mine))).toEqual(['mm2-client-config-failed:critical']);
    // Both flows stuck: two entries, one per flow.
    expect(explainLogs([worker, cancel('east->west', 1), cancel('east->west', 2), cancel('svl->confluent', 1), cancel('svl->confluent', 2)].join('\n')).entries.filter((e) => e.code === 'never-connected').map((e) => e.flow)).toEqual(['east->west', 'svl->confluent']);
  });

  it('marks the finding as coming from the logs, with the ACL to grant and the live fact it could not read', () => {
    const [f] = logCauses.run(withLogs(allDown(), WORKER_DEAD));
    expect(f?.title).toBe('From the logs: Kafka Connect worker stopped: not authorized to use its consumer group mirrormaker2-cluster');
    expect(ev(f, 'from the logs')).toMatch(/^Kafka Connect worker stopped/);
    expect(ev(f, 'log line')).toContain('Uncaught exception in herder work thread, exiting');
    expect(ev(f, 'to fix')).toMatch(/READ on Group mirrormaker2-cluster/);
    expect(ev(f, 'not checked live')).toBe('connect: unreachable (GET /connectors: ECONNREFUSED)');
    expect(f?.subject?.groups).toEqual(['mirrormaker2-cluster']);
  });

  it('ranks a proven worker death as the root cause before mm2-doctor\'s own reachability', () => {
    const r = buildReport(withLogs(allDown(), WORKER_DEAD), ALL_CHECKS);
    expect(r.verdict).toBe('critical');
    expect(r.rootCause?.code).toBe('connect-worker-dead');
    expect(r.findings.map((f) => f.code).slice(0, 3)).toEqual(['connect-worker-dead', 'source-unreachable', 'target-unreachable']);
  });

  it('keeps the seed case\'s log causes when nothing can be read live: 0 groups, not the red herring', () => {
    const facts = withLogs(allDown(), readFileSync(new URL('../logs/fixtures/seed-case-strimzi.txt', import.meta.url), 'utf8'));
    const r = buildReport(facts, ALL_CHECKS);
    const codes = r.findings.map((f) => f.code);
    expect(codes).toContain('no-consumer-groups');
    expect(r.findings.find((f) => f.code === 'no-consumer-groups')?.title).toMatch(/^From the logs: .* started with 0 consumer groups$/);
    expect(r.findings.find((f) => f.code === 'log-red-herring')?.title).toMatch(/Topic-config sync failed/);
    expect(r.rootCause?.code).toBe('source-unreachable');
  });

  it('a source connector failure counts unless Connect shows the source connector RUNNING now', () => {
    const failedSource = '2024-11-12 10:42:01,123 ERROR [svl->confluent.MirrorSourceConnector|task-0] WorkerSourceTask{id=svl->confluent.MirrorSourceConnector-0} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted (org.apache.kafka.connect.runtime.WorkerTask) [t]';
    expect(summary(logCauses, withLogs(fx.fixHealthyFacts(), failedSource))).toEqual([]);
    expect(summary(logCauses, withLogs(fx.withSourceConnector(fx.fixHealthyFacts(), { state: 'FAILED' }), failedSource))).toEqual(['source-connector-failed:critical']);
    expect(summary(logCauses, withLogs(fx.withoutConnect(fx.fixHealthyFacts()), failedSource))).toEqual(['source-connector-failed:critical']);
  });

  it("MM2's own ACLs: no live fact shows them, so the log line always counts", () => {
    const denied = '2024-11-12 10:42:01,123 ERROR [svl->confluent.MirrorCheckpointConnector|worker] GroupAuthorizationException occurred while trying to list offsets for consumer group orders-app on svl cluster (org.apache.kafka.connect.mirror.MirrorUtils) [t]';
    const [f] = logCauses.run(withLogs(fx.fixHealthyFacts(), denied));
    expect(f).toMatchObject({ code: 'mm2-not-authorized', severity: 'warning', subject: { groups: ['orders-app'], cluster: 'source' } });
    expect(ev(f, 'not checked live')).toMatch(/no live fact/);
  });

  it('several log causes of one finding code make one finding', () => {
    const text = [
      '2024-11-12 10:42:01,123 ERROR Error polling: org.apache.kafka.common.errors.TimeoutException: x (org.apache.kafka.connect.util.KafkaBasedLog) [KafkaBasedLog Work Thread - mm2-offset-syncs.confluent.internal]',
      '2024-11-12 10:42:02,123 WARN Failure polling consumer state for checkpoints. (org.apache.kafka.connect.mirror.MirrorCheckpointTask) [t]',
    ].join('\n');
    const found = logCauses.run(withLogs(fx.withTargetUnreachable(fx.fixHealthyFacts()), text));
    expect(found.map((f) => f.code)).toEqual(['checkpoints-not-emitted']);
    expect(found[0]?.title).toMatch(/\(\+1 more log cause\)$/);
    expect(found[0]?.evidence.filter((e) => e.label === 'from the logs')).toHaveLength(2);
  });
});
