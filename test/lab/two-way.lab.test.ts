/**
 * Many flows over the same clusters: a two-way mirror a->b and b->a, healthy in both directions.
 * The reverse flow's internal topics (its mm2-offset-syncs.<a>.internal lives on b, exactly where
 * a->b's "offset-syncs.topic.location=target" look-alike would be) belong to a real flow: neither
 * diagnosis reports them, and both verdicts are ok. A hand-made name no flow explains is still a
 * look-alike.
 *
 * As Strimzi runs it: two KafkaMirrorMaker2, each on a Connect cluster attached to its target (a
 * source connector writes through its own worker's cluster), so b->a gets a second worker on a.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { createTopic, produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { ConnectWorker } from '../../src/lab/connect-worker.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { evidenceText, finding, summary } from './diagnose.ts';
import { eventually, uniqueName, useLab } from './harness.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import { afterAll } from 'vitest';

const lab = useLab();
const a = lab.sourceCluster; // svl
const b = lab.connectCluster; // confluent
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function topicNames(cluster: string): Promise<string[]> {
  const k = new ReadOnlyKafka({ alias: cluster, bootstrap: [lab.bootstrap(cluster)], timeoutMs: 5_000 });
  try {
    return (await k.topics()).map((t) => t.name);
  } finally {
    await k.close();
  }
}

async function checkpointsOf(cluster: string, m: LabMirror): Promise<number> {
  const name = `${m.sourceAlias}.checkpoints.internal`;
  if (!(await topicNames(cluster)).includes(name)) return 0;
  const k = new ReadOnlyKafka({ alias: cluster, bootstrap: [lab.bootstrap(cluster)], timeoutMs: 5_000 });
  try {
    return (await k.readPartition(name, 0, { maxRecords: 10_000 })).records.length;
  } finally {
    await k.close();
  }
}

describe('a two-way mirror on the real lab', () => {
  it('healthy in both directions → both verdicts ok; the other flow\'s internal topics are not look-alikes', async () => {
    const p = uniqueName('two');
    const [A, B] = [`${p}a`, `${p}b`];
    // The reverse flow's Connect worker, on cluster a (its target).
    const dir = await fs.mkdtemp(path.join(lab.info.dir, `worker-${p}-`));
    const worker = new ConnectWorker({ jars: { version: lab.version, dir: '', classpath: `${process.cwd()}/lab/lib/${lab.version}/*`, fetched: false }, labDir: dir, ownerPid: process.pid, targetBootstrap: lab.info.clusters[a]!.internalBootstrap });
    const workerStarted = worker.start();
    cleanups.push(() => worker.stop());

    const ab = await lab.addMirror({ sourceCluster: a, targetCluster: b, sourceAlias: A, targetAlias: B, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, name: `${p}-ab` });
    cleanups.push(() => ab.delete());
    await workerStarted;
    const ba = await lab.addMirror({ sourceCluster: b, targetCluster: a, sourceAlias: B, targetAlias: A, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, name: `${p}-ba`, connect: worker.rest });
    cleanups.push(() => ba.delete());

    await produce(lab.kafka(a), `${p}-orders`, 40, { create: { partitions: 1 } });
    await produce(lab.kafka(b), `${p}-payments`, 40, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(a), { groupId: `${p}-orders-app`, topics: [`${p}-orders`] });
    await runConsumerGroup(lab.kafka(b), { groupId: `${p}-payments-app`, topics: [`${p}-payments`] });
    await eventually('checkpoints of a->b on b', async () => (await checkpointsOf(b, ab)) > 0, 60_000);
    await eventually('checkpoints of b->a on a', async () => (await checkpointsOf(a, ba)) > 0, 60_000);
    // b->a's offset syncs live on b under the name a->b would use with offset-syncs.topic.location=target.
    expect(await topicNames(b)).toContain(`mm2-offset-syncs.${A}.internal`);
    expect(await topicNames(a)).toContain(`mm2-offset-syncs.${B}.internal`);

    const cfgDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-two-way-'));
    await fs.writeFile(path.join(cfgDir, 'ab.yaml'), YAML.stringify(ab.cr));
    await fs.writeFile(path.join(cfgDir, 'ba.yaml'), YAML.stringify(ba.cr));
    const file = path.join(cfgDir, 'mm2-doctor.yaml');
    await fs.writeFile(
      file,
      YAML.stringify({
        clusters: { [A]: { bootstrap: lab.bootstrap(a) }, [B]: { bootstrap: lab.bootstrap(b) } },
        mirrors: [
          { source: A, target: B, kafkaVersion: lab.version, connect: { url: lab.info.connectUrl }, strimzi: { file: 'ab.yaml' } },
          { source: B, target: A, kafkaVersion: lab.version, connect: { url: worker.url }, strimzi: { file: 'ba.yaml' } },
        ],
      }),
    );
    const loaded = loadConfig(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const doctor = createDoctor(loaded.config);
    cleanups.push(() => doctor.close());
    const dab = await doctor.diagnose(doctor.resolve(`${A}->${B}`));
    const dba = await doctor.diagnose(doctor.resolve(`${B}->${A}`));
    for (const [d, other] of [[dab, `${B}->${A}`], [dba, `${A}->${B}`]] as const) {
      expect(d.report.verdict, summary(d)).toBe('ok');
      expect(d.report.findings.filter((f) => f.severity !== 'info'), summary(d)).toEqual([]);
      expect(d.report.findings.map((f) => f.code)).toContain('checkpoints-flowing');
      expect(d.facts.otherFlows?.map((f) => `${f.sourceAlias}->${f.targetAlias}`)).toContain(other);
      expect(d.facts.lookalikeTopics).toEqual([]);
      expect(d.failover?.summary).toMatchObject({ total: 1, ready: 1 });
    }

    // A name that no known flow explains is still reported.
    await createTopic(lab.kafka(b), `${A}-checkpoints-internal`, { partitions: 1, configs: { 'cleanup.policy': 'compact' } });
    const again = await doctor.diagnose(doctor.resolve(`${A}->${B}`));
    const f = finding(again, 'checkpoints-topic-name-mismatch');
    expect(evidenceText(f)).toContain(`${A}-checkpoints-internal`);
    expect(evidenceText(f)).not.toContain(`mm2-offset-syncs.${A}.internal`);
  }, 180_000);
});
