/**
 * The Kubernetes API, read-only: the Strimzi `KafkaMirrorMaker2` with its status, the MM2 pods
 * Strimzi labels, and their containers' logs through `pods/log`. In a pod through the service
 * account (token and CA mounted at /var/run/secrets/kubernetes.io/serviceaccount, API at
 * $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT), elsewhere through `$MM2_DOCTOR_KUBE_API`
 * (for example `kubectl proxy` at http://127.0.0.1:8001). GET requests only.
 *
 * Every refusal is the API server's `Status` object (kubernetes/apimachinery
 * pkg/apis/meta/v1/types.go `Status`, pkg/api/errors/errors.go `NewForbidden`/`NewNotFound`/
 * `NewBadRequest`); a 403 becomes an error that names the RBAC rule the bot's Role lacks
 * (RBAC_RULES, shipped in deploy/rbac.yaml), and the diagnosis goes on without that fact.
 */
import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import type { GatherErrorKind, Mm2PodFacts, StrimziConnectorStatus, StrimziStatusFacts } from '../model/facts.ts';

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeAccess {
  server: string;
  token?: string;
  ca?: string;
}

/** One rule of a Kubernetes Role, as `deploy/rbac.yaml` writes it. */
export interface RbacRule {
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
}

/** Everything the bot reads from Kubernetes, one rule each; deploy/rbac.yaml grants exactly these. */
export const RBAC_RULES = {
  kafkaMirrorMaker2: { apiGroups: ['kafka.strimzi.io'], resources: ['kafkamirrormaker2s'], verbs: ['get'] },
  pods: { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  podLog: { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
} as const satisfies Record<string, RbacRule>;

/** `{apiGroups: [""], resources: ["pods/log"], verbs: ["get"]}`: a rule as it is written in a Role. */
export function describeRule(r: RbacRule): string {
  const list = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  return `{apiGroups: ${list(r.apiGroups)}, resources: ${list(r.resources)}, verbs: ${list(r.verbs)}}`;
}

export class KubeError extends Error {
  constructor(
    readonly kind: Extract<GatherErrorKind, 'unreachable' | 'not-authorized' | 'not-found' | 'bad-response' | 'timeout' | 'not-configured'>,
    message: string,
    /** For a 403: the rule the bot's Role lacks. */
    readonly rule?: RbacRule,
  ) {
    super(message);
  }
}

/** A `Status` object, the body of every API error (all fields optional, apimachinery types.go). */
export interface KubeStatus {
  kind: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string };
}

function statusOf(body: string): KubeStatus | undefined {
  try {
    const v = JSON.parse(body) as Partial<KubeStatus>;
    return v && v.kind === 'Status' ? (v as KubeStatus) : undefined;
  } catch {
    return undefined;
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

interface Answer {
  status: number;
  body: string;
  /** The body was longer than `maxBytes` and was cut there. */
  cut: boolean;
}

/** One GET; the body is read up to `maxBytes` (a pod log can be large). */
function get(access: KubeAccess, path: string, opts: { timeoutMs: number; accept: string; maxBytes: number }): Promise<Answer> {
  const url = new URL(`${access.server}${path}`);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method: 'GET', headers: { accept: opts.accept, ...(access.token && { authorization: `Bearer ${access.token}` }) }, ...(access.ca && { ca: access.ca }), timeout: opts.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let cut = false;
        res.on('data', (c: Buffer) => {
          if (cut) return;
          const room = opts.maxBytes - size;
          if (c.length > room) {
            chunks.push(c.subarray(0, room));
            size = opts.maxBytes;
            cut = true;
            res.destroy();
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cut });
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cut }));
        res.on('error', (err) => reject(new KubeError('unreachable', `the Kubernetes API at ${access.server} broke off its answer: ${err.message}`)));
      },
    );
    req.on('timeout', () => req.destroy(new KubeError('timeout', `the Kubernetes API at ${access.server} did not answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof KubeError ? err : new KubeError('unreachable', `cannot reach the Kubernetes API at ${access.server}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    req.end();
  });
}

