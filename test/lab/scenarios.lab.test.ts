/**
 * The diagnosis on real MirrorMaker 2: every way the issue lists for MM2 to write no checkpoint,
 * set up for real on the lab, diagnosed through the real config loader and Doctor.
 */
import { describe, expect, it } from 'vitest';
import { createTopic, produce, runConsumerGroup, type RunningGroup } from '../../src/lab/clients.ts';
import { Lab } from '../../src/lab/lab.ts';
import { KafkaCluster } from '../../src/lab/kafka-cluster.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import fs from 'node:fs/promises';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { diagnoseLab, evidenceText, finding, summary, writeLabConfig } from './diagnose.ts';
import { eventually, sleep, uniqueName } from './harness.ts';
import { scenarioKit } from './scenario.ts';

const { lab, src, tgt, cleanups, mirror, checkpointsOf } = scenarioKit();

async function offsetSyncsFlowing(p: string, m: LabMirror): Promise<void> {
  const reader = new ReadOnlyKafka({ alias: src, bootstrap: [lab.bootstrap(src)], timeoutMs: 5_000 });
  try {
    await eventually('offset syncs', async () => {
      const t = `mm2-offset-syncs.${m.targetAlias}.internal`;
      if (!(await reader.topics()).some((x) => x.name === t)) return false;
      return (await reader.readPartition(t, 0, { maxRecords: 1000 })).records.some((r) => r.key?.includes(Buffer.from(p)));
    });
  } finally {
    await reader.close();
  }
}

