/**
 * The log explainer: reads what people paste about MirrorMaker 2 (Kafka Connect logs in any common
 * layout, stack traces, connector status JSON/YAML, `kubectl describe`, JSON log layouts; see
 * src/logs/read.ts) and says which lines explain missing checkpoints, which only look alarming,
 * how unstable the network was, and what healthy signals are present. Pure: no I/O, no clock.
 */
import { connectorKind, flowsIn, internalTopicKind } from './names.ts';
import { NetworkCounter } from './network.ts';
import type { LogRecord, MirrorKind } from './parse.ts';
import { MAX_LOG_CHARS, readPaste } from './read.ts';
import { resolveEntries } from './resolve.ts';
import { classify } from './rules/index.ts';
import type { Hit, RuleContext } from './rules/rule.ts';
import type { LogEntry, LogEntryKind, LogExplanation } from '../model/log-explanation.ts';

export { MAX_LOG_CHARS } from './read.ts';

export type { LogEntry, LogEntryKind, LogExplanation, NetworkSummary } from '../model/log-explanation.ts';

const KIND_ORDER: readonly LogEntryKind[] = ['cause', 'red-herring', 'network', 'evidence', 'unrecognized'];

/** Codes in the order a reader should consider them; unlisted codes follow in order of appearance. */
const CODE_ORDER: readonly string[] = [
  // nothing runs at all
  'worker-dead',
  'worker-crashloop',
  'client-config-failed',
  'connector-config-empty',
  'never-connected',
  'mirrormaker-1',
  // the checkpoint connector is switched off, down, or misconfigured
  'emit-checkpoints-disabled',
  'offset-syncs-disabled',
  'checkpoint-task-failed',
  'checkpoint-connector-failed',
  'checkpoint-failed-state',
  'checkpoint-not-running',
  'checkpoint-connector-unresponsive',
  'connector-config-mismatch',
  // no group to checkpoint
  'started-with-zero-groups',
  'found-zero-groups',
  'groups-without-mirrored-offsets',
  'checkpoint-no-tasks',
  // the task cannot write, read or translate
  'checkpoint-send-failed',
  'checkpoint-flush-timeout',
  'checkpoints-topic-missing',
  'checkpoints-topic-create-failed',
  'offset-syncs-unreadable',
  'error-polling',
  'offset-sync-store-failed',
  'groups-load-timeout',
  'groups-load-failed',
  'group-not-authorized',
  'groups-not-loaded',
  'translate-skipped-loading',
  'translate-skipped-no-sync',
  'translate-skipped-sync-ahead',
  'internal-topic-create-denied',
  // replication stopped
  'source-task-failed',
  'source-connector-failed',
  'source-failed-state',
  'source-not-running',
  'source-no-tasks',
  'source-connector-unresponsive',
  'record-too-large',
  'leader-not-available-persistent',
  // red herrings: the ones people mistake for the cause first
  'topic-config-sync-failed',
  'topic-acl-sync-failed',
  'topic-already-exists',
  'groups-not-loaded-disabled-flow',
  'groups-not-loaded-transient',
  'translate-skipped-loading-transient',
];

const MAX_SAMPLE = 300;
const MAX_GROUPS = 50;
const MAX_UNRECOGNIZED = 40;

/** Clients that never reached a broker, per flow their ids name (none: the whole log's clients). */
interface NeverConnected {
  clients: string[];
  record: LogRecord;
  count: number;
  api: boolean;
  flow?: string;
}

interface Acc extends LogEntry {
  order: number;
}

/**
 * Explains a whole paste (a `kubectl logs` dump, a Slack message, a file, a status dump). Never
 * throws; linear in the input. Text longer than {@link MAX_LOG_CHARS} is not read: the result
 * says so in `tooLarge`.
 */
export function explainLogs(text: string): LogExplanation {
  const input = typeof text === 'string' ? text : '';
  if (input.length > MAX_LOG_CHARS) {
    return { lines: 0, parsed: 0, tooLarge: { chars: input.length, limit: MAX_LOG_CHARS }, ...new Explainer(contextOf(new Map())).result() };
  }
  const read = readPaste(input);
  const state = new Explainer(contextOf(read.kinds));
  for (const r of read.records) state.add(r);
  return { lines: read.lines, parsed: read.parsed, ...(read.documents > 0 && { documents: read.documents }), ...state.result() };
}

/** Rules learn a connector's kind from its Strimzi-style name, the classes the paste shows, or the record's stack trace. */
function contextOf(kinds: ReadonlyMap<string, MirrorKind>): RuleContext {
  return { kindOf: (name, record) => connectorKind(name) ?? (name ? kinds.get(name) : undefined) ?? record?.mirrorKind };
}

