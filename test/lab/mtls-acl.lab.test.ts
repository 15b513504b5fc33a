/**
 * Mutual TLS and least privilege on a real broker: a Kafka cluster whose client listener is SSL
 * with `ssl.client.auth=required` and the StandardAuthorizer (`allow.everyone.if.no.acl.found=false`),
 * certificates made by the lab (src/lab/certs.ts), a Connect worker running MM2 on it the way
 * Strimzi does, and mm2-doctor connecting with client certificates and exactly the ACLs it ships
 * (the table of src/kafka/required-acls.ts, which deploy/kafkauser.yaml and the README's
 * kafka-acls.sh commands are held to by test/deploy/acls.test.ts).
 *
 * One physical cluster plays source and target (MM2 mirrors `<p>s` → `<p>t` onto itself), and
 * mm2-doctor reaches the two sides as two principals, `User:CN=mm2-doctor-source` and
 * `User:CN=mm2-doctor-target`: each side's ACLs are then exactly that side's KafkaUser, as on two
 * clusters, with one broker JVM less.
 */
import fs from 'node:fs/promises';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main, type Io } from '../../src/cli.ts';
import { labClientCertificate, labCertificates, type ClientCertificate } from '../../src/lab/certs.ts';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { Lab } from '../../src/lab/lab.ts';
import { LabMirror, type KafkaMirrorMaker2 } from '../../src/lab/mirror.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import { describeAcl } from '../../src/model/facts.ts';
import type { Diagnosis } from '../../src/model/diagnosis.ts';
import type { FindingCode } from '../../src/model/finding.ts';
import { renderJsonText } from '../../src/render/json/report.ts';
import { renderTerminal } from '../../src/render/text/report.ts';
import { ruleText, tableAcls, type AclRule, type Side } from './acls.ts';
import { diagnoseLab, evidenceText, finding, summary, writeLabConfig } from './diagnose.ts';
import { eventually, uniqueName, useLab } from './harness.ts';

const shared = useLab();
const X = uniqueName('mtls');
let lab: Lab;
let admin: Admin;
let ca: string;
const cert = {} as Record<Side | 'rogue', ClientCertificate>;
let seed: LabMirror;
let healthy: LabMirror;
let healthyGroup: string;
const P12_ENV = 'MM2_DOCTOR_TEST_TARGET_P12_PASSWORD';
const KEY_ENV = 'MM2_DOCTOR_TEST_SOURCE_KEY_PASSWORD';

/** The TLS settings of each side: a PEM key on the source, the PKCS12 store on the target. */
function tlsOf(side: Side): object {
  const c = cert[side];
  return side === 'source'
    ? { tls: { ca: { file: ca }, cert: { file: c.cert }, key: { file: c.key } } }
    : { tls: { ca: { file: ca }, pkcs12: { file: c.pkcs12 }, pkcs12Password: { env: P12_ENV } } };
}
const clusterExtra = (m: LabMirror, over: Partial<Record<Side, object>> = {}) => ({
  [m.sourceAlias]: over.source ?? tlsOf('source'),
  [m.targetAlias]: over.target ?? tlsOf('target'),
});

// --- ACLs, granted and revoked through the super-user listener ------------------------------

