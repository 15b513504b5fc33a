/**
 * The end of the chain on real MirrorMaker 2 (issue 10): MM2 writing checkpoints into the target's
 * consumer groups (sync.group.offsets), what keeps it from doing so, coarse translation, "pending"
 * while MM2 catches up, and a known bug of the running release. Each scenario sets the cause up
 * for real and diagnoses it through the real config loader and Doctor.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { Lab } from '../../src/lab/lab.ts';
import { fileSize, readFrom, waitForLog } from '../../src/lab/jvm.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import { classifyKafkaError } from '../../src/kafka/connection.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { diagnoseLab, evidenceText, finding, summary } from './diagnose.ts';
import { eventually, sleep, uniqueName, waitForConnectLog } from './harness.ts';
import { scenarioKit } from './scenario.ts';

const { lab, src, tgt, cleanups, mirror, checkpointsOf } = scenarioKit();
const codes = (d: Awaited<ReturnType<typeof diagnoseLab>>) => d.report.findings.map((f) => f.code);
const SYNC = { 'sync.group.offsets.enabled': true, 'sync.group.offsets.interval.seconds': 1 };

/** Commits `offset` for `group` on partition 0 of `topic`, as kafka-consumer-groups --reset-offsets does (no member). */
async function commitAt(cluster: string, group: string, topic: string, offset: number): Promise<void> {
  const admin = lab.kafka(cluster).admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: String(offset) }] });
  } finally {
    await admin.disconnect();
  }
}

/** A group's committed offsets on a lab cluster, read the way mm2-doctor reads them. */
async function offsetsOn(cluster: string, group: string): Promise<Map<string, bigint>> {
  const conn = { alias: cluster, bootstrap: [lab.bootstrap(cluster)], timeoutMs: 5_000 };
  const k = new ReadOnlyKafka(conn);
  try {
    const [g] = await k.groups({ groupIds: [group], classify: (e, op) => classifyKafkaError(e, conn, op) });
    return new Map(g?.offsets.ok ? g.offsets.value.map((o) => [`${o.topic}-${o.partition}`, o.offset]) : []);
  } finally {
    await k.close();
  }
}

async function groupIdsOn(cluster: string): Promise<string[]> {
  const admin = lab.kafka(cluster).admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  } finally {
    await admin.disconnect();
  }
}

/** Waits until MM2 has written a checkpoint for `group` whose upstream offset is `upstream`. */
async function checkpointFor(m: LabMirror, group: string, upstream: bigint): Promise<void> {
  await eventually(`a checkpoint of ${group} at ${upstream}`, async () => {
    const d = await diagnoseLab(lab, m);
    return d.facts.checkpoints.ok && d.facts.checkpoints.value.records.some((r) => r.group === group && r.upstreamOffset === upstream);
  }, 60_000, 1_000);
}