/** Lines that prove a client got as far as a broker (metadata, a group, a topic read). */
const REACHED = /^(?:Cluster ID: |Discovered group coordinator|Successfully (?:joined|synced) group|Finished reading KafkaBasedLog|Created topic |Resetting offset for partition|Setting offset for partition|Started .+ with \d+ consumer groups)/;

class Explainer {
  constructor(private readonly ctx: RuleContext) {}

  private readonly entries = new Map<string, Acc>();
  private readonly network = new NetworkCounter();
  private readonly mirrors = new Set<string>();
  private readonly connectors = new Set<string>();
  private readonly topics = new Set<string>();
  private unrecognized = 0;
  private kafkaVersion: string | undefined;
  private seen = 0;
  /** A client got as far as a broker somewhere in the log (not only bootstrap connections). */
  private reachedBroker = false;
  /** Bootstrap connections (negative node ids) that dropped or could not be established. */
  private bootstrapFailures = 0;
  private apiVersionsDropped = false;
  private firstBootstrap: { record: LogRecord } | undefined;
  /**
   * Per client id: whether it reached a broker, and its failed bootstrap connections that can
   * only mean trouble (an API_VERSIONS request cancelled by the drop, a connection that could not
   * be established, "Bootstrap broker … disconnected"); a plain "Node -1 disconnected" is not one.
   */
  private readonly clientNet = new Map<string, { reached: boolean; failed: number; api: boolean; first: LogRecord | undefined }>();
  /** The client ids ('' when a line names none) behind each `bootstrap-node-disconnected` entry. */
  private readonly bootstrapClients = new Map<string, Set<string>>();
  private readonly rebalances: { ts?: string; text: string }[] = [];
  /** The newest timestamp in the log (normalised timestamps compare as strings). */
  private lastTs: string | undefined;
  private mirrorMaker1: LogRecord | undefined;

  add(record: LogRecord): void {
    const flows = this.flowsOf(record);
    if (record.connector) this.connectors.add(record.connector);
    if (!this.kafkaVersion && record.message.startsWith('Kafka version: ')) this.kafkaVersion = /^Kafka version: (\S+)$/.exec(record.message)?.[1];
    this.observe(record);
    const hit = classify(record, this.ctx) ?? this.unrecognizedHit(record);
    if (!hit) return;
    hit.flow ??= flows[0];
    hit.connector ??= record.connector;
    if (hit.code === 'bootstrap-node-disconnected') {
      // Per flow, and with the clients seen: whether a bootstrap drop is lifecycle depends on
      // whether that client reached a broker, not on whether any client did.
      hit.key = `bootstrap-node-disconnected|${hit.flow ?? ''}`;
      const clients = this.bootstrapClients.get(hit.key) ?? new Set<string>();
      if (clients.size < 1000) clients.add(record.client ?? '');
      this.bootstrapClients.set(hit.key, clients);
    }
    if (hit.connector) this.connectors.add(hit.connector);
    if (hit.topic && internalTopicKind(hit.topic)) this.topics.add(hit.topic);
    if (hit.kind === 'network' || hit.disconnect || hit.timeout) this.countNetwork(hit, record);
    this.merge(hit, record);
  }

  /** Whole-log signals: did a client reach a broker, Connect rebalances, MirrorMaker 1. */
  private observe(record: LogRecord): void {
    if (REACHED.test(record.message)) {
      this.reachedBroker = true;
      if (record.client) this.clientOf(record.client).reached = true;
    }
    if (record.ts && (this.lastTs === undefined || record.ts > this.lastTs)) this.lastTs = record.ts;
    // WorkerCoordinator INFO `[Worker clientId=…] Rebalance started`.
    if (record.message === 'Rebalance started' && this.rebalances.length < 10_000) this.rebalances.push({ ...(record.ts && { ts: record.ts }), text: record.text });
    if (!this.mirrorMaker1 && (record.logger?.startsWith('kafka.tools.MirrorMaker') || (record.exceptions.length > 0 && record.trace?.some((t) => t.startsWith('at kafka.tools.MirrorMaker'))))) {
      this.mirrorMaker1 = record;
    }
  }

  private clientOf(id: string): { reached: boolean; failed: number; api: boolean; first: LogRecord | undefined } {
    let c = this.clientNet.get(id);
    if (!c) {
      c = { reached: false, failed: 0, api: false, first: undefined };
      if (this.clientNet.size < 10_000) this.clientNet.set(id, c);
    }
    return c;
  }

