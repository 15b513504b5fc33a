/**
 * Every check against the real lab at least once: the causes test/lab/scenarios.lab.test.ts does
 * not already set up — names, offset-syncs topic, refresh delay, translation, connector parity,
 * staleness, a dropped cluster seen in the real Connect log.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { createTopic, harnessKafka, produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { KafkaCluster } from '../../src/lab/kafka-cluster.ts';
import { fileSize, readFrom } from '../../src/lab/jvm.ts';
import { diagnoseLab, evidenceText, finding, summary } from './diagnose.ts';
import { eventually, sleep, uniqueName, waitForConnectLog } from './harness.ts';
import { scenarioKit } from './scenario.ts';
import { KubeStandIn } from '../kube-standin/index.ts';

const { lab, src, tgt, cleanups, mirror, checkpointsOf } = scenarioKit();

const codes = (d: Awaited<ReturnType<typeof diagnoseLab>>) => d.report.findings.map((f) => f.code);

describe('checks on the real lab', () => {
  it('a hand-made svl-checkpoints-internal look-alike → checkpoints-topic-name-mismatch', async () => {
    const p = uniqueName('look');
    await createTopic(lab.kafka(tgt), `${p}s-checkpoints-internal`, { partitions: 1, configs: { 'cleanup.policy': 'compact' } });
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    const d = await diagnoseLab(lab, m);
    expect(evidenceText(finding(d, 'checkpoints-topic-name-mismatch'))).toContain(`${p}s-checkpoints-internal`);
  });

  it('no source connector → offset-syncs-missing', async () => {
    const p = uniqueName('nosrc');
    const m = await mirror(p, { sourceConnector: null });
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    const d = await diagnoseLab(lab, m);
    expect(codes(d), summary(d)).toContain('offset-syncs-missing');
  });

  it('offset-syncs topic pre-created with cleanup.policy=delete → offset-syncs-topic-misconfigured', async () => {
    const p = uniqueName('osdel');
    await createTopic(lab.kafka(src), `mm2-offset-syncs.${p}t.internal`, { partitions: 1, configs: { 'cleanup.policy': 'delete' } });
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    const d = await diagnoseLab(lab, m);
    expect(evidenceText(finding(d, 'offset-syncs-topic-misconfigured'))).toMatch(/delete/);
  });

  it('no checkpoint connector → checkpoint-connector-missing', async () => {
    const p = uniqueName('nocp');
    const m = await mirror(p, { checkpointConnector: null });
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    const d = await diagnoseLab(lab, m);
    expect(d.report.rootCause?.code, summary(d)).toBe('checkpoint-connector-missing');
    // Nothing created the checkpoints topic either (MirrorCheckpointConnector.start does).
    expect(codes(d)).toContain('checkpoints-topic-missing');
  });

  it('a group that appeared after the connector started, with refresh every 600 s → groups-pending-refresh', async () => {
    const p = uniqueName('refresh');
    const m = await mirror(p, { checkpointConnector: { config: { 'refresh.groups.interval.seconds': 600 } } });
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-late`, topics: [`${p}-orders`] });
    const d = await diagnoseLab(lab, m);
    const f = finding(d, 'groups-pending-refresh');
    expect(evidenceText(f)).toContain(`${p}-late`);
    expect(evidenceText(f)).toContain('600');
  });

  it('a group committed below the first offset sync (replication from latest) → translation-impossible', async () => {
    const p = uniqueName('latest');
    await produce(lab.kafka(src), `${p}-orders`, 100, { create: { partitions: 1 } });
    // The group read 10 records long ago; MM2 then starts replicating from the log end.
    const admin = lab.kafka(src).admin();
    await admin.connect();
    await admin.setOffsets({ groupId: `${p}-old`, topic: `${p}-orders`, partitions: [{ partition: 0, offset: '10' }] });
    await admin.disconnect();
    const m = await mirror(p, { sourceConnector: { config: { 'consumer.auto.offset.reset': 'latest' } } });
    await sleep(2_000);
    await produce(lab.kafka(src), `${p}-orders`, 20);
    await eventually('the group assigned to a checkpoint task', async () => {
      const t = await lab.connect!.tasks(m.name('checkpoint'));
      return t.some((x) => (x.config['task.assigned.groups'] ?? '').includes(`${p}-old`));
    });
    await sleep(2_000);
    const d = await diagnoseLab(lab, m);
    const f = finding(d, 'translation-impossible');
    expect(evidenceText(f)).toContain(`${p}-old`);
    expect(await checkpointsOf(m)).toBe(0); // and MM2 indeed wrote none
  });

  it('source and checkpoint connectors with different separators → connector-config-mismatch', async () => {
    const p = uniqueName('sep');
    const m = await mirror(p, { checkpointConnector: { config: { 'replication.policy.separator': '_' } } });
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    const d = await diagnoseLab(lab, m);
    expect(evidenceText(finding(d, 'connector-config-mismatch'))).toContain('replication.policy.separator');
  });

  it('checkpoints that stopped following a committing group → checkpoints-stale (seen six hours later)', async () => {
    const p = uniqueName('stale');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('a first checkpoint', async () => (await checkpointsOf(m)) > 0, 60_000);
    // MM2 stops emitting (an hour-long interval), while the group keeps consuming and committing.
    await lab.connect!.putConnector(m.name('checkpoint'), { ...(await lab.connect!.request('GET', `/connectors/${encodeURIComponent(m.name('checkpoint'))}/config`)).json as Record<string, string>, 'emit.checkpoints.interval.seconds': '3600' });
    await sleep(2_000);
    const before = await checkpointsOf(m);
    await produce(lab.kafka(src), `${p}-orders`, 300);
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await sleep(3_000);
    expect(await checkpointsOf(m)).toBe(before);
    const d = await diagnoseLab(lab, m, { now: () => Date.now() + 6 * 3600_000 });
    expect(evidenceText(finding(d, 'checkpoints-stale'))).toContain(`${p}-app`);
  });

  it('a source cluster that drops away: the real Connect log shows the disconnects → network-instability, none of them called harmless while it is down, and lifecycle once it is back', async () => {
    const p = uniqueName('net');
    const flaky = new KafkaCluster({ alias: `${p}flaky`, jars: { version: lab.version, dir: '', classpath: `${process.cwd()}/lab/lib/${lab.version}/*`, fetched: false }, labDir: lab.info.dir, ownerPid: process.pid });
    await flaky.start();
    cleanups.push(() => flaky.stop());
    await produce(harnessKafka(flaky.bootstrap), `${p}-orders`, 20, { create: { partitions: 1 } });
    const m = await mirror(p, { sourceBootstrap: flaky.bootstrap });
    const from = await fileSize(lab.info.connectLog!);
    await flaky.stop();
    await waitForConnectLog('MM2 logging the lost connection', /could not be established|Disconnecting from node|disconnected/i, from, 60_000);
    await sleep(3_000);
    const logsText = await readFrom(lab.info.connectLog!, from);
    const d = await diagnoseLab(lab, m, { bootstrap: { [m.sourceAlias]: flaky.bootstrap }, logsText, clusterExtra: { [m.sourceAlias]: { timeoutMs: 2000 } } });
    expect(d.report.rootCause?.code, summary(d)).toBe('source-unreachable');
    expect(codes(d), summary(d)).toContain('network-instability');
    // The log also has bootstrap "Node -1 disconnected" lines, lifecycle when the clusters answer;
    // with the source not answering mm2-doctor now they may be the outage itself, so none of them
    // may be called a red herring (src/checks/log-red-herring.ts).
    const herrings = d.report.findings.filter((f) => f.code === 'log-red-herring').map((f) => f.title);
    expect(herrings.filter((t) => /disconnected/i.test(t)), summary(d)).toEqual([]);

    // The source comes back on the same address and MM2's clients reach it again: with both clusters
    // answering mm2-doctor, the same bootstrap drops in the log are client lifecycle, not the cause.
    await flaky.start();
    let last = '';
    const after = await eventually(
      'the source answering again and the drops read as lifecycle',
      async () => {
        const again = await diagnoseLab(lab, m, { bootstrap: { [m.sourceAlias]: flaky.bootstrap }, logsText: await readFrom(lab.info.connectLog!, from), clusterExtra: { [m.sourceAlias]: { timeoutMs: 5000 } } });
        last = summary(again);
        return again.report.rootCause?.code !== 'source-unreachable' && codes(again).includes('log-red-herring') ? again : undefined;
      },
      90_000,
      2_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${last}`);
    });
    expect(codes(after), summary(after)).toContain('log-red-herring');
  });

  it('the KafkaMirrorMaker2 read from the Kubernetes API (no Connect REST) decides the settings and names its fields', async () => {
    const p = uniqueName('kube');
    const m = await mirror(p, { groupsPattern: 'orders-.*', name: `${p}-mm2` });
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `billing-${p}`, topics: [`${p}-orders`] });
    // The Kubernetes API cannot run here: the stand-in answers as it does (Strimzi 0.45 serves
    // v1beta2 only), with the very resource the lab applied to Kafka Connect.
    const api = await KubeStandIn.start({ versions: ['v1beta2'] });
    api.putMirrorMaker2('kafka', { ...m.cr, metadata: { name: `${p}-mm2` } });
    cleanups.push(() => api.stop());
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-kube-')), 'mm2-doctor.yaml');
    await fs.writeFile(
      file,
      YAML.stringify({
        clusters: { [`${p}s`]: { bootstrap: lab.bootstrap(src) }, [`${p}t`]: { bootstrap: lab.bootstrap(tgt) } },
        mirrors: [{ source: `${p}s`, target: `${p}t`, strimzi: { kubernetes: { namespace: 'kafka', name: `${p}-mm2` } } }],
      }),
    );
    const loaded = loadConfig(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const doctor = createDoctor(loaded.config, { env: { MM2_DOCTOR_KUBE_API: api.url } });
    const d = await doctor.diagnose(doctor.resolve(`${p}s`));
    expect(d.facts.strimziResource?.ok, summary(d)).toBe(true);
    expect(d.report.rootCause?.code, summary(d)).toBe('groups-excluded-by-filter');
    expect(evidenceText(d.report.rootCause!)).toContain('spec.mirrors[0].groupsPattern');
    expect(d.runbook.strimzi?.name).toBe(`${p}-mm2`);
  });
});