describe('diagnosis on the real lab', () => {
  it('seed: MM2 running, offset syncs flowing, no consumer group → no-consumer-groups, critical', async () => {
    const p = uniqueName('seed');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 100, { create: { partitions: 2 } });
    await offsetSyncsFlowing(p, m);
    await sleep(3_000);
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('no-consumer-groups');
    expect(d.report.verdict).toBe('critical');
    // Zero groups → zero tasks: reported, as a consequence, not as the cause.
    expect(finding(d, 'checkpoint-connector-no-tasks').severity).toBe('info');
    // The seed's first troubleshooting step, filled in for this cluster.
    const steps = JSON.stringify(d.report.rootCause);
    expect(steps).not.toContain('<');
    expect(d.facts.offsetSyncs.ok && d.facts.offsetSyncs.value.records.length).toBeGreaterThan(0);
  });

  it('a group that consumes but never commits → groups-without-offsets', async () => {
    const p = uniqueName('nocommit');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 50, { create: { partitions: 1 } });
    const g: RunningGroup = await runConsumerGroup(lab.kafka(src), { groupId: `${p}-reader`, topics: [`${p}-orders`], commit: false, stayActive: true });
    cleanups.push(() => g.stop());
    await offsetSyncsFlowing(p, m);
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('groups-without-offsets');
    expect(evidenceText(finding(d, 'groups-without-offsets'))).toContain(`${p}-reader`);
  });

  it('a committing group named console-consumer-4711 → groups-excluded-by-filter, naming the default exclude', async () => {
    const p = uniqueName('cc');
    const m = await mirror(p, { groupsPattern: undefined });
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: 'console-consumer-4711', topics: [`${p}-orders`] });
    await offsetSyncsFlowing(p, m);
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('groups-excluded-by-filter');
    const text = evidenceText(finding(d, 'groups-excluded-by-filter'));
    expect(text).toContain('console-consumer-4711');
    expect(text).toContain('console-consumer-.*');
    expect(text).toMatch(/default/i);
  });

  it('groupsPattern orders-.* with a committing group billing → groups-excluded-by-filter, naming the pattern and the Strimzi field', async () => {
    const p = uniqueName('gp');
    const m = await mirror(p, { groupsPattern: 'orders-.*' });
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `billing-${p}`, topics: [`${p}-orders`] });
    await offsetSyncsFlowing(p, m);
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('groups-excluded-by-filter');
    const text = evidenceText(finding(d, 'groups-excluded-by-filter'));
    expect(text).toContain(`billing-${p}`);
    expect(text).toContain('orders-.*');
    expect(text).toContain('spec.mirrors[0].groupsPattern');
  });

  it('a group committing only on a topic outside topicsPattern → groups-on-unmirrored-topics', async () => {
    const p = uniqueName('unm');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await produce(lab.kafka(src), `payments${p}`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-billing`, topics: [`payments${p}`] });
    await offsetSyncsFlowing(p, m);
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('groups-on-unmirrored-topics');
    const text = evidenceText(finding(d, 'groups-on-unmirrored-topics'));
    expect(text).toContain(`${p}-billing`);
    expect(text).toContain(`payments${p}`);
  });

  it('checkpoints topic pre-created with 3 partitions and cleanup.policy=delete → checkpoints-topic-misconfigured', async () => {
    const p = uniqueName('pre');
    await createTopic(lab.kafka(tgt), `${p}s.checkpoints.internal`, { partitions: 3, configs: { 'cleanup.policy': 'delete' } });
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints in the pre-created topic', async () => (await checkpointsOf(m)) > 0, 60_000);
    const d = await diagnoseLab(lab, m);
    const f = finding(d, 'checkpoints-topic-misconfigured');
    const text = evidenceText(f);
    expect(text).toMatch(/delete/);
    expect(text).toMatch(/3/);
    expect(['critical', 'warning']).toContain(d.report.verdict);
  });

  it('checkpoint connector paused → checkpoint-connector-not-running', async () => {
    const p = uniqueName('paused');
    const m = await mirror(p, { checkpointConnector: { state: 'paused' } });
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await lab.connect!.waitForStatus(m.name('checkpoint'), (s) => s.connector.state === 'PAUSED', 'PAUSED');
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('checkpoint-connector-not-running');
    expect(evidenceText(finding(d, 'checkpoint-connector-not-running'))).toContain('PAUSED');
  });

  it('emit.checkpoints.enabled=false → checkpoints-disabled', async () => {
    const p = uniqueName('noemit');
    // Kafka 3.9 rejects this config (KIP-1031); the operator would report it, Connect has no checkpoint connector.
    const m = await mirror(p, { checkpointConnector: { config: { 'emit.checkpoints.enabled': false } }, allowRejected: true });
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('checkpoints-disabled');
    expect(evidenceText(finding(d, 'checkpoints-disabled'))).toContain('emit.checkpoints.enabled');
  });

  it('healthy, checkpoints flowing → ok, no warning', async () => {
    const p = uniqueName('ok');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 60, { create: { partitions: 2 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints', async () => (await checkpointsOf(m)) >= 2, 60_000);
    const d = await diagnoseLab(lab, m);
    expect(d.report.verdict, summary(d)).toBe('ok');
    expect(d.report.findings.filter((f) => f.severity !== 'info'), summary(d)).toEqual([]);
    expect(d.report.findings.map((f) => f.code)).toContain('checkpoints-flowing');
    // sync.group.offsets is off (the lab's default, as Kafka's): said as info, with what a failover needs.
    expect(d.report.findings.find((f) => f.code === 'target-sync-disabled')?.severity).toBe('info');
    expect(d.report.findings.map((f) => f.code)).toContain('target-sync-disabled');
    // The MM2 runtime's version comes from the running worker, whatever the config defaults to.
    expect(d.facts.settings.kafkaVersion.raw).toBe(lab.version);
  });

  it('target cluster stopped → target-unreachable, answered within the configured timeout', async () => {
    const p = uniqueName('down');
    const m = await mirror(p);
    // A target that was up and is now stopped: a real broker, started then stopped.
    const gone = new KafkaCluster({ alias: `${p}gone`, jars: { version: lab.version, dir: '', classpath: `${process.cwd()}/lab/lib/${lab.version}/*`, fetched: false }, labDir: lab.info.dir, ownerPid: process.pid });
    await gone.start();
    const bootstrap = gone.bootstrap;
    await gone.stop();
    const started = Date.now();
    const d = await diagnoseLab(lab, m, { bootstrap: { [m.targetAlias]: bootstrap }, clusterExtra: { [m.targetAlias]: { timeoutMs: 2000 }, [m.sourceAlias]: { timeoutMs: 2000 } }, connect: false });
    const took = Date.now() - started;
    expect(d.report.rootCause?.code, summary(d)).toBe('target-unreachable');
    expect(took).toBeLessThan(2000 * 3);
    expect(evidenceText(finding(d, 'target-unreachable'))).toContain(bootstrap);
  });

  it('SASL lab where the bot may not describe groups → unknown with not-authorized, never no-consumer-groups', async () => {
    const p = uniqueName('acl');
    const saslLab = await Lab.start({ kafkaVersion: lab.version, clusters: [{ alias: `${p}sasl`, sasl: { users: { admin: 'admin-secret', bot: 'canary-Pa55word-7731' } } }], connect: false });
    cleanups.push(() => saslLab.stop());
    const sasl = saslLab.cluster(`${p}sasl`);
    const admin = saslLab.kafka(`${p}sasl`).admin();
    await admin.connect();
    // The bot may see the cluster and every topic and its configs, but no consumer group.
    await admin.createAcls({
      acl: [
        { resourceType: 4 /* CLUSTER */, resourceName: 'kafka-cluster', resourcePatternType: 3, principal: 'User:bot', host: '*', operation: 8 /* DESCRIBE */, permissionType: 3 },
        { resourceType: 2 /* TOPIC */, resourceName: '*', resourcePatternType: 3, principal: 'User:bot', host: '*', operation: 8, permissionType: 3 },
        { resourceType: 2, resourceName: '*', resourcePatternType: 3, principal: 'User:bot', host: '*', operation: 3 /* READ */, permissionType: 3 },
        { resourceType: 2, resourceName: '*', resourcePatternType: 3, principal: 'User:bot', host: '*', operation: 10 /* DESCRIBE_CONFIGS */, permissionType: 3 },
      ] as never,
    });
    await admin.disconnect();
    await produce(saslLab.kafka(`${p}sasl`), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(saslLab.kafka(`${p}sasl`), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    const m = await mirror(p, { sourceBootstrap: sasl.internalBootstrap });
    // MM2 itself (on the internal listener) checkpoints the group: only the bot's view is restricted.
    await eventually('MM2 checkpointing the group', async () => (await checkpointsOf(m)) > 0, 60_000);
    process.env.MM2_DOCTOR_TEST_BOT_PASSWORD = 'canary-Pa55word-7731';
    const d = await diagnoseLab(lab, m, {
      bootstrap: { [m.sourceAlias]: sasl.bootstrap },
      clusterExtra: { [m.sourceAlias]: { sasl: { mechanism: 'plain', username: 'bot', password: { env: 'MM2_DOCTOR_TEST_BOT_PASSWORD' } } } },
    });
    expect(d.report.verdict, summary(d)).toBe('unknown');
    expect(d.report.findings.map((f) => f.code), summary(d)).toContain('not-authorized');
    expect(d.report.findings.map((f) => f.code)).not.toContain('no-consumer-groups');
    expect(JSON.stringify(d.report, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('canary-Pa55word-7731');

    // Wrong credentials: said as such, and the (wrong) password appears nowhere.
    process.env.MM2_DOCTOR_TEST_BOT_PASSWORD = 'canary-WRONG-9902';
    const bad = await diagnoseLab(lab, m, {
      bootstrap: { [m.sourceAlias]: sasl.bootstrap },
      clusterExtra: { [m.sourceAlias]: { sasl: { mechanism: 'plain', username: 'bot', password: { env: 'MM2_DOCTOR_TEST_BOT_PASSWORD' } } } },
    });
    expect(bad.report.rootCause?.code, summary(bad)).toBe('source-unreachable');
    expect(evidenceText(bad.report.rootCause!)).toMatch(/authentication as "bot" failed/);
    const everything = JSON.stringify([bad.report, bad.facts], (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(everything).not.toContain('canary-WRONG-9902');
    delete process.env.MM2_DOCTOR_TEST_BOT_PASSWORD;
  });

  it('corrupt records in the checkpoints topic are reported with their offsets; the rest still decode', async () => {
    const p = uniqueName('corrupt');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints', async () => (await checkpointsOf(m)) > 0, 60_000);
    // Someone writes garbage into the topic (a JSON-converter client, a truncated record).
    const producer = lab.kafka(tgt).producer();
    await producer.connect();
    await producer.send({ topic: `${m.sourceAlias}.checkpoints.internal`, messages: [{ key: Buffer.from([0, 9, 1]), value: Buffer.from([0]) }, { key: 'k', value: '{"schema":{"type":"bytes"},"payload":"AAA="}' }] });
    await producer.disconnect();
    const d = await diagnoseLab(lab, m);
    const read = d.facts.checkpoints;
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.corrupt.length).toBe(2);
    expect(read.value.corrupt.map((c) => c.code)).toEqual(expect.arrayContaining(['truncated', 'converter-mismatch']));
    const good = read.value.records.filter((r) => r.group === `${p}-app`);
    expect(good.length).toBeGreaterThan(0);
    expect(read.value.corrupt.every((c) => c.offset > good[0]!.offset)).toBe(true);
    // The JSON-looking record is what a JsonConverter worker writes (C17): said so.
    expect(evidenceText(finding(d, 'checkpoints-converter-mismatch'))).toMatch(/JSON|converter/i);
  });

  it('Kafka Connect unreachable → connect-unreachable, and the Kafka side is still diagnosed', async () => {
    const p = uniqueName('noconnect');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints', async () => (await checkpointsOf(m)) > 0, 60_000);
    const file = await writeLabConfig(lab, m);
    // Point the config at a port nothing listens on.
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(lab.info.connectUrl!, 'http://127.0.0.1:9'));
    const loaded = loadConfig(file);
    if (!loaded.ok) throw new Error('config');
    const doctor = createDoctor(loaded.config);
    cleanups.push(() => doctor.close());
    const d = await doctor.diagnose(doctor.resolve(m.sourceAlias));
    expect(d.report.findings.map((f) => f.code), summary(d)).toContain('connect-unreachable');
    expect(d.report.findings.map((f) => f.code)).toContain('checkpoints-flowing');
    // sync.group.offsets is off (the lab's default, as Kafka's): said as info, with what a failover needs.
    expect(d.report.findings.find((f) => f.code === 'target-sync-disabled')?.severity).toBe('info');
    expect(d.report.findings.map((f) => f.code)).toContain('target-sync-disabled');
    // The MM2 runtime's version comes from the running worker, whatever the config defaults to.
    expect(d.facts.settings.kafkaVersion.raw).toBe(lab.version);
    expect(d.facts.sourceGroups.ok).toBe(true);
  });
});