  private countNetwork(hit: Hit, record: LogRecord): void {
    const negative = hit.node?.startsWith('-') === true;
    if (hit.node && !negative) this.reachedBroker = true;
    if (record.client && hit.node) {
      const c = this.clientOf(record.client);
      if (!negative) c.reached = true;
      else if (hit.api === 'API_VERSIONS' || (hit.disconnect && hit.code !== 'bootstrap-node-disconnected')) {
        c.failed++;
        c.first ??= record;
        if (hit.api === 'API_VERSIONS') c.api = true;
      }
    }
    if (negative && hit.disconnect) {
      this.bootstrapFailures++;
      this.firstBootstrap ??= { record };
    }
    if (negative && hit.api === 'API_VERSIONS') this.apiVersionsDropped = true;
    this.network.add({ ...hit, ts: record.ts, bootstrap: hit.code === 'bootstrap-node-disconnected' });
  }

  /**
   * Only bootstrap connections (negative node ids) appear, none got as far as a broker, and they
   * dropped: the clients never reached a broker.
   */
  private neverConnected(): NeverConnected[] {
    if (!this.reachedBroker && this.firstBootstrap && this.bootstrapFailures >= (this.apiVersionsDropped ? 1 : 2)) {
      return [{ clients: [], record: this.firstBootstrap.record, count: this.bootstrapFailures, api: this.apiVersionsDropped }];
    }
    // Another client reached its brokers (the worker's own cluster), but this one kept failing.
    // MM2 names its clients after the flow (`svl->confluent|svl->confluent.MirrorSourceConnector|
    // replication-source-admin`), and one worker runs every flow of a KafkaMirrorMaker2, so stuck
    // clients are told apart by flow: one flow's unreachable cluster says nothing about another's.
    const byFlow = new Map<string, [string, { failed: number; api: boolean; first: LogRecord | undefined }][]>();
    for (const [id, c] of this.clientNet) {
      if (c.reached || c.failed < 2 || !c.first) continue;
      const flow = id.includes('->') ? (flowsIn(id)[0] ?? '') : '';
      byFlow.set(flow, [...(byFlow.get(flow) ?? []), [id, c]]);
    }
    return [...byFlow].map(([flow, stuck]) => ({
      clients: stuck.map(([id]) => id),
      record: stuck[0]![1].first!,
      count: stuck.reduce((n, [, c]) => n + c.failed, 0),
      api: stuck.some(([, c]) => c.api),
      ...(flow && { flow }),
    }));
  }

  /** Causes only the whole log shows: never-connected clients, frequent rebalances, MirrorMaker 1. */
  private wholeLogCauses(nevers: NeverConnected[]): void {
    const add = (hit: Hit, record: { ts?: string; text: string; message?: string; exceptions?: string[] }, count = 1) => {
      const r: LogRecord = { message: record.message ?? record.text, text: record.text, exceptions: record.exceptions ?? [], ...(record.ts && { ts: record.ts }) };
      this.merge(hit, r);
      const e = this.entries.get(hit.key ?? hit.code);
      if (e) e.count = count;
    };
    for (const never of nevers) {
      const who = never.clients.length === 0 ? 'The clients' : never.clients.length === 1 ? `Client ${never.clients[0]}` : `${never.clients.length} clients (${never.clients.slice(0, 3).join(', ')})`;
      add(
        {
          code: 'never-connected',
          kind: 'cause',
          key: `never-connected|${never.flow ?? ''}`,
          ...(never.flow && { flow: never.flow }),
          title:
            never.clients.length === 0
              ? `The clients never reached a broker: only bootstrap connections (negative node ids) appear, and each one dropped${never.api ? ' right after the API_VERSIONS request' : ''}`
              : `${who} never reached a broker: its bootstrap connections dropped${never.api ? ' right after API_VERSIONS' : ''}`,
          reason: `No line shows ${never.clients.length === 0 ? 'a client' : 'it'} getting metadata, a group or a topic from a broker. ${
            never.api
              ? 'A connection that drops right after API_VERSIONS usually means the client speaks the wrong protocol for that port: a plaintext client on a TLS listener (or the reverse), SASL on a non-SASL listener, a port of another listener, or a proxy, load balancer or PrivateLink endpoint closing the connection.'
              : 'The bootstrap addresses refuse or drop the connections: a wrong host or port, a firewall, a listener bound elsewhere, advertised.listeners the client cannot reach, or a TLS/SASL mismatch.'
          } Nothing MM2 does works until this is fixed.`,
          action:
            'Probe the bootstrap address with the same client settings MM2 uses (kafka-broker-api-versions.sh --bootstrap-server <host:port> --command-config <client.properties>) and compare security.protocol with the listener on that port (Strimzi: the listener\'s tls flag and port).',
        },
        never.record,
        never.count,
      );
      if (never.clients.length === 0) {
        for (const e of this.entries.values()) if (e.code === 'bootstrap-node-disconnected') e.reason = 'A bootstrap connection that dropped before the client reached any broker.';
      }
    }
    if (this.rebalances.length >= FREQUENT_REBALANCES && !settledBurst(this.rebalances, this.lastTs)) {
      const first = this.rebalances[0]!;
      const last = this.rebalances[this.rebalances.length - 1]!;
      add(
        {
          code: 'frequent-rebalances',
          kind: 'cause',
          key: 'frequent-rebalances',
          title: `The Connect worker group rebalanced ${this.rebalances.length} times`,
          reason:
            'Each rebalance can revoke and restart connectors and tasks; when it keeps happening the MM2 tasks hardly run, and replication and checkpoints stall (KAFKA-9851). Typical causes: workers that keep restarting or leaving the group, or session.timeout.ms / max.poll.interval.ms too short for the worker.',
          action: 'Find out why workers leave the group (restarts, long GC pauses, network drops to the Connect cluster) around the rebalance times.',
        },
        { ...(first.ts && { ts: first.ts }), text: first.text },
        this.rebalances.length,
      );
      const e = this.entries.get('frequent-rebalances');
      if (e && last.ts) e.last = last.ts;
    }
    if (this.mirrorMaker1) {
      add(
        {
          code: 'mirrormaker-1',
          kind: 'cause',
          key: 'mirrormaker-1',
          title: 'These lines come from MirrorMaker 1 (kafka.tools.MirrorMaker), which writes no checkpoints',
          reason: 'Only MirrorMaker 2 (the MirrorCheckpointConnector) translates and checkpoints consumer-group offsets; MirrorMaker 1 (Strimzi KafkaMirrorMaker) copies records only.',
          action: 'To get checkpoints, run MirrorMaker 2 (Strimzi KafkaMirrorMaker2, or connect-mirror-maker.sh) with a checkpoint connector.',
        },
        this.mirrorMaker1,
      );
    }
  }

