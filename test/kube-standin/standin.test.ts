/**
 * The Kubernetes stand-in answers as the real API does: its refusals are, byte for byte after
 * parsing, the recorded `Status` objects (./recorded), its pod list has the recorded shape, and
 * its log endpoint follows the kubelet (instance choice, tail → since → byte limit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeStandIn, strimziMm2Pod } from './index.ts';

const recorded = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'recorded', f), 'utf8'));
let k: KubeStandIn | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

async function get(p: string, token?: string): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(`${k!.url}${p}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

const NS = '/api/v1/namespaces/kafka';
const KMM2 = (v: string) => `/apis/kafka.strimzi.io/${v}/namespaces/kafka/kafkamirrormaker2s/svl-prod`;
const podLabels = `labelSelector=${encodeURIComponent('strimzi.io/cluster=svl-prod,strimzi.io/kind=KafkaMirrorMaker2')}`;

describe('the stand-in reproduces the recorded API answers', () => {
  it('403 for list pods, get pods/log and get kafkamirrormaker2s, worded as the apiserver words them', async () => {
    k = await KubeStandIn.start({ rules: [] });
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0 }));
    const list = await get(`${NS}/pods?${podLabels}`);
    expect(list.status).toBe(403);
    expect(JSON.parse(list.body)).toEqual(recorded('status-403-pods-list.json'));
    expect(JSON.parse((await get(`${NS}/pods/svl-prod-mirrormaker2-0/log?container=svl-prod-mirrormaker2`)).body)).toEqual(recorded('status-403-pods-log.json'));
    expect(JSON.parse((await get(KMM2('v1beta2'))).body)).toEqual(recorded('status-403-kmm2.json'));
  });

  it('404 for a missing pod, a missing resource, and an API version Strimzi does not serve', async () => {
    k = await KubeStandIn.start({ versions: ['v1beta2'] });
    expect(JSON.parse((await get(`${NS}/pods/svl-prod-mirrormaker2-7/log`)).body)).toEqual(recorded('status-404-pod.json'));
    expect(JSON.parse((await get(KMM2('v1beta2'))).body)).toEqual(recorded('status-404-kmm2.json'));
    const v1 = await get(KMM2('v1'));
    expect(v1.status).toBe(404);
    expect(JSON.parse(v1.body)).toEqual(recorded('status-404-version-not-served.json'));
  });

  it('401 without the bearer token', async () => {
    k = await KubeStandIn.start({ token: 'sa-token' });
    expect(JSON.parse((await get(`${NS}/pods`)).body)).toEqual(recorded('status-401.json'));
    expect((await get(`${NS}/pods`, 'sa-token')).status).toBe(200);
  });

  it('a pod mid-restart lists as recorded, and previous=true without a previous instance is the recorded 400', async () => {
    k = await KubeStandIn.start();
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0, state: 'crash-loop' }));
    const list = JSON.parse((await get(`${NS}/pods?${podLabels}`)).body) as { kind: string; items: { metadata: { labels: object; name: string }; spec: unknown; status: { containerStatuses: { state: object; lastState: object; restartCount: number }[] } }[] };
    const rec = recorded('podlist-mid-restart.json') as typeof list;
    expect(list.kind).toBe(rec.kind);
    expect(list.items[0]!.metadata.labels).toEqual(rec.items[0]!.metadata.labels);
    expect(list.items[0]!.metadata.name).toBe(rec.items[0]!.metadata.name);
    expect(Object.keys(list.items[0]!.status.containerStatuses[0]!.state)).toEqual(Object.keys(rec.items[0]!.status.containerStatuses[0]!.state));
    expect(Object.keys(list.items[0]!.status.containerStatuses[0]!.lastState)).toEqual(['terminated']);

    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0, state: 'running' }));
    const prev = await get(`${NS}/pods/svl-prod-mirrormaker2-0/log?container=svl-prod-mirrormaker2&previous=true`);
    expect(prev.status).toBe(400);
    expect(JSON.parse(prev.body)).toEqual(recorded('status-400-previous.json'));
  });

  it('a label selector that does not match lists nothing (an empty PodList, not a 404)', async () => {
    k = await KubeStandIn.start();
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0 }));
    const r = JSON.parse((await get(`${NS}/pods?labelSelector=${encodeURIComponent('strimzi.io/cluster=other,strimzi.io/kind=KafkaMirrorMaker2')}`)).body) as { items: unknown[] };
    expect(r.items).toEqual([]);
  });
});

describe('the log endpoint follows the kubelet', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  const lines = Array.from({ length: 10 }, (_, i) => ({ at: now - (10 - i) * 60_000, text: `line ${i}` }));

  it('tail first, then since, then the byte limit (which may cut a line); text/plain', async () => {
    k = await KubeStandIn.start({ now: () => now });
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0, logs: { current: { lines } } }));
    const base = `${NS}/pods/svl-prod-mirrormaker2-0/log?container=svl-prod-mirrormaker2`;
    const all = await get(base);
    expect(all.type).toContain('text/plain');
    expect(all.body.split('\n').filter(Boolean)).toHaveLength(10);
    expect((await get(`${base}&tailLines=3`)).body).toBe('line 7\nline 8\nline 9\n');
    // The last 5 lines, of those the ones from the last 150 s: lines 8 and 9.
    expect((await get(`${base}&tailLines=5&sinceSeconds=150`)).body).toBe('line 8\nline 9\n');
    expect((await get(`${base}&tailLines=3&limitBytes=10`)).body).toBe('line 7\nlin');
    expect((await get(`${base}&tailLines=1&timestamps=true`)).body).toBe(`${new Date(now - 60_000).toISOString()} line 9\n`);
  });

  it('a waiting container gives its last terminated instance without previous=true, and none without one', async () => {
    k = await KubeStandIn.start({ now: () => now });
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0, state: 'crash-loop', logs: { previous: { lines: [{ at: now, text: 'crashed' }] } } }));
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 1, state: 'creating' }));
    const base = (i: number) => `${NS}/pods/svl-prod-mirrormaker2-${i}/log?container=svl-prod-mirrormaker2`;
    expect((await get(base(0))).body).toBe('crashed\n');
    expect((await get(`${base(0)}&previous=true`)).body).toBe('crashed\n');
    const creating = await get(base(1));
    expect(creating.status).toBe(400);
    expect(JSON.parse(creating.body)).toMatchObject({ reason: 'BadRequest', message: 'container "svl-prod-mirrormaker2" in pod "svl-prod-mirrormaker2-1" is waiting to start: ContainerCreating' });
    expect(JSON.parse((await get(`${NS}/pods/svl-prod-mirrormaker2-0/log?container=kafka-init`)).body).message).toBe('container kafka-init is not valid for pod svl-prod-mirrormaker2-0');
  });
});
