/**
 * A Kubernetes API stand-in for tests: the few endpoints mm2-doctor reads, answering the way the
 * real API server and kubelet do (bodies in ./recorded, sources in ./recorded/README.md).
 *
 * - `GET /apis/kafka.strimzi.io/{version}/namespaces/{ns}/kafkamirrormaker2s/{name}`: the CR,
 *   under the API versions the simulated Strimzi serves (0.45: v1beta2; 0.49: both; 1.0+: v1).
 * - `GET /api/v1/namespaces/{ns}/pods?labelSelector=…`: a `PodList` (equality selectors).
 * - `GET /api/v1/namespaces/{ns}/pods/{pod}/log?container&previous&sinceSeconds&tailLines&limitBytes&timestamps`:
 *   text/plain, with the kubelet's choice of container instance (validateContainerLogStatus) and
 *   its order of limits (ReadLogs: tail, then since, then the byte limit, cutting inside a line).
 * - Authentication (a bearer token, when one is set) and RBAC (the rules granted): 401 and 403
 *   `Status` objects worded as the apiserver words them.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Role rule, as in deploy/rbac.yaml. */
export interface Rule {
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
}

/** A container instance's log: timed lines, or a file read at request time (from a byte offset). */
export type LogSource = { lines: { at: number; text: string }[] } | { file: string; from?: number };

/** A pod as the stand-in keeps it: the API object, and its containers' logs per instance. */
export interface StandInPod {
  /** The `Pod` object (metadata, spec, status) as the list returns it. */
  object: { metadata: { name: string; namespace?: string; labels?: Record<string, string> } & Record<string, unknown>; spec: { containers: ({ name: string } & Record<string, unknown>)[] } & Record<string, unknown>; status?: Record<string, unknown> };
  logs: Record<string, { current?: LogSource; previous?: LogSource }>;
}

export interface StandInOptions {
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Who the caller is, for 403 messages. */
  user?: string;
  /** Granted rules; default: everything. */
  rules?: Rule[];
  /** Strimzi's served versions of kafkamirrormaker2s; default ['v1beta2'] (Strimzi 0.45). */
  versions?: string[];
  now?: () => number;
}

/** A request the stand-in answered. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

/** A `Status` object, fields in the order the API server writes them. */
export function statusBody(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details && { details }), code };
}

const LOG4J_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/;

/** Timed lines of a log file: each line at its log4j timestamp, continuation lines at the one before. */
function fileLines(src: { file: string; from?: number }, now: number): { at: number; text: string }[] {
  const buf = fs.readFileSync(src.file);
  const text = buf.subarray(src.from ?? 0).toString('utf8');
  let at = now;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  // Times are those of the JVM's clock (log4j `%d`, local time), which is this machine's.
  return lines.map((line) => {
    const m = LOG4J_TIME.exec(line);
    if (m) at = new Date(`${m[1]}T${m[2]}.${m[3]}`).getTime();
    return { at, text: line };
  });
}