  private flowsOf(record: LogRecord): string[] {
    const out: string[] = [];
    for (const s of [record.connector, record.message, record.thread, record.client]) {
      if (s?.includes('->')) for (const f of flowsIn(s)) if (!out.includes(f)) out.push(f);
    }
    for (const f of out) this.mirrors.add(f);
    return out;
  }

  private unrecognizedHit(record: LogRecord): Hit | undefined {
    const alarming = record.level === 'WARN' || record.level === 'ERROR' || record.level === 'FATAL';
    if (!alarming && !(record.level === undefined && record.exceptions.length > 0)) return undefined;
    // Digits and quoted names are masked only to group similar lines; the title shows the first line's own words.
    const shape = record.message.replace(/\d+/g, '#').replace(/'[^']{0,200}'/g, "'…'").slice(0, 160);
    const key = `unrecognized|${record.level ?? ''}|${record.logger ?? ''}|${shape}`;
    const known = this.entries.has(key);
    if (!known && this.unrecognized >= MAX_UNRECOGNIZED) {
      return { code: 'unrecognized-more', kind: 'unrecognized', title: 'Further unrecognized warnings and errors', key: 'unrecognized-more' };
    }
    if (!known) this.unrecognized++;
    const logger = record.logger ? `${record.logger.slice(record.logger.lastIndexOf('.') + 1)}: ` : '';
    return { code: 'unrecognized', kind: 'unrecognized', title: `${logger}${record.message.slice(0, 160)}`, key };
  }

  private merge(hit: Hit, record: LogRecord): void {
    const key = hit.key ?? (hit.kind === 'network' ? hit.code : `${hit.code}|${hit.connector ?? ''}|${hit.flow ?? ''}|${hit.topic ?? ''}`);
    const e = this.entries.get(key);
    if (!e) {
      this.entries.set(key, this.newEntry(hit, record));
      return;
    }
    e.count++;
    if (record.ts) {
      if (!e.first || record.ts < e.first) e.first = record.ts;
      if (!e.last || record.ts > e.last) e.last = record.ts;
    }
    if (hit.groups) e.groups = union(e.groups ?? [], hit.groups, MAX_GROUPS);
    if (hit.groupCount !== undefined) e.groupCount = hit.groupCount;
    if (e.node !== undefined && e.node !== hit.node) delete e.node;
    if (record.exceptions.length) e.exceptions = union(e.exceptions ?? [], record.exceptions, 6);
  }

