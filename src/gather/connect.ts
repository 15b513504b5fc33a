/**
 * Kafka Connect REST facts for one mirror: the three MM2 connectors' live configs, states,
 * traces and task configs (`task.assigned.groups` lists the groups each checkpoint task was
 * given). Read-only: GET requests only. HTML, 5xx and unparsable answers become `bad-response`.
 */
import http from 'node:http';
import https from 'node:https';
import type { MirrorConfig } from '../config/schema.ts';
import { describeSecretRef } from '../config/secrets.ts';
import type { ConnectFacts, ConnectorFacts, ConnectorState, GatherError } from '../model/facts.ts';
import { resolveSecret, type SecretIO } from './secrets.ts';

export type Mm2ConnectorKind = 'source' | 'checkpoint' | 'heartbeat';
const CLASS: Record<Mm2ConnectorKind, string> = {
  source: 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
  checkpoint: 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
  heartbeat: 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector',
};

export interface ConnectTarget {
  url: string;
  timeoutMs: number;
  sourceAlias: string;
  targetAlias: string;
  /** Explicit names; otherwise Strimzi's `<source>-><target>.<Class>`, else found by class and aliases. */
  names?: Partial<Record<Mm2ConnectorKind, string>>;
  /** The `Authorization` header, when Connect REST is protected (basic auth). */
  authorization?: string;
}

/**
 * Where and how to reach a mirror's Connect REST API, its basic-auth password resolved now. A
 * password reference that does not resolve is an `auth-failed` error: the request is not sent
 * without the credentials the config asks for.
 */
export async function connectTargetOf(m: MirrorConfig & { connect: NonNullable<MirrorConfig['connect']> }, io: SecretIO = {}): Promise<{ ok: true; target: ConnectTarget } | { ok: false; error: GatherError }> {
  const c = m.connect;
  const base: ConnectTarget = { url: c.url, timeoutMs: c.timeoutMs, sourceAlias: m.source, targetAlias: m.target, names: c.connectors };
  if (!c.auth) return { ok: true, target: base };
  const pw = await resolveSecret(c.auth.password, io);
  if (!pw.ok) {
    return {
      ok: false,
      error: {
        kind: 'auth-failed',
        operation: 'Kafka Connect REST',
        message: `cannot authenticate to Kafka Connect at ${c.url} as "${c.auth.username}": the password reference (${describeSecretRef(c.auth.password)}) failed: ${pw.error}`,
      },
    };
  }
  return { ok: true, target: { ...base, authorization: `Basic ${Buffer.from(`${c.auth.username}:${pw.secret.reveal()}`).toString('base64')}` } };
}

export class ConnectRestError extends Error {
  constructor(readonly kind: GatherError['kind'], message: string) {
    super(message);
  }
}

/** An HTTP answer, read whole. */
interface HttpAnswer {
  status: number;
  text: string;
  contentType: string | undefined;
}

/**
 * GET through node:http(s), following up to five redirects as fetch would. Not the global fetch:
 * its first call loads undici, ~50 ms of a diagnosis's start on a 2-core machine (issue 10's
 * bench), for four GETs. The whole exchange, redirects included, is bounded by `timeoutMs`.
 */
function httpGet(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => done(() => {
      current?.destroy();
      reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    }), timeoutMs);
    const get = (u: URL, redirectsLeft: number) => {
      const mod = u.protocol === 'https:' ? https : http;
      current = mod.get(u, { headers }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location && redirectsLeft > 0) {
          res.resume();
          get(new URL(res.headers.location, u), redirectsLeft - 1);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(() => resolve({ status, text: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'] })));
        res.on('error', (err) => done(() => reject(err)));
      });
      current.on('error', (err) => done(() => reject(err)));
    };
    get(url, 5);
  });
}