const JSON_LIMIT = 16 * 1024 * 1024;

/** The error for an answer that is not 200: what was asked, what the API server said, and for a 403 the missing rule. */
function refusal(a: Answer, what: string, rule: RbacRule): KubeError {
  const st = statusOf(a.body);
  const said = st?.message ? `: ${st.message}` : '';
  if (a.status === 401) return new KubeError('not-authorized', `the Kubernetes API refused the bot's credentials for ${what} (401 Unauthorized): the service account token is missing, expired or not accepted`);
  if (a.status === 403) {
    return new KubeError('not-authorized', `the Kubernetes API denied ${what} (403 Forbidden${said}); the bot's Role needs the rule ${describeRule(rule)} (deploy/rbac.yaml)`, rule);
  }
  if (a.status === 404) return new KubeError('not-found', `${what}: not found (404${said})`);
  return new KubeError('bad-response', `the Kubernetes API answered ${what} with ${a.status}${st?.reason ? ` ${st.reason}` : ''}${said}`);
}

function parseJson<T>(a: Answer, what: string): T {
  if (a.cut) throw new KubeError('bad-response', `the Kubernetes API's answer to ${what} is larger than ${JSON_LIMIT} bytes`);
  try {
    return JSON.parse(a.body) as T;
  } catch {
    throw new KubeError('bad-response', `the Kubernetes API answered ${what} with something that is not JSON (${a.body.slice(0, 60).replace(/\s+/g, ' ')}…)`);
  }
}

// ---------------------------------------------------------------------------------------------
// The KafkaMirrorMaker2 and its status

