/**
 * Reading Strimzi's KafkaMirrorMaker2, its status, its pods and their logs from the Kubernetes API,
 * against the stand-in that answers as the real API does (test/kube-standin).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeError, RBAC_RULES, describeRule, kubeAccess, readKafkaMirrorMaker2, statusFacts } from '../../src/gather/kubernetes.ts';
import { gatherStrimziLive } from '../../src/gather/strimzi-live.ts';
import type { MirrorConfig, PodLogsConfig } from '../../src/config/schema.ts';
import { KubeStandIn, strimziMm2Pod, type Rule } from '../kube-standin/index.ts';

const recordedCr = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../kube-standin/recorded/kmm2-v1-failed-connector.json'), 'utf8')) as { metadata: { name: string } } & Record<string, unknown>;
const cr = { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'KafkaMirrorMaker2', metadata: { name: 'svl-mm2', namespace: 'kafka', generation: 2 }, spec: { mirrors: [] }, status: { conditions: [{ type: 'Ready', status: 'True' }], observedGeneration: 2 } };
const kmm2 = (v: string) => `/apis/kafka.strimzi.io/${v}/namespaces/kafka/kafkamirrormaker2s/svl-mm2`;

let k: KubeStandIn | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

async function standIn(opts: Parameters<typeof KubeStandIn.start>[0] = {}): Promise<KubeStandIn> {
  k = await KubeStandIn.start(opts);
  k.putMirrorMaker2('kafka', cr);
  return k;
}

const err = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as KubeError);

describe('readKafkaMirrorMaker2', () => {
  it.each([
    ['Strimzi 0.45 (v1beta2 only)', ['v1beta2'], 'kafka.strimzi.io/v1beta2', [kmm2('v1'), kmm2('v1beta2')]],
    ['Strimzi 0.49 (both)', ['v1', 'v1beta2'], 'kafka.strimzi.io/v1', [kmm2('v1')]],
    ['Strimzi 1.0+ (v1 only)', ['v1'], 'kafka.strimzi.io/v1', [kmm2('v1')]],
  ])('%s: tries v1, then falls back to v1beta2, with the service account token', async (_name, versions, apiVersion, paths) => {
    const s = await standIn({ versions, token: 'tok' });
    const r = await readKafkaMirrorMaker2({ server: s.url, token: 'tok' }, 'kafka', 'svl-mm2', 1000);
    expect(r.resource.apiVersion).toBe(apiVersion);
    expect(s.requests.map((q) => q.path)).toEqual(paths);
    expect(r.status).toMatchObject({ generation: 2, observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True' }] });
  });

  it('on 403 names the RBAC rule it lacks, with the API server\'s own words', async () => {
    const s = await standIn({ rules: [RBAC_RULES.pods] });
    const e = await err(readKafkaMirrorMaker2({ server: s.url }, 'kafka', 'svl-mm2', 1000));
    expect(e).toBeInstanceOf(KubeError);
    expect(e.kind).toBe('not-authorized');
    expect(e.rule).toEqual(RBAC_RULES.kafkaMirrorMaker2);
    expect(e.message).toContain('{apiGroups: ["kafka.strimzi.io"], resources: ["kafkamirrormaker2s"], verbs: ["get"]}');
    expect(e.message).toContain('cannot get resource "kafkamirrormaker2s" in API group "kafka.strimzi.io" in the namespace "kafka"');
  });

  it('says not-found, with what each version answered, when neither has it', async () => {
    k = await KubeStandIn.start({ versions: ['v1beta2'] });
    const e = await err(readKafkaMirrorMaker2({ server: k.url }, 'kafka', 'svl-mm2', 1000));
    expect(e.kind).toBe('not-found');
    expect(e.message).toContain('v1: the server could not find the requested resource');
    expect(e.message).toContain('v1beta2: kafkamirrormaker2s.kafka.strimzi.io "svl-mm2" not found');
  });

  it('says not-authorized for a token the API rejects (401)', async () => {
    const s = await standIn({ token: 'right' });
    const e = await err(readKafkaMirrorMaker2({ server: s.url, token: 'wrong' }, 'kafka', 'svl-mm2', 1000));
    expect(e.kind).toBe('not-authorized');
    expect(e.message).toContain('401');
  });

  it('outside a cluster without MM2_DOCTOR_KUBE_API, says how to give one', async () => {
    await expect(kubeAccess({})).rejects.toThrow(/MM2_DOCTOR_KUBE_API/);
    expect(await kubeAccess({ MM2_DOCTOR_KUBE_API: 'http://127.0.0.1:8001/' })).toEqual({ server: 'http://127.0.0.1:8001' });
    const inPod = await kubeAccess({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, async (p) => (p.endsWith('token') ? 'tok\n' : 'CA'));
    expect(inPod).toEqual({ server: 'https://10.0.0.1:443', token: 'tok', ca: 'CA' });
  });
});

describe('statusFacts', () => {
  it('reads the recorded status: conditions, connectors with task states and traces, auto-restarts, generations', () => {
    const s = statusFacts(recordedCr)!;
    expect(s.generation).toBe(4);
    expect(s.observedGeneration).toBe(4);
    expect(s.conditions).toEqual([{ type: 'NotReady', status: 'True', reason: 'NoStackTraceThrowable', message: 'One or more connectors are in FAILED state', lastTransitionTime: '2026-12-02T09:11:05.120Z' }]);
    const cp = s.connectors.find((c) => c.name === 'dc1->svl.MirrorCheckpointConnector')!;
    expect(cp).toMatchObject({ state: 'FAILED', tasks: [], workerId: 'svl-prod-mirrormaker2-0.svl-prod-mirrormaker2.kafka.svc:8083' });
    expect(cp.trace).toMatch(/^org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient/);
    const src = s.connectors.find((c) => c.name === 'dc1->svl.MirrorSourceConnector')!;
    expect(src.tasks.map((t) => `${t.id}:${t.state}`)).toEqual(['0:RUNNING', '1:FAILED']);
    expect(src.tasks[1]!.trace).toContain('ConnectException');
    expect(s.autoRestarts).toEqual([{ connectorName: 'dc1->svl.MirrorCheckpointConnector', count: 3, lastRestartTimestamp: '2026-12-02T09:10:44Z' }]);
    expect(s.replicas).toBe(2);
  });

  it('is null before the operator wrote a status, and skips malformed entries', () => {
    expect(statusFacts({ metadata: {}, spec: {} })).toBeNull();
    const s = statusFacts({ metadata: { generation: 'x' }, status: { conditions: [{ type: 'Ready' }, 'junk'], connectors: [{ connector: {} }, { name: 'a', tasks: [{ id: 'x', state: 'RUNNING' }] }] } })!;
    expect(s.generation).toBeNull();
    expect(s.conditions).toEqual([]);
    expect(s.connectors).toEqual([{ name: 'a', tasks: [] }]);
  });
});

describe('gatherStrimziLive: the resource, its pods and their logs', () => {
  const now = Date.now();
  const lines = (prefix: string, n: number, ageSeconds = 0) => Array.from({ length: n }, (_, i) => ({ at: now - ageSeconds * 1000 - (n - i) * 1000, text: `2026-12-02 09:10:${String(i % 60).padStart(2, '0')},000 INFO ${prefix} ${i} (org.example.X) [t]` }));
  const mirror = (logs?: PodLogsConfig): MirrorConfig =>
    ({ id: 'svl->confluent', source: 'svl', target: 'confluent', kafkaVersion: '3.9.0', settings: {}, path: 'mirrors[0]', definedAt: { file: 'x', line: 1, col: 1, path: 'mirrors[0]' }, strimzi: { kubernetes: { namespace: 'kafka', name: 'svl-mm2', ...(logs !== undefined && { logs }) } } }) as MirrorConfig;
  const env = () => ({ MM2_DOCTOR_KUBE_API: k!.url });

  it('finds the pods by Strimzi labels and reads each log once with sinceSeconds, tailLines and limitBytes; a restarted container also as previous', async () => {
    const s = await standIn();
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-mm2', index: 0, logs: { current: { lines: lines('zero', 3) } } }));
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-mm2', index: 1, state: 'restarted', restartCount: 2, logs: { previous: { lines: lines('before', 2, 100) }, current: { lines: lines('after', 2) } } }));
    // Another Strimzi resource's pod in the namespace: never read.
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'other', index: 0, logs: { current: { lines: lines('other', 1) } } }));
    const live = (await gatherStrimziLive(mirror({ sinceSeconds: 600, tailLines: 500, limitBytes: 100_000 }), env(), 2000))!;
    expect(live.resource.ok).toBe(true);
    expect(live.pods?.ok && live.pods.value.selector).toBe('strimzi.io/cluster=svl-mm2,strimzi.io/kind=KafkaMirrorMaker2');
    expect(live.pods?.ok && live.pods.value.pods.map((p) => [p.name, p.restartCount, p.logs.map((l) => l.ok && `${l.value.previous ? 'previous' : 'current'}:${l.value.lines}`)])).toEqual([
      ['svl-mm2-mirrormaker2-0', 0, ['current:3']],
      ['svl-mm2-mirrormaker2-1', 2, ['previous:2', 'current:2']],
    ]);
    expect(live.logs.map((l) => l.origin)).toEqual(['pod kafka/svl-mm2-mirrormaker2-0', 'pod kafka/svl-mm2-mirrormaker2-1 (previous container)', 'pod kafka/svl-mm2-mirrormaker2-1']);
    expect(live.logs[1]!.text).toContain('before 1');
    const logReqs = s.requests.filter((r) => r.path.endsWith('/log'));
    expect(logReqs).toHaveLength(3);
    for (const r of logReqs) expect(r.query).toMatchObject({ container: 'svl-mm2-mirrormaker2', sinceSeconds: '600', tailLines: '500', limitBytes: '100000' });
  });

  it('a pod mid-restart (CrashLoopBackOff) is read once, as its previous container; a pod still being created is not read', async () => {
    const s = await standIn();
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-mm2', index: 0, state: 'crash-loop', logs: { previous: { lines: lines('crashed', 4) } } }));
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-mm2', index: 1, state: 'creating' }));
    const live = (await gatherStrimziLive(mirror(), env(), 2000))!;
    const pods = live.pods?.ok ? live.pods.value.pods : [];
    expect(pods.map((p) => [p.state, p.reason, p.restartCount, p.lastTermination?.reason])).toEqual([
      ['waiting', 'CrashLoopBackOff', 7, 'Error'],
      ['waiting', 'ContainerCreating', 0, undefined],
    ]);
    expect(s.requests.filter((r) => r.path.endsWith('/log')).map((r) => `${r.path} ${r.query.previous ?? ''}`)).toEqual(['/api/v1/namespaces/kafka/pods/svl-mm2-mirrormaker2-0/log true']);
    expect(live.logs.map((l) => l.origin)).toEqual(['pod kafka/svl-mm2-mirrormaker2-0 (previous container)']);
  });

  it('a log cut by limitBytes keeps whole lines only and says it was truncated', async () => {
    const s = await standIn();
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-mm2', index: 0, logs: { current: { lines: lines('x', 200) } } }));
    const live = (await gatherStrimziLive(mirror({ sinceSeconds: 3600, tailLines: 1000, limitBytes: 1024 }), env(), 2000))!;
    const read = live.pods?.ok ? live.pods.value.pods[0]!.logs[0]! : undefined;
    expect(read?.ok && read.value.truncated).toBe(true);
    expect(live.logs[0]!.text.endsWith('\n')).toBe(true);
    expect(Buffer.byteLength(live.logs[0]!.text)).toBeLessThanOrEqual(1024);
    expect(live.logs[0]!.truncated).toBe(true);
  });

  it('403 on pods/log: the resource and pods are still read, each log read names the missing rule', async () => {
    const rules: Rule[] = [RBAC_RULES.kafkaMirrorMaker2, RBAC_RULES.pods];
    const s = await standIn({ rules });
    s.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-mm2', index: 0, logs: { current: { lines: lines('x', 2) } } }));
    const live = (await gatherStrimziLive(mirror(), env(), 2000))!;
    expect(live.resource.ok).toBe(true);
    expect(live.logs).toEqual([]);
    const read = live.pods?.ok ? live.pods.value.pods[0]!.logs[0]! : undefined;
    expect(read?.ok).toBe(false);
    if (read && !read.ok) {
      expect(read.error.kind).toBe('not-authorized');
      expect(read.error.message).toContain(describeRule(RBAC_RULES.podLog));
      expect(read.error.message).toContain('cannot get resource "pods/log"');
    }
  });

  it('403 on listing pods fails the pods fact only; logs: false reads no pod at all', async () => {
    const s = await standIn({ rules: [RBAC_RULES.kafkaMirrorMaker2] });
    const live = (await gatherStrimziLive(mirror(), env(), 2000))!;
    expect(live.resource.ok).toBe(true);
    expect(live.pods?.ok).toBe(false);
    if (live.pods && !live.pods.ok) expect(live.pods.error.message).toContain(describeRule(RBAC_RULES.pods));
    s.requests.length = 0;
    const quiet = (await gatherStrimziLive(mirror(false), env(), 2000))!;
    expect(quiet.pods).toBeUndefined();
    expect(s.requests.map((r) => r.path)).toEqual([kmm2('v1'), kmm2('v1beta2')]);
  });
});