async function getJson(t: ConnectTarget, path: string): Promise<unknown> {
  const url = `${t.url.replace(/\/+$/, '')}${path}`;
  let res: HttpAnswer;
  try {
    res = await httpGet(new URL(url), { accept: 'application/json', ...(t.authorization && { authorization: t.authorization }) }, t.timeoutMs);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.name === 'TimeoutError') throw new ConnectRestError('timeout', `GET ${path} on Kafka Connect at ${t.url} timed out after ${t.timeoutMs} ms`);
    throw new ConnectRestError('unreachable', `cannot reach Kafka Connect at ${t.url}${e.code ? `: ${e.code}` : ''}`);
  }
  const text = res.text;
  if (res.status === 401 || res.status === 403) throw new ConnectRestError('not-authorized', `Kafka Connect at ${t.url} answered ${res.status} to GET ${path}`);
  if (res.status === 404) throw new ConnectRestError('not-found', `Kafka Connect at ${t.url} has no ${path}`);
  if (res.status < 200 || res.status >= 300) throw new ConnectRestError('bad-response', `Kafka Connect at ${t.url} answered ${res.status} to GET ${path}: ${text.slice(0, 120).replace(/\s+/g, ' ')}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectRestError('bad-response', `Kafka Connect at ${t.url} answered GET ${path} with something that is not JSON (${(res.contentType ?? 'no content-type').split(';')[0]}): ${text.slice(0, 80).replace(/\s+/g, ' ')}`);
  }
}

interface Expanded {
  [name: string]: {
    status?: { connector: { state: string; worker_id: string; trace?: string }; tasks: { id: number; state: string; worker_id: string; trace?: string }[] };
    info?: { name: string; config: Record<string, string>; tasks: { connector: string; task: number }[]; type: string };
  };
}

function pick(t: ConnectTarget, all: Expanded, kind: Mm2ConnectorKind): string | undefined {
  const explicit = t.names?.[kind];
  if (explicit) return explicit in all ? explicit : undefined;
  const strimzi = `${t.sourceAlias}->${t.targetAlias}.${CLASS[kind].split('.').pop()}`;
  if (strimzi in all) return strimzi;
  // A hand-made deployment: find the connector by class and aliases. `target.cluster.alias`
  // defaults to "target" in MM2 (MirrorConnectorConfig), so a connector without it counts too.
  return Object.keys(all).find((n) => {
    const c = all[n]?.info?.config ?? {};
    return c['connector.class'] === CLASS[kind] && c['source.cluster.alias'] === t.sourceAlias && (c['target.cluster.alias'] ?? 'target') === t.targetAlias;
  });
}

/** Gathers the mirror's connectors from Connect REST; throws ConnectRestError when Connect cannot answer. */
export async function gatherConnect(t: ConnectTarget): Promise<ConnectFacts> {
  const all = (await getJson(t, '/connectors?expand=status&expand=info')) as Expanded;
  if (typeof all !== 'object' || all === null || Array.isArray(all)) throw new ConnectRestError('bad-response', `Kafka Connect at ${t.url} answered /connectors with an unexpected shape`);
  const connector = async (kind: Mm2ConnectorKind): Promise<ConnectorFacts | null> => {
    const name = pick(t, all, kind);
    const entry = name ? all[name] : undefined;
    if (!name || !entry?.info || !entry.status) return null;
    let taskConfigs: { id: { task: number }; config: Record<string, string> }[] = [];
    if (kind === 'checkpoint') {
      taskConfigs = (await getJson(t, `/connectors/${encodeURIComponent(name)}/tasks`)) as typeof taskConfigs;
    }
    return {
      name,
      config: entry.info.config,
      state: entry.status.connector.state as ConnectorState,
      workerId: entry.status.connector.worker_id,
      ...(entry.status.connector.trace && { trace: entry.status.connector.trace }),
      tasks: entry.status.tasks
        .map((task) => ({
          id: task.id,
          state: task.state as ConnectorState,
          workerId: task.worker_id,
          ...(task.trace && { trace: task.trace }),
          ...(taskConfigs.find((c) => c.id.task === task.id) && { config: taskConfigs.find((c) => c.id.task === task.id)!.config }),
        }))
        .sort((a, b) => a.id - b.id),
    };
  };
  const [source, checkpoint, heartbeat, root] = await Promise.all([
    connector('source'),
    connector('checkpoint'),
    connector('heartbeat'),
    // `GET /` answers {"version","commit","kafka_cluster_id"}: the worker's, hence MM2's, Kafka version.
    getJson(t, '/').catch(() => undefined) as Promise<{ version?: unknown } | undefined>,
  ]);
  const version = typeof root?.version === 'string' ? root.version : undefined;
  return { url: t.url, ...(version && { version }), source, checkpoint, heartbeat, allConnectors: Object.keys(all).sort() };
}