/** A resource read live: its spec (for the settings) and its status as facts. */
export interface LiveMirrorMaker2 {
  resource: KafkaMirrorMaker2Resource;
  status: StrimziStatusFacts | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
/** Adds `key: value` only when the value is defined (exactOptionalPropertyTypes). */
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

/**
 * The resource's `status` as facts. Shape from Strimzi's api module, unchanged 0.45.0 → 1.2.0:
 * `KafkaMirrorMaker2Status` (conditions, observedGeneration, url, connectors, autoRestartStatuses,
 * connectorPlugins, labelSelector, replicas); `connectors[]` are Connect's REST status maps
 * (`{name, connector: {state, worker_id, trace?}, tasks: [{id, state, worker_id, trace?}], type}`).
 * Anything malformed is skipped rather than guessed.
 */
export function statusFacts(raw: unknown): StrimziStatusFacts | null {
  const r = obj(raw);
  if (!r.status || typeof r.status !== 'object') return null;
  const s = obj(r.status);
  const connectors: StrimziConnectorStatus[] = arr(s.connectors).flatMap((c) => {
    const o = obj(c);
    const name = str(o.name);
    if (!name) return [];
    const conn = obj(o.connector);
    return [{
      name,
      ...opt('type', str(o.type)),
      ...opt('state', str(conn.state)),
      ...opt('workerId', str(conn.worker_id)),
      ...opt('trace', str(conn.trace)),
      tasks: arr(o.tasks).flatMap((t) => {
        const to = obj(t);
        const id = num(to.id);
        const state = str(to.state);
        return id === undefined || !state ? [] : [{ id, state, ...opt('workerId', str(to.worker_id)), ...opt('trace', str(to.trace)) }];
      }),
    }];
  });
  return {
    generation: num(obj(r.metadata).generation) ?? null,
    observedGeneration: num(s.observedGeneration) ?? null,
    conditions: arr(s.conditions).flatMap((c) => {
      const o = obj(c);
      const type = str(o.type);
      const status = str(o.status);
      return type && status ? [{ type, status, ...opt('reason', str(o.reason)), ...opt('message', str(o.message)), ...opt('lastTransitionTime', str(o.lastTransitionTime)) }] : [];
    }),
    connectors,
    autoRestarts: arr(s.autoRestartStatuses).flatMap((a) => {
      const o = obj(a);
      const connectorName = str(o.connectorName);
      return connectorName ? [{ connectorName, count: num(o.count) ?? 0, ...opt('lastRestartTimestamp', str(o.lastRestartTimestamp)) }] : [];
    }),
    ...opt('labelSelector', str(s.labelSelector)),
    ...opt('replicas', num(s.replicas)),
  };
}

/**
 * GETs the resource: `kafka.strimzi.io/v1` first, then `v1beta2`. Strimzi 0.45 serves v1beta2
 * only, 0.49 both, 1.0 and later v1 only (packaging/install/cluster-operator/
 * 048-Crd-kafkamirrormaker2.yaml at each tag). An API version that is not served answers 404
 * like a missing resource, so a 404 moves on to the next version.
 */
export async function readKafkaMirrorMaker2(access: KubeAccess, namespace: string, name: string, timeoutMs: number): Promise<LiveMirrorMaker2> {
  const what = `get kafkamirrormaker2s/${name} in namespace ${namespace}`;
  const notFound: string[] = [];
  for (const version of ['v1', 'v1beta2']) {
    const path = `/apis/kafka.strimzi.io/${version}/namespaces/${encodeURIComponent(namespace)}/kafkamirrormaker2s/${encodeURIComponent(name)}`;
    const a = await get(access, path, { timeoutMs, accept: 'application/json', maxBytes: JSON_LIMIT });
    if (a.status === 404) {
      notFound.push(`${version}: ${statusOf(a.body)?.message ?? 'not found'}`);
      continue;
    }
    if (a.status !== 200) throw refusal(a, what, RBAC_RULES.kafkaMirrorMaker2);
    const r = parseJson<KafkaMirrorMaker2Resource>(a, what);
    if (r.kind !== 'KafkaMirrorMaker2' || !r.spec || typeof r.spec !== 'object') {
      throw new KubeError('bad-response', `the Kubernetes API answered ${path} with something that is not a KafkaMirrorMaker2 (kind ${JSON.stringify(r.kind ?? null)})`);
    }
    return { resource: r, status: statusFacts(r) };
  }
  throw new KubeError('not-found', `no KafkaMirrorMaker2 ${namespace}/${name} (${notFound.join('; ')})`);
}

// ---------------------------------------------------------------------------------------------
// The MM2 pods and their logs

/**
 * The label selector of a KafkaMirrorMaker2's pods. Strimzi labels every pod of the resource
 * `strimzi.io/cluster=<cr>` and `strimzi.io/kind=KafkaMirrorMaker2` (operator-common
 * model/Labels.java, `generateDefaultLabels`); the kind matters: a Kafka cluster with the same
 * name carries the same `strimzi.io/cluster`.
 */
export function mm2PodSelector(crName: string): string {
  return `strimzi.io/cluster=${crName},strimzi.io/kind=KafkaMirrorMaker2`;
}

/** The one container of an MM2 pod: `<cr>-mirrormaker2` (KafkaConnectCluster.java, createContainer(componentName…)). */
export function mm2ContainerName(crName: string): string {
  return `${crName}-mirrormaker2`;
}

type PodLike = Omit<Mm2PodFacts, 'logs'> & {
  /** Which instances have a log to read (kubelet validateContainerLogStatus). */
  readable: { current: boolean; previous: boolean };
};

/** A pod of a `PodList` as facts: its MM2 container's state and restarts. */
function podOf(item: unknown, crName: string): PodLike | undefined {
  const p = obj(item);
  const name = str(obj(p.metadata).name);
  if (!name) return undefined;
  const containers = arr(obj(p.spec).containers).map((c) => str(obj(c).name)).filter((n): n is string => !!n);
  const container = containers.includes(mm2ContainerName(crName)) ? mm2ContainerName(crName) : containers[0];
  if (!container) return undefined;
  const cs = obj(arr(obj(p.status).containerStatuses).find((c) => str(obj(c).name) === container));
  const state = obj(cs.state);
  const last = obj(obj(cs.lastState).terminated);
  const hasLast = Object.keys(last).length > 0;
  const current = state.running ? 'running' : state.waiting ? 'waiting' : state.terminated ? 'terminated' : 'unknown';
  const reason = str(obj(state.waiting).reason) ?? str(obj(state.terminated).reason);
  return {
    name,
    phase: str(obj(p.status).phase) ?? 'Unknown',
    container,
    ready: cs.ready === true,
    restartCount: num(cs.restartCount) ?? 0,
    state: current,
    ...opt('reason', reason),
    ...(hasLast && { lastTermination: { ...opt('reason', str(last.reason)), ...opt('exitCode', num(last.exitCode)), ...opt('finishedAt', str(last.finishedAt)) } }),
    // kubelet pkg/kubelet/kubelet_pods.go validateContainerLogStatus: `previous` needs a last
    // terminated instance; without `previous` a running or terminated container gives its own
    // log, and a waiting one (CrashLoopBackOff) the LAST terminated instance's — the same text
    // `previous=true` gives, so a pod mid-restart is read once, as its previous instance.
    readable: {
      current: current === 'running' || current === 'terminated' || (current === 'unknown' && !hasLast),
      previous: hasLast,
    },
  };
}

/** Lists the MM2 pods of `crName` (`list` on pods). */
export async function listMm2Pods(access: KubeAccess, namespace: string, crName: string, timeoutMs: number): Promise<PodLike[]> {
  const selector = mm2PodSelector(crName);
  const what = `list pods -l ${selector} in namespace ${namespace}`;
  const a = await get(access, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods?${new URLSearchParams({ labelSelector: selector })}`, { timeoutMs, accept: 'application/json', maxBytes: JSON_LIMIT });
  if (a.status !== 200) throw refusal(a, what, RBAC_RULES.pods);
  const list = obj(parseJson<unknown>(a, what));
  if (list.kind !== 'PodList' || !Array.isArray(list.items)) throw new KubeError('bad-response', `the Kubernetes API answered ${what} with something that is not a PodList`);
  return list.items.map((i) => podOf(i, crName)).filter((p): p is PodLike => !!p).sort((x, y) => x.name.localeCompare(y.name, 'en', { numeric: true }));
}

/** Which part of a container's log to read. */
export interface PodLogWindow {
  sinceSeconds: number;
  tailLines: number;
  limitBytes: number;
}

/** A container log as read: the text (whole lines only) and whether the byte limit cut it. */
export interface PodLogText {
  text: string;
  bytes: number;
  truncated: boolean;
}

/**
 * Reads one container's log (`get` on pods/log): `GET /api/v1/namespaces/{ns}/pods/{pod}/log`,
 * answered as text/plain. The kubelet takes the last `tailLines` lines, drops those older than
 * `sinceSeconds` and stops after `limitBytes`, possibly inside a line (ReadLogs in
 * pkg/kubelet/kuberuntime/logs/logs.go), so a cut last line is dropped here.
 */
export async function readPodLog(access: KubeAccess, namespace: string, pod: string, container: string, window: PodLogWindow, opts: { previous: boolean; timeoutMs: number }): Promise<PodLogText> {
  const query = new URLSearchParams({
    container,
    sinceSeconds: String(window.sinceSeconds),
    tailLines: String(window.tailLines),
    limitBytes: String(window.limitBytes),
    ...(opts.previous && { previous: 'true' }),
  });
  const what = `get pods/${pod}/log${opts.previous ? ' (previous)' : ''} in namespace ${namespace}`;
  // "may return slightly more or slightly less than the specified limit" (PodLogOptions.limitBytes).
  const a = await get(access, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${query}`, { timeoutMs: opts.timeoutMs, accept: 'text/plain', maxBytes: window.limitBytes + 64 * 1024 });
  if (a.status !== 200) throw refusal(a, what, RBAC_RULES.podLog);
  const bytes = Buffer.byteLength(a.body);
  const truncated = a.cut || bytes >= window.limitBytes;
  const text = truncated && !a.body.endsWith('\n') ? a.body.slice(0, a.body.lastIndexOf('\n') + 1) : a.body;
  return { text, bytes, truncated };
}

export type { PodLike as Mm2Pod };
