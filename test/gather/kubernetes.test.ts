/** Reading a KafkaMirrorMaker2 from the Kubernetes API: versions, RBAC denial, absence, garbage. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeError, kubeAccess, readKafkaMirrorMaker2 } from '../../src/gather/kubernetes.ts';

let server: http.Server | undefined;
const seen: string[] = [];
afterEach(async () => {
  seen.length = 0;
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function api(routes: Record<string, [number, unknown]>): Promise<string> {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const [status, body] = routes[req.url ?? ''] ?? [404, { kind: 'Status', code: 404 }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const path = (v: string) => `/apis/kafka.strimzi.io/${v}/namespaces/kafka/kafkamirrormaker2s/svl-mm2`;
const cr = { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaMirrorMaker2', metadata: { name: 'svl-mm2' }, spec: { mirrors: [] } };

describe('readKafkaMirrorMaker2', () => {
  it('falls back from v1beta2 to v1 (Strimzi 0.49+) and sends the service account token', async () => {
    const server = await api({ [path('v1')]: [200, cr] });
    const r = await readKafkaMirrorMaker2({ server, token: 'tok' }, 'kafka', 'svl-mm2', 1000);
    expect(r.apiVersion).toBe('kafka.strimzi.io/v1');
    expect(seen).toEqual([`GET ${path('v1beta2')} Bearer tok`, `GET ${path('v1')} Bearer tok`]);
  });

  it('names the RBAC rule it lacks on 403', async () => {
    const server = await api({ [path('v1beta2')]: [403, { kind: 'Status' }] });
    const e = (await readKafkaMirrorMaker2({ server }, 'kafka', 'svl-mm2', 1000).catch((x: unknown) => x)) as KubeError;
    expect(e).toBeInstanceOf(KubeError);
    expect(e.kind).toBe('not-authorized');
    expect(e.message).toContain('get on kafkamirrormaker2s.kafka.strimzi.io');
  });

  it('says not-found when neither version has it', async () => {
    const server = await api({});
    expect(((await readKafkaMirrorMaker2({ server }, 'kafka', 'svl-mm2', 1000).catch((x: unknown) => x)) as KubeError).kind).toBe('not-found');
  });

  it('says bad-response for an HTML page', async () => {
    const server = await api({ [path('v1beta2')]: [200, '<html>login</html>'] });
    const e = (await readKafkaMirrorMaker2({ server }, 'kafka', 'svl-mm2', 1000).catch((x: unknown) => x)) as KubeError;
    expect(e.kind).toBe('bad-response');
  });

  it('outside a cluster without MM2_DOCTOR_KUBE_API, says how to give one', async () => {
    await expect(kubeAccess({})).rejects.toThrow(/MM2_DOCTOR_KUBE_API/);
    expect(await kubeAccess({ MM2_DOCTOR_KUBE_API: 'http://127.0.0.1:8001/' })).toEqual({ server: 'http://127.0.0.1:8001' });
    const inPod = await kubeAccess({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, async (p) => (p.endsWith('token') ? 'tok\n' : 'CA'));
    expect(inPod).toEqual({ server: 'https://10.0.0.1:443', token: 'tok', ca: 'CA' });
  });
});