  private newEntry(hit: Hit, record: LogRecord): Acc {
    const e: Acc = { kind: hit.kind, code: hit.code, title: clip(hit.title, 200), count: 1, sample: clip(record.text.trim(), MAX_SAMPLE), order: this.seen++ };
    if (hit.reason) e.reason = hit.reason;
    if (hit.action) e.action = hit.action;
    if (record.ts) {
      e.first = record.ts;
      e.last = record.ts;
    }
    if (record.level) e.level = record.level;
    if (record.logger) e.logger = record.logger;
    if (hit.connector) e.connector = hit.connector;
    if (hit.flow) e.flow = hit.flow;
    if (hit.groupCount !== undefined) e.groupCount = hit.groupCount;
    if (hit.groups) e.groups = union([], hit.groups, MAX_GROUPS);
    if (hit.topic) e.topic = hit.topic;
    if (hit.node) e.node = hit.node;
    if (record.exceptions.length) e.exceptions = [...record.exceptions];
    return e;
  }

  result(): Omit<LogExplanation, 'lines' | 'parsed'> {
    const nevers = this.neverConnected();
    this.wholeLogCauses(nevers);
    // Bootstrap drops are normal lifecycle only when no client is stuck at its bootstrap addresses.
    const stuck = new Set(nevers.flatMap((n) => n.clients));
    const noneReached = nevers.some((n) => n.clients.length === 0);
    const clientsOf = new Map<LogEntry, Set<string>>();
    for (const [key, clients] of this.bootstrapClients) {
      const e = this.entries.get(key);
      if (e) clientsOf.set(e, clients);
    }
    // A line that names no client could be a stuck one's: lifecycle only when no client is stuck.
    const bootstrapNormal = (e: LogEntry): boolean =>
      this.reachedBroker && !noneReached && [...(clientsOf.get(e) ?? [''])].every((c) => (c ? !stuck.has(c) : stuck.size === 0));
    const entries = resolveEntries([...this.entries.values()], { reachedBroker: this.reachedBroker && nevers.length === 0, bootstrapNormal, ...(this.kafkaVersion && { kafkaVersion: this.kafkaVersion }) })
      .sort((a, b) => rank(a) - rank(b) || a.order - b.order)
      .map(({ order: _order, ...entry }) => entry);
    const out: Omit<LogExplanation, 'lines' | 'parsed'> = {
      entries,
      network: this.network.summary(nevers.some((n) => n.clients.length === 0)),
      mentionedMirrors: [...this.mirrors],
      connectors: [...this.connectors],
      topics: [...this.topics],
    };
    if (this.kafkaVersion) out.kafkaVersion = this.kafkaVersion;
    return out;
  }
}

/** Connect rebalances within one log from which on they keep tasks from running (KAFKA-9851). */
const FREQUENT_REBALANCES = 6;

/** How close together rebalances are one burst, and how long the log must stay quiet after it. */
const BURST_MS = 60_000;

/** Milliseconds of a normalised timestamp (`2024-11-12 10:42:01.123`, or a time of day alone). */
function tsMs(ts: string): number | undefined {
  const m = /^(?:(\d{4}-\d{2}-\d{2}) )?(\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(ts);
  if (!m) return undefined;
  const day = m[1] ? Date.parse(`${m[1]}T00:00:00Z`) : 0;
  return day + ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000 + Number(m[5]);
}

/**
 * Rebalances that came as one burst and stopped: all within a minute, then at least a minute more of
 * log without one. That is a worker group starting up, or taking new connector configs (every
 * connector a Strimzi KafkaMirrorMaker2 creates rebalances an eager group once), not the churn that
 * keeps tasks from running. Without timestamps, or when the log ends with the burst, it cannot be
 * told apart, and the count stands as a cause.
 */
function settledBurst(rebalances: readonly { ts?: string }[], lastTs: string | undefined): boolean {
  const ms = (ts: string | undefined) => (ts === undefined ? undefined : tsMs(ts));
  const first = ms(rebalances[0]?.ts);
  const last = ms(rebalances[rebalances.length - 1]?.ts);
  const end = ms(lastTs);
  if (first === undefined || last === undefined || end === undefined) return false;
  return last - first <= BURST_MS && end - last >= BURST_MS;
}

function rank(e: LogEntry): number {
  const kind = KIND_ORDER.indexOf(e.kind) * 1000;
  const i = CODE_ORDER.indexOf(e.code);
  return kind + (i < 0 ? CODE_ORDER.length : i);
}

function union(a: string[], b: readonly string[], max: number): string[] {
  const out = [...a];
  for (const x of b) if (out.length < max && !out.includes(x)) out.push(x);
  return out;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