const RESOURCE = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP, cluster: AclResourceTypes.CLUSTER };
const OPERATION = { Describe: AclOperationTypes.DESCRIBE, Read: AclOperationTypes.READ, DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS };
const principalOf = (r: AclRule) => cert[r.side].principal;
function binding(r: AclRule) {
  return {
    resourceType: RESOURCE[r.resource],
    resourceName: r.name,
    resourcePatternType: r.patternType === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    principal: principalOf(r),
    host: '*',
    operation: OPERATION[r.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}
const bindingKey = (b: ReturnType<typeof binding>) => `${b.principal}|${b.resourceType}|${b.resourcePatternType}|${b.resourceName}|${b.operation}`;

/** Every ACL the broker's authorizer has now (DescribeAcls is answered from it). */
async function aclsNow(): Promise<Set<string>> {
  const r = await admin.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
  const out = new Set<string>();
  for (const res of r.resources) {
    for (const a of res.acls) out.add(`${a.principal}|${res.resourceType}|${res.resourcePatternType}|${res.resourceName}|${a.operation}`);
  }
  return out;
}
async function grant(rules: AclRule[]): Promise<void> {
  const bs = rules.map(binding);
  await admin.createAcls({ acl: bs });
  await eventually('ACLs granted', async () => {
    const now = await aclsNow();
    return bs.every((b) => now.has(bindingKey(b)));
  });
}
async function revoke(rules: AclRule[]): Promise<void> {
  const bs = rules.map(binding);
  const res = await admin.deleteAcls({ filters: bs });
  const deleted = res.filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
  if (deleted < bs.length) throw new Error(`deleteAcls removed ${deleted} of ${bs.length}: ${JSON.stringify(res.filterResponses)} for ${JSON.stringify(bs)}`);
  await eventually('ACLs revoked', async () => {
    const now = await aclsNow();
    return bs.every((b) => !now.has(bindingKey(b)));
  });
}

/** The shipped ACLs for one mirror. */
const shippedFor = (m: LabMirror) => tableAcls({ source: m.sourceAlias, target: m.targetAlias });
/** Both mirrors' rules, each once (the '*' rules are shared). */
function allShipped(): AclRule[] {
  const seen = new Map<string, AclRule>();
  for (const r of [...shippedFor(seed), ...shippedFor(healthy)]) seen.set(ruleText(r), r);
  return [...seen.values()];
}

// --- Output capture: the report as text and JSON, and everything written while diagnosing ----

async function cliRun(argv: string[]): Promise<{ code: number; out: string; logs: string }> {
  const io: Io & { o: string; e: string } = {
    o: '',
    e: '',
    out: (s) => void (io.o += `${s}\n`),
    err: (s) => void (io.e += `${s}\n`),
    readStdin: async () => '',
    env: process.env,
    cwd: process.cwd(),
  };
  const written: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write.bind(s));
  const consoleOriginals = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  for (const s of streams) s.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof s.write;
  for (const k of Object.keys(consoleOriginals) as (keyof typeof consoleOriginals)[]) console[k] = (...a: unknown[]) => void written.push(a.map(String).join(' '));
  try {
    const code = await main(argv, io);
    return { code, out: io.o, logs: `${io.e}${written.join('')}` };
  } finally {
    streams.forEach((s, i) => (s.write = originals[i] as typeof s.write));
    Object.assign(console, consoleOriginals);
  }
}

/** Key material that must appear in no output: keys whole and line by line, passwords, the PKCS12 store. */
async function keyMaterial(): Promise<string[]> {
  const out: string[] = [];
  for (const c of [cert.source, cert.target, cert.rogue]) {
    for (const file of [c.key, c.encryptedKey]) {
      const text = await fs.readFile(file, 'utf8');
      out.push(text.trim(), ...text.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')));
    }
    out.push(c.keyPassword, c.pkcs12Password, (await fs.readFile(c.pkcs12)).toString('base64').slice(0, 48));
  }
  return out;
}
async function expectNoKeyMaterial(...texts: string[]): Promise<void> {
  const all = texts.join('\n');
  for (const s of await keyMaterial()) expect(all.includes(s), `key material in the output: ${s.slice(0, 20)}…`).toBe(false);
}
const reportText = (d: Diagnosis) => `${renderTerminal(d.report, d.runbook)}\n${renderJsonText(d.report, d.runbook)}\n${JSON.stringify(d.facts, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;

const codes = (d: Diagnosis) => d.report.findings.map((f) => f.code);

// --- The lab --------------------------------------------------------------------------------

beforeAll(async () => {
  lab = await Lab.start({ kafkaVersion: shared.version, clusters: [{ alias: X, tls: { clientAuth: 'required' } }], connectCluster: X });
  ca = (await labCertificates(lab.dir)).ca;
  [cert.source, cert.target, cert.rogue] = await Promise.all([
    labClientCertificate(lab.dir, 'doctor-source', '/CN=mm2-doctor-source'),
    labClientCertificate(lab.dir, 'doctor-target', '/CN=mm2-doctor-target'),
    labClientCertificate(lab.dir, 'rogue', '/CN=mm2-doctor-source', { untrusted: true }),
  ]);
  process.env[P12_ENV] = cert.target.pkcs12Password;
  process.env[KEY_ENV] = cert.source.keyPassword;
  admin = new Kafka({ clientId: 'mm2-doctor-lab-acls', brokers: [lab.info.clusters[X]!.internalBootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();

  // No heartbeat connector (no check reads heartbeats): MirrorSourceConnector replicates every
  // heartbeats topic whatever the topic filter, and stops only at a cycle back to the target alias
  // (shouldReplicateTopic/isCycle, connect/mirror MirrorSourceConnector.java @3.9). With both aliases
  // on one cluster there is none: `<s>.heartbeats`, `<s>.<s>.heartbeats`, … without end.
  const mirror = (p: string) =>
    lab.addMirror({ sourceCluster: X, targetCluster: X, sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, heartbeatConnector: null });
  const [a, b] = [uniqueName('seed'), uniqueName('ok')];
  // One after the other: each connector added rebalances the worker, and two mirrors' six at once
  // can keep a loaded worker rebalancing for minutes.
  seed = await mirror(a);
  healthy = await mirror(b);
  await produce(lab.kafka(X), `${a}-orders`, 50, { create: { partitions: 2 } });
  await produce(lab.kafka(X), `${b}-orders`, 50, { create: { partitions: 2 } });
  healthyGroup = `${b}-app`;
  await runConsumerGroup(lab.kafka(X), { groupId: healthyGroup, topics: [`${b}-orders`] });
  const reader = new ReadOnlyKafka({ alias: X, bootstrap: [lab.info.clusters[X]!.internalBootstrap], timeoutMs: 15_000 });
  try {
    // The seed state: MM2 running, offset syncs flowing, no group. The healthy one: checkpoints.
    // Two mirrors configured at once on a busy machine: the Connect worker may rebalance a while.
    await Promise.all([
      eventually('offset syncs of the seed mirror', async () => (await reader.readPartition(`mm2-offset-syncs.${seed.targetAlias}.internal`, 0, { maxRecords: 100 })).records.length > 0, 150_000, 500),
      eventually('checkpoints of the healthy mirror', async () => (await reader.readPartition(`${healthy.sourceAlias}.checkpoints.internal`, 0, { maxRecords: 100 })).records.length > 0, 150_000, 500).catch(async (err: Error) => {
        const tasks = await lab.connect!.tasks(healthy.name('checkpoint')).catch((e: Error) => e.message);
        throw new Error(`${err.message}; checkpoint tasks: ${JSON.stringify(tasks)}`);
      }),
    ]);
  } finally {
    await reader.close();
  }
  await grant(allShipped());
}, 300_000);

afterAll(async () => {
  delete process.env[P12_ENV];
  delete process.env[KEY_ENV];
  await admin?.disconnect();
  await lab?.stop();
});

describe('mutual TLS (ssl.client.auth=required) with exactly the shipped ACLs', () => {
  const baseline = new Map<LabMirror, Diagnosis>();

  it('diagnoses the seed state (no-consumer-groups) and a healthy mirror (ok) over client certificates, PEM and PKCS12', async () => {
    const s = await diagnoseLab(lab, seed, { clusterExtra: clusterExtra(seed) });
    expect(s.report.rootCause?.code, summary(s)).toBe('no-consumer-groups');
    expect(s.report.verdict).toBe('critical');
    expect(codes(s)).not.toContain('not-authorized');
    expect(s.facts.offsetSyncs.ok && s.facts.offsetSyncs.value.records.length, summary(s)).toBeGreaterThan(0);
    const h = await diagnoseLab(lab, healthy, { clusterExtra: clusterExtra(healthy) });
    expect(h.report.verdict, summary(h)).toBe('ok');
    expect(codes(h)).toContain('checkpoints-flowing');
    expect(h.report.findings.filter((f) => f.severity !== 'info'), summary(h)).toEqual([]);
    baseline.set(seed, s).set(healthy, h);
    await expectNoKeyMaterial(reportText(s), reportText(h));
  });

  it('an encrypted key with its keyPassword works too; no key material in the CLI text, JSON or logs', async () => {
    const file = await writeLabConfig(lab, healthy, { clusterExtra: clusterExtra(healthy, { source: { tls: { ca: { file: ca }, cert: { file: cert.source.cert }, key: { file: cert.source.encryptedKey }, keyPassword: { env: KEY_ENV } } } }) });
    const text = await cliRun(['diagnose', `${healthy.sourceAlias}->${healthy.targetAlias}`, '--config', file]);
    expect(text.code, text.out + text.logs).toBe(EXIT.ok);
    const json = await cliRun(['diagnose', `${healthy.sourceAlias}->${healthy.targetAlias}`, '--config', file, '--json']);
    expect(JSON.parse(json.out).verdict).toBe('ok');
    const check = await cliRun(['check-config', '--config', file]);
    expect(check.out).toContain(`principal ${cert.source.principal}`);
    await expectNoKeyMaterial(text.out, text.logs, json.out, json.logs, check.out, check.logs);
  });

  it('no client certificate, or one from a CA the listener does not trust: the TLS handshake was refused, as such', async () => {
    const none = await diagnoseLab(lab, healthy, { clusterExtra: clusterExtra(healthy, { source: { tls: { ca: { file: ca } } } }) });
    expect(none.report.rootCause?.code, summary(none)).toBe('source-unreachable');
    expect(evidenceText(none.report.rootCause!)).toMatch(/the TLS handshake with .* was refused \(TLS alert "bad certificate"\): the listener requires a client certificate \(ssl\.client\.auth=required\) and mm2-doctor sent none; set clusters\..*\.tls\.cert/);
    // The target side still answers: the checks that need only it ran.
    expect(none.facts.checkpoints.ok, summary(none)).toBe(true);

    const rogue = await diagnoseLab(lab, healthy, { clusterExtra: clusterExtra(healthy, { target: { tls: { ca: { file: ca }, cert: { file: cert.rogue.cert }, key: { file: cert.rogue.key } } } }) });
    expect(rogue.report.rootCause?.code, summary(rogue)).toBe('target-unreachable');
    expect(evidenceText(rogue.report.rootCause!)).toMatch(/the TLS handshake with .* was refused \(TLS alert "certificate unknown"\): the broker rejected mm2-doctor's client certificate .*rogue\.crt \(subject CN=mm2-doctor-source/);
    expect(rogue.report.verdict).toBe('critical');
    await expectNoKeyMaterial(reportText(none), reportText(rogue));
  });

  it('bad local key material is said precisely, before connecting', async () => {
    process.env.MM2_DOCTOR_TEST_WRONG = 'not-the-key-password';
    try {
      const wrongPassword = await diagnoseLab(lab, healthy, {
        clusterExtra: clusterExtra(healthy, { source: { tls: { ca: { file: ca }, cert: { file: cert.source.cert }, key: { file: cert.source.encryptedKey }, keyPassword: { env: 'MM2_DOCTOR_TEST_WRONG' } } } }),
      });
      const f = finding(wrongPassword, 'source-unreachable');
      expect(f.severity).toBe('warning');
      expect(evidenceText(f)).toMatch(/keyPassword \(environment variable MM2_DOCTOR_TEST_WRONG\) does not decrypt the private key from file .*doctor-source\.enc\.key \(bad decrypt\)/);
      expect(wrongPassword.report.verdict, summary(wrongPassword)).toBe('unknown');
      const mismatch = await diagnoseLab(lab, healthy, { clusterExtra: clusterExtra(healthy, { source: { tls: { ca: { file: ca }, cert: { file: cert.source.cert }, key: { file: cert.target.key } } } }) });
      expect(evidenceText(finding(mismatch, 'source-unreachable'))).toMatch(/the private key from file .*doctor-target\.key does not belong to the client certificate .*doctor-source\.crt \(key values mismatch\)/);
      await expectNoKeyMaterial(reportText(wrongPassword), reportText(mismatch), 'not-the-key-password');
    } finally {
      delete process.env.MM2_DOCTOR_TEST_WRONG;
    }
  });

  it('removing any one shipped ACL gives not-authorized naming it, never a false root cause', async () => {
    expect(baseline.size, 'the first test sets the baseline').toBe(2);
    const internal = (m: LabMirror) => [`mm2-offset-syncs.${m.targetAlias}.internal`, `${m.sourceAlias}.checkpoints.internal`];
    for (const rule of allShipped()) {
      // A rule on '*' or on a mirror's internal topic is that mirror's; another mirror's is not.
      // Target groups are read only when there are checkpointed groups: the seed has none.
      const affected = [seed, healthy].filter((m) => (rule.name === '*' && !(rule.side === 'target' && rule.resource === 'group' && m === seed)) || internal(m).includes(rule.name));
      await revoke([rule]);
      try {
        for (const m of affected) {
          const d = await diagnoseLab(lab, m, { clusterExtra: clusterExtra(m) });
          const what = `${m === seed ? 'seed' : 'healthy'} without ${ruleText(rule)}: ${summary(d)}`;
          expect(d.report.findings.map((f) => f.code), what).toContain('not-authorized');
          expect(evidenceText(finding(d, 'not-authorized')), what).toContain(describeAcl({ ...rule, principal: principalOf(rule) }));
          const before = baseline.get(m)!;
          // The root cause is the denied read, or the true one the baseline had; nothing else appears.
          expect(['not-authorized', before.report.rootCause?.code], what).toContain(d.report.rootCause?.code);
          const allowed = new Set<FindingCode>([...codes(before), 'not-authorized']);
          expect(codes(d).filter((c) => !allowed.has(c)), what).toEqual([]);
          expect(m === healthy ? ['unknown'] : ['critical', 'unknown'], what).toContain(d.report.verdict);
          expect(codes(d), what).not.toContain('groups-without-offsets');
          if (m === healthy) expect(codes(d), what).not.toContain('no-consumer-groups');
        }
        if (rule.side === 'source' && rule.resource === 'topic' && rule.name === '*') {
          // The silent case this guards against: OffsetFetch now leaves the group's topic out
          // without an error, so only the probe keeps "committed nothing" from being reported.
          const asSource = new Kafka({ clientId: 'mm2-doctor', brokers: [lab.bootstrap(X)], logLevel: logLevel.NOTHING, ssl: { ca: [await fs.readFile(ca, 'utf8')], cert: await fs.readFile(cert.source.cert, 'utf8'), key: await fs.readFile(cert.source.key, 'utf8') } }).admin();
          await asSource.connect();
          try {
            const offsets = await asSource.fetchOffsets({ groupId: healthyGroup });
            expect(offsets.filter((t) => t.partitions.some((p) => p.offset !== '-1'))).toEqual([]);
          } finally {
            await asSource.disconnect();
          }
        }
      } finally {
        await grant([rule]);
      }
    }
  });

  it('DESCRIBE on the cluster instead of on groups: every group is listed but none can be described, said as such', async () => {
    const groups = allShipped().filter((r) => r.resource === 'group');
    const cluster: AclRule = { side: 'source', resource: 'cluster', name: 'kafka-cluster', patternType: 'literal', operation: 'Describe' };
    await revoke(groups);
    await grant([cluster]);
    try {
      const d = await diagnoseLab(lab, healthy, { clusterExtra: clusterExtra(healthy) });
      expect(evidenceText(finding(d, 'not-authorized')), summary(d)).toContain(`ALLOW Describe on group '*' for ${cert.source.principal}`);
      expect(codes(d)).not.toContain('no-consumer-groups');
      expect(d.report.verdict).toBe('unknown');
      // The step to fix it is the grant itself.
      expect(JSON.stringify(d.report.findings.find((f) => f.code === 'not-authorized')?.subject)).toContain('"resource":"group"');
    } finally {
      await revoke([cluster]);
      await grant(groups);
    }
  });

  it('oauth on the source: that cluster is reported unusable, and the checks that need only the target and Connect still run', async () => {
    const cr = structuredClone(healthy.cr) as KafkaMirrorMaker2;
    const src = cr.spec.clusters.find((c) => c.alias === healthy.sourceAlias)! as Record<string, unknown>;
    src.authentication = { type: 'oauth', tokenEndpointUri: 'https://sso.example.com/token', clientId: 'mm2', clientSecret: { secretName: 'mm2-oauth', key: 'secret' } };
    const oauth = new LabMirror(cr, 0, lab.connect!, healthy.clusters);
    const d = await diagnoseLab(lab, oauth, { clusterExtra: { [healthy.targetAlias]: tlsOf('target') } });
    const f = finding(d, 'source-unreachable');
    expect(f.severity).toBe('warning');
    expect(evidenceText(f)).toMatch(/uses OAuth 2\.0 .*which mm2-doctor does not support/);
    expect(d.report.verdict, summary(d)).toBe('unknown');
    expect(d.facts.checkpoints.ok && d.facts.checkpoints.value.records.length, summary(d)).toBeGreaterThan(0);
    expect(d.facts.connect?.ok).toBe(true);
    expect(codes(d)).toContain('checkpoints-flowing');
  });
});