export class KubeStandIn {
  readonly requests: SeenRequest[] = [];
  private readonly mm2 = new Map<string, object>();
  private readonly pods = new Map<string, StandInPod>();
  private rules: Rule[] | undefined;
  private resourceVersion = 48_213_377;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly opts: StandInOptions,
  ) {
    this.rules = opts.rules;
  }

  static async start(opts: StandInOptions = {}): Promise<KubeStandIn> {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const self = new KubeStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, opts);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => self.handle(req, res));
    return self;
  }

  /** Grants exactly these rules from now on (a Role edited in place). */
  grant(rules: Rule[] | undefined): void {
    this.rules = rules;
  }

  putMirrorMaker2(namespace: string, cr: { metadata: { name: string } & Record<string, unknown> } & Record<string, unknown>): void {
    this.mm2.set(`${namespace}/${cr.metadata.name}`, cr);
    this.resourceVersion++;
  }

  putPod(pod: StandInPod): void {
    this.pods.set(`${pod.object.metadata.namespace ?? 'default'}/${pod.object.metadata.name}`, pod);
    this.resourceVersion++;
  }

  stop(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(u.searchParams);
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      this.requests.push({ method: req.method ?? '', path: u.pathname, query, status });
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (this.opts.token !== undefined && req.headers.authorization !== `Bearer ${this.opts.token}`) {
      send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (req.method !== 'GET') {
      send(405, statusBody(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
      return;
    }
    const seg = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // /apis/kafka.strimzi.io/{v}/namespaces/{ns}/kafkamirrormaker2s/{name}
    if (seg[0] === 'apis' && seg[1] === 'kafka.strimzi.io' && seg[3] === 'namespaces' && seg[5] === 'kafkamirrormaker2s' && seg.length === 7) {
      const [version, ns, name] = [seg[2]!, seg[4]!, seg[6]!];
      if (!(this.opts.versions ?? ['v1beta2']).includes(version)) return send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource', {}));
      const denied = this.forbidden('get', 'kafka.strimzi.io', 'kafkamirrormaker2s', ns, name, 'kafkamirrormaker2s.kafka.strimzi.io');
      if (denied) return send(403, denied);
      const cr = this.mm2.get(`${ns}/${name}`);
      if (!cr) return send(404, statusBody(404, 'NotFound', `kafkamirrormaker2s.kafka.strimzi.io "${name}" not found`, { name, group: 'kafka.strimzi.io', kind: 'kafkamirrormaker2s' }));
      return send(200, { ...cr, apiVersion: `kafka.strimzi.io/${version}` });
    }
    // /api/v1/namespaces/{ns}/pods[/{name}/log]
    if (seg[0] === 'api' && seg[1] === 'v1' && seg[2] === 'namespaces' && seg[4] === 'pods') {
      const ns = seg[3]!;
      if (seg.length === 5) {
        const denied = this.forbidden('list', '', 'pods', ns, undefined, 'pods');
        if (denied) return send(403, denied);
        const selector = parseSelector(query.labelSelector ?? '');
        if ('error' in selector) return send(400, statusBody(400, 'BadRequest', `unable to parse requirement: ${selector.error}`));
        const items = [...this.pods.values()].filter((p) => (p.object.metadata.namespace ?? 'default') === ns && selector.matches(p.object.metadata.labels ?? {})).map((p) => p.object);
        return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(this.resourceVersion) }, items });
      }
      if (seg.length === 7 && seg[6] === 'log') {
        const name = seg[5]!;
        const denied = this.forbidden('get', '', 'pods/log', ns, name, 'pods');
        if (denied) return send(403, denied);
        const pod = this.pods.get(`${ns}/${name}`);
        if (!pod) return send(404, statusBody(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' }));
        const r = this.log(pod, query);
        return 'error' in r ? send(400, statusBody(400, 'BadRequest', r.error)) : send(200, r.text, 'text/plain');
      }
    }
    send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource', {}));
  }

  /** The 403 `Status` when the rules do not grant `verb` on `resource`, worded as forbiddenMessage words it. */
  private forbidden(verb: string, group: string, resource: string, ns: string, name: string | undefined, qualified: string): StatusBody | undefined {
    if (!this.rules) return undefined;
    if (this.rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && (r.verbs.includes(verb) || r.verbs.includes('*')))) return undefined;
    const user = this.opts.user ?? 'system:serviceaccount:kafka:mm2-doctor';
    const why = `User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${ns}"`;
    const kind = qualified.split('.')[0]!;
    return statusBody(403, 'Forbidden', name ? `${qualified} "${name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`, { ...(name && { name }), ...(group && { group }), kind });
  }

  /** The kubelet's answer to a log request. */
  private log(pod: StandInPod, q: Record<string, string>): { text: string } | { error: string } {
    const name = pod.object.metadata.name;
    const containers = pod.object.spec.containers.map((c) => c.name);
    let container = q.container;
    if (!container) {
      if (containers.length !== 1) return { error: `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]` };
      container = containers[0]!;
    }
    if (!containers.includes(container)) return { error: `container ${container} is not valid for pod ${name}` };
    const statuses = (pod.object.status?.containerStatuses ?? []) as { name: string; state?: Record<string, { reason?: string } | undefined>; lastState?: { terminated?: object } }[];
    const cs = statuses.find((s) => s.name === container);
    if (!cs) return { error: `container "${container}" in pod "${name}" is not available` };
    const previous = q.previous === 'true';
    const last = cs.lastState?.terminated !== undefined;
    const state = cs.state ?? {};
    let source: LogSource | undefined;
    // kubernetes pkg/kubelet/kubelet_pods.go validateContainerLogStatus, case by case.
    if (previous) {
      if (!last) return { error: `previous terminated container "${container}" in pod "${name}" not found` };
      source = pod.logs[container]?.previous;
    } else if (state.running || state.terminated) {
      source = pod.logs[container]?.current;
    } else if (last) {
      source = pod.logs[container]?.previous;
    } else if (state.waiting) {
      return { error: `container "${container}" in pod "${name}" is waiting to start: ${state.waiting.reason ?? 'ContainerCreating'}` };
    }
    let lines = !source ? [] : 'lines' in source ? source.lines : fileLines(source, this.now);
    if (q.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - Number(q.tailLines)));
    if (q.sinceSeconds !== undefined) {
      const since = this.now - Number(q.sinceSeconds) * 1000;
      lines = lines.filter((l) => l.at >= since);
    }
    let text = lines.map((l) => `${q.timestamps === 'true' ? `${new Date(l.at).toISOString()} ` : ''}${l.text}\n`).join('');
    if (q.limitBytes !== undefined) {
      const b = Buffer.from(text);
      if (b.length > Number(q.limitBytes)) text = b.subarray(0, Number(q.limitBytes)).toString('utf8');
    }
    return { text };
  }
}