describe('target group offsets on the real lab', () => {
  it('a checkpointed group in use on the target → target-group-active, naming its member and host', async () => {
    const p = uniqueName('active');
    const m = await mirror(p, { checkpointConnector: { config: SYNC } });
    const from = await fileSize(lab.info.connectLog!);
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints', async () => (await checkpointsOf(m)) > 0, 60_000);
    // The same group starts consuming on the target and stays: MM2's commits for it are refused.
    const onTarget = await runConsumerGroup(lab.kafka(tgt), { groupId: `${p}-app`, topics: [`${p}s.${p}-orders`], stayActive: true });
    cleanups.push(() => onTarget.stop());
    await produce(lab.kafka(src), `${p}-orders`, 30);
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await waitForConnectLog('MM2 refused by the broker', `Unable to sync offsets for consumer group ${p}-app. This is likely caused by consumers currently using this group`, from, 60_000);
    const logsText = await readFrom(lab.info.connectLog!, from);
    const d = await diagnoseLab(lab, m, { logsText });
    const f = finding(d, 'target-group-active');
    expect(f.severity).toBe('warning');
    expect(f.subject?.groups).toEqual([`${p}-app`]);
    expect(evidenceText(f)).toContain('mm2-doctor-lab@127.0.0.1');
    expect(evidenceText(f)).toMatch(/MM2 logged: \d+× .*Unable to sync offsets for consumer group/);
    // Failover: the group has members on the target; their commits decide, not MM2's.
    expect(d.failover?.groups.find((g) => g.group === `${p}-app`)?.target?.members[0]).toEqual({ clientId: 'mm2-doctor-lab', host: '127.0.0.1' });
  });

  it('a source group reset backwards → target-offsets-ahead (MM2 never rewinds the target), and the diagnosis reads the target without touching it', async () => {
    const p = uniqueName('ahead');
    const m = await mirror(p, { checkpointConnector: { config: SYNC } });
    await produce(lab.kafka(src), `${p}-orders`, 50, { create: { partitions: 1 } });
    await commitAt(src, `${p}-app`, `${p}-orders`, 50);
    await eventually('MM2 writing the group\'s offset on the target', async () => (await offsetsOn(tgt, `${p}-app`)).get(`${p}s.${p}-orders-0`) === 50n, 60_000);
    // The source group is reset to 20 (e.g. to reprocess); MM2 checkpoints 20 and leaves the target at 50.
    await commitAt(src, `${p}-app`, `${p}-orders`, 20);
    await checkpointFor(m, `${p}-app`, 20n);
    await sleep(3_000); // several sync runs
    const before = { groups: await groupIdsOn(tgt), offsets: await offsetsOn(tgt, `${p}-app`) };
    expect(before.offsets.get(`${p}s.${p}-orders-0`)).toBe(50n);
    const d = await diagnoseLab(lab, m);
    const f = finding(d, 'target-offsets-ahead');
    // Offsets 20..49 are contiguous on both sides, so the group's position on the target is 20.
    expect(evidenceText(f)).toMatch(/target offset 50 > checkpoint \d+ \(upstream 20\).*skips 30 records/);
    expect(d.failover?.groups.find((g) => g.group === `${p}-app`)?.readiness).toBe('not-ready');
    // Read-only: no group created or joined on the target, no offset moved by the diagnosis.
    expect(await groupIdsOn(tgt)).toEqual(before.groups);
    expect(await offsetsOn(tgt, `${p}-app`)).toEqual(before.offsets);
    expect(d.facts.targetGroups?.ok && d.facts.targetGroups.value.map((g) => g.groupId)).toEqual([`${p}-app`]);
  });

  it('a group stopped between offset syncs near the end of an idle partition → translation-coarse, naming offset.lag.max', async () => {
    const p = uniqueName('coarse');
    const m = await mirror(p);
    // One burst: MM2 writes syncs for offsets 0 and 101 right away (offset.lag.max = 100), and
    // one for the last record at its next commit.
    await produce(lab.kafka(src), `${p}-orders`, 150, { create: { partitions: 1 } });
    // 105: past the sync at 101 by 4, and far from any other sync MM2 could have written.
    await commitAt(src, `${p}-app`, `${p}-orders`, 105);
    await checkpointFor(m, `${p}-app`, 105n);
    const d = await diagnoseLab(lab, m);
    const f = finding(d, 'translation-coarse');
    expect(f.severity).toBe('info');
    expect(f.subject?.setting).toBe('offset.lag.max');
    expect(evidenceText(f)).toMatch(/offset\.lag\.max: 100 \(Kafka's default/);
    expect(evidenceText(f)).toMatch(new RegExp(`${p}-app ${p}-orders-0: at offset 105 of 150; the newest sync below it is at \\d+, so MM2 translates to \\d+ while the group's position on ${p}t is 105: \\d+ records? to re-read`));
    expect(d.report.verdict, summary(d)).toBe('ok');
  });

  it('a topic MM2 has not picked up yet → replication-catching-up (pending), not translation-impossible; verdict ok', async () => {
    const p = uniqueName('pend');
    // New topics are picked up only every 600 s: the group's topic is not replicated yet.
    // Another topic is replicated already, so offset syncs exist (an empty offset-syncs topic is its own finding).
    await produce(lab.kafka(src), `${p}-other`, 10, { create: { partitions: 1 } });
    const m = await mirror(p, { sourceConnector: { config: { 'refresh.topics.interval.seconds': 600 } } });
    await eventually('offset syncs of the other topic', async () => {
      const d = await diagnoseLab(lab, m);
      return d.facts.offsetSyncs.ok && d.facts.offsetSyncs.value.records.length > 0;
    }, 30_000, 1_000);
    await produce(lab.kafka(src), `${p}-orders`, 40, { create: { partitions: 1 } });
    await commitAt(src, `${p}-app`, `${p}-orders`, 25);
    await eventually('the group assigned to a checkpoint task', async () => {
      const t = await lab.connect!.tasks(m.name('checkpoint'));
      return t.some((x) => (x.config['task.assigned.groups'] ?? '').includes(`${p}-app`));
    }, 30_000);
    const d = await diagnoseLab(lab, m);
    const f = finding(d, 'replication-catching-up');
    expect(f.severity).toBe('info');
    expect(f.title).toMatch(/^Pending: MM2 is still catching up on 1 partition of group/);
    expect(evidenceText(f)).toContain(`${p}s.${p}-orders does not exist yet on ${p}t`);
    expect(codes(d), summary(d)).not.toContain('translation-impossible');
    expect(d.report.verdict, summary(d)).toBe('ok');
    expect(d.failover?.groups[0]).toMatchObject({ group: `${p}-app`, readiness: 'not-ready', pending: true });
  });

  it('Kafka 3.9.0/3.9.1 with the flow disabled after its tasks ran → known-mm2-bug KAFKA-18021, fixed in 4.0.0', async () => {
    const p = uniqueName('k18021');
    const m = await mirror(p);
    const from = await fileSize(lab.info.connectLog!);
    await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints', async () => (await checkpointsOf(m)) > 0, 60_000);
    const name = m.name('checkpoint');
    const config = (await lab.connect!.request('GET', `/connectors/${encodeURIComponent(name)}/config`)).json as Record<string, string>;
    await lab.connect!.putConnector(name, { ...config, enabled: 'false' });
    const affected = /^3\.9\./.test(lab.version);
    if (affected) await waitForConnectLog('the disabled connector failing to reconfigure', /Failed to reconfigure connector's tasks \(.*MirrorCheckpointConnector\)/, from, 60_000);
    else await sleep(5_000);
    const d = await diagnoseLab(lab, m, { logsText: await readFrom(lab.info.connectLog!, from) });
    expect(d.report.rootCause?.code, summary(d)).toBe('flow-disabled');
    const bugs = d.report.findings.filter((f) => f.code === 'known-mm2-bug' && f.subject?.pattern === 'KAFKA-18021');
    if (affected) {
      expect(codes(d)).toContain('known-mm2-bug');
      expect(bugs[0]?.title).toMatch(new RegExp(`^KAFKA-18021 in Kafka ${lab.version.replace(/\./g, '\\.')}: .*fixed in 4\\.0\\.0$`));
      expect(evidenceText(bugs[0]!)).toMatch(/checkpoint tasks still running: [1-9]|RetriableException/);
    } else {
      expect(bugs).toEqual([]);
    }
  });
});

describe('an MM2 principal that may not commit on the target (SASL target with ACLs)', () => {
  it('→ target-sync-not-authorized from the MM2 log, and target-offsets-stale from the facts', async () => {
    const p = uniqueName('acl');
    const users = { admin: 'admin-secret', mm2: 'mm2-Pa55word' };
    // Its own target: a SASL cluster with the StandardAuthorizer, and a Connect worker on it (Connect
    // writes checkpoints through its own worker's cluster, so the worker sits on the target).
    const sl = await Lab.start({ kafkaVersion: lab.version, clusters: [{ alias: `${p}t`, sasl: { users } }] });
    cleanups.push(() => sl.stop());
    const target = sl.cluster(`${p}t`);
    const admin = sl.kafka(`${p}t`).admin();
    await admin.connect();
    // mm2 may create, read and write topics and look at groups, but not READ (commit for) a group.
    await admin.createAcls({
      acl: [
        { resourceType: 2 /* TOPIC */, resourceName: '*', resourcePatternType: 3, principal: 'User:mm2', host: '*', operation: 2 /* ALL */, permissionType: 3 },
        { resourceType: 3 /* GROUP */, resourceName: '*', resourcePatternType: 3, principal: 'User:mm2', host: '*', operation: 8 /* DESCRIBE */, permissionType: 3 },
        { resourceType: 4 /* CLUSTER */, resourceName: 'kafka-cluster', resourcePatternType: 3, principal: 'User:mm2', host: '*', operation: 8, permissionType: 3 },
      ] as never,
    });
    await admin.disconnect();
    const from = await fileSize(sl.info.connectLog!);
    const m = await sl.addMirror({
      sourceAlias: `${p}s`,
      targetAlias: `${p}t`,
      sourceBootstrap: lab.info.clusters[src]!.internalBootstrap,
      topicsPattern: `${p}-.*`,
      groupsPattern: `${p}-.*`,
      checkpointConnector: {
        config: {
          ...SYNC,
          // MM2's admin client on the target (it creates the checkpoints topic, describes and commits groups) logs in as mm2.
          'target.admin.bootstrap.servers': target.bootstrap,
          'target.admin.security.protocol': 'SASL_PLAINTEXT',
          'target.admin.sasl.mechanism': 'PLAIN',
          'target.admin.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="mm2" password="${users.mm2}";`,
        },
      },
    });
    cleanups.push(() => m.delete());
    await produce(lab.kafka(src), `${p}-orders`, 30, { create: { partitions: 1 } });
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await waitForLog(sl.info.connectLog!, `Unable to sync offsets for consumer group ${p}-app.`, { from, timeoutMs: 90_000, what: 'MM2 failing to commit on the target' });
    await sleep(1_000);

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-acl-'));
    await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(m.cr));
    const file = path.join(dir, 'mm2-doctor.yaml');
    process.env.MM2_DOCTOR_TEST_ADMIN_PASSWORD = users.admin;
    await fs.writeFile(
      file,
      YAML.stringify({
        clusters: {
          [`${p}s`]: { bootstrap: lab.bootstrap(src) },
          [`${p}t`]: { bootstrap: target.bootstrap, sasl: { mechanism: 'plain', username: 'admin', password: { env: 'MM2_DOCTOR_TEST_ADMIN_PASSWORD' } } },
        },
        mirrors: [{ source: `${p}s`, target: `${p}t`, kafkaVersion: lab.version, connect: { url: sl.info.connectUrl }, strimzi: { file: 'kmm2.yaml' } }],
      }),
    );
    const loaded = loadConfig(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    // The checkpoint is seconds old; the stale check waits two sync intervals + 30 s: look a minute later.
    const doctor = createDoctor(loaded.config, { now: () => Date.now() + 60_000 });
    cleanups.push(() => doctor.close());
    const d = await doctor.diagnose(doctor.resolve(`${p}s`), { logsText: await readFrom(sl.info.connectLog!, from) });
    delete process.env.MM2_DOCTOR_TEST_ADMIN_PASSWORD;
    const denied = finding(d, 'target-sync-not-authorized');
    expect(denied.subject?.groups).toEqual([`${p}-app`]);
    expect(denied.title).toMatch(/GroupAuthorizationException/);
    const stale = finding(d, 'target-offsets-stale');
    expect(evidenceText(stale)).toMatch(new RegExp(`${p}-app ${p}s\\.${p}-orders-0: checkpoint 30 written .* ago; the target group has no offset`));
    expect(evidenceText(stale)).toMatch(/MM2 logged/);
    // Nothing MM2 could write: a failover resumes at the checkpoint only if the consumers translate it.
    const g = d.failover?.groups.find((x) => x.group === `${p}-app`);
    expect(g?.partitions[0]).toMatchObject({ resumeFrom: 'checkpoint', targetCommitted: null });
    expect(JSON.stringify([d.report, d.failover], (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(users.mm2);
  });
});
