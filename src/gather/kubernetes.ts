/**
 * Reads a Strimzi `KafkaMirrorMaker2` from the Kubernetes API: in a pod through the service
 * account (token and CA mounted at /var/run/secrets/kubernetes.io/serviceaccount, API at
 * $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT), or through `$MM2_DOCTOR_KUBE_API` (for
 * example `kubectl proxy` at http://127.0.0.1:8001). Read-only: one GET. RBAC needed: `get` on
 * `kafkamirrormaker2s.kafka.strimzi.io` in the namespace.
 */
import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeAccess {
  server: string;
  token?: string;
  ca?: string;
}

export class KubeError extends Error {
  constructor(readonly kind: 'unreachable' | 'not-authorized' | 'not-found' | 'bad-response' | 'timeout' | 'not-configured', message: string) {
    super(message);
  }
}

/** Where the API is: `$MM2_DOCTOR_KUBE_API`, else the in-cluster service account, else none. */
export async function kubeAccess(env: NodeJS.ProcessEnv = process.env, read: (p: string) => Promise<string> = (p) => readFile(p, 'utf8')): Promise<KubeAccess> {
  if (env.MM2_DOCTOR_KUBE_API) return { server: env.MM2_DOCTOR_KUBE_API.replace(/\/+$/, '') };
  if (!env.KUBERNETES_SERVICE_HOST) {
    throw new KubeError('not-configured', 'not running in Kubernetes (no KUBERNETES_SERVICE_HOST) and MM2_DOCTOR_KUBE_API is not set (e.g. http://127.0.0.1:8001 with kubectl proxy)');
  }
  const host = env.KUBERNETES_SERVICE_HOST.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST;
  try {
    const [token, ca] = await Promise.all([read(`${SA}/token`), read(`${SA}/ca.crt`)]);
    return { server: `https://${host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`, token: token.trim(), ca };
  } catch (err) {
    throw new KubeError('not-configured', `the pod's service account token or CA is not readable under ${SA} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function get(access: KubeAccess, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const url = new URL(`${access.server}${path}`);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method: 'GET', headers: { accept: 'application/json', ...(access.token && { authorization: `Bearer ${access.token}` }) }, ...(access.ca && { ca: access.ca }), timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new KubeError('timeout', `the Kubernetes API at ${access.server} did not answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof KubeError ? err : new KubeError('unreachable', `cannot reach the Kubernetes API at ${access.server}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    req.end();
  });
}

/** GETs the resource (v1beta2 first, as Strimzi 0.45 serves it, then v1 for 0.49+). */
export async function readKafkaMirrorMaker2(access: KubeAccess, namespace: string, name: string, timeoutMs: number): Promise<KafkaMirrorMaker2Resource> {
  let last: { status: number; body: string } | undefined;
  for (const version of ['v1beta2', 'v1']) {
    const path = `/apis/kafka.strimzi.io/${version}/namespaces/${encodeURIComponent(namespace)}/kafkamirrormaker2s/${encodeURIComponent(name)}`;
    last = await get(access, path, timeoutMs);
    if (last.status === 401 || last.status === 403) {
      throw new KubeError('not-authorized', `the Kubernetes API denied get kafkamirrormaker2s/${name} in namespace ${namespace} (${last.status}); the bot's service account needs get on kafkamirrormaker2s.kafka.strimzi.io`);
    }
    if (last.status === 404) continue; // that API version is not served, or no such resource
    if (last.status !== 200) break;
    try {
      const r = JSON.parse(last.body) as KafkaMirrorMaker2Resource;
      if (r.kind !== 'KafkaMirrorMaker2' || !r.spec) throw new Error('not a KafkaMirrorMaker2');
      return r;
    } catch (err) {
      throw new KubeError('bad-response', `the Kubernetes API answered ${path} with something that is not a KafkaMirrorMaker2: ${(err as Error).message}`);
    }
  }
  if (last?.status === 404) throw new KubeError('not-found', `no KafkaMirrorMaker2 ${namespace}/${name} (kafka.strimzi.io v1beta2 or v1)`);
  throw new KubeError('bad-response', `the Kubernetes API answered ${last?.status} for KafkaMirrorMaker2 ${namespace}/${name}`);
}