/** Equality-based label selectors (`a=b`, `a==b`, `a!=b`, comma-separated). */
function parseSelector(s: string): { matches(labels: Record<string, string>): boolean } | { error: string } {
  const reqs: { key: string; value: string; eq: boolean }[] = [];
  for (const part of s.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)\s*$/.exec(part);
    if (!m) return { error: `found '${part}', expected: '=', '!=', '==', 'in', notin'` };
    reqs.push({ key: m[1]!, value: m[3]!, eq: m[2] !== '!=' });
  }
  return { matches: (labels) => reqs.every((r) => (labels[r.key] === r.value) === r.eq) };
}

/** A running MM2 pod as Strimzi makes it: labels, one container `<cr>-mirrormaker2`. */
export function strimziMm2Pod(opts: {
  namespace: string;
  cr: string;
  index: number;
  state?: 'running' | 'crash-loop' | 'restarted' | 'creating';
  restartCount?: number;
  logs?: { current?: LogSource; previous?: LogSource };
}): StandInPod {
  const name = `${opts.cr}-mirrormaker2-${opts.index}`;
  const container = `${opts.cr}-mirrormaker2`;
  const state = opts.state ?? 'running';
  const lastState = state === 'crash-loop' || state === 'restarted' ? { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-12-02T09:10:01Z', finishedAt: '2026-12-02T09:10:44Z', containerID: 'containerd://9c1e7a' } } : {};
  const current =
    state === 'crash-loop'
      ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${container} pod=${name}_${opts.namespace}(0b6f3c1e)` } }
      : state === 'creating'
        ? { waiting: { reason: 'ContainerCreating' } }
        : { running: { startedAt: '2026-12-02T09:11:02Z' } };
  return {
    object: {
      metadata: {
        name,
        namespace: opts.namespace,
        labels: {
          'strimzi.io/cluster': opts.cr,
          'strimzi.io/kind': 'KafkaMirrorMaker2',
          'strimzi.io/name': `${opts.cr}-mirrormaker2`,
          'strimzi.io/component-type': 'kafka-mirror-maker-2',
          'strimzi.io/pod-name': name,
          'strimzi.io/controller': 'strimzipodset',
          'strimzi.io/controller-name': `${opts.cr}-mirrormaker2`,
          'app.kubernetes.io/name': 'kafka-mirror-maker-2',
          'app.kubernetes.io/instance': opts.cr,
          'app.kubernetes.io/part-of': `strimzi-${opts.cr}`,
          'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
        },
      },
      spec: { containers: [{ name: container, image: 'quay.io/strimzi/kafka:0.45.0-kafka-3.9.0' }] },
      status: {
        phase: state === 'creating' ? 'Pending' : 'Running',
        containerStatuses: [
          {
            name: container,
            ready: state === 'running' || state === 'restarted',
            started: state === 'running' || state === 'restarted',
            restartCount: opts.restartCount ?? (state === 'running' || state === 'creating' ? 0 : 7),
            image: 'quay.io/strimzi/kafka:0.45.0-kafka-3.9.0',
            state: current,
            lastState,
          },
        ],
      },
    },
    logs: { [container]: opts.logs ?? {} },
  };
}
