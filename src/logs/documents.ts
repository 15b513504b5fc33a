/**
 * Structured text people paste beside their logs, read into what the explainer understands:
 * - connector and task states with their traces: Connect REST `…/status`, `?expand=status`,
 *   `…/tasks/N/status` (pretty or one line), a KafkaMirrorMaker2's or KafkaConnector's `status`
 *   (`kubectl get … -o yaml`), and `kubectl describe` output;
 * - which connector is which MM2 class: connector configs (`connector.class`), `…/tasks` listings;
 * - a KafkaMirrorMaker2's `sourceConnector` / `checkpointConnector` configs, to compare them;
 * - log4j2 JSON layouts (JsonLayout, JsonTemplateLayout/EcsLayout, GELF, logstash-style), one
 *   event per object, turned back into log lines.
 * Parsed values come from `JSON.parse` / the `yaml` library; {@link statusFromLines} reads what
 * neither can parse (a paste cut mid-document, describe output) line by line.
 */
import YAML from 'yaml';
import { mm2KeySpec } from '../mm2/keys.ts';
import type { MirrorKind, StatusItem } from './parse.ts';

/** What the readers below hand to the paste reader. */
export interface DocSink {
  status(item: StatusItem, trace: string | undefined): void;
  /** Log lines (a header, then stack-trace lines) rebuilt from one JSON log event. */
  logEvent(lines: string[]): void;
  register(name: string, kind: MirrorKind): void;
  config(kind: MirrorKind, config: Record<string, string>): void;
  /** One KafkaMirrorMaker2 mirror (or a fragment with the connector sections). */
  mirror(source: Record<string, string> | undefined, checkpoint: Record<string, string> | undefined): void;
  /** A `NotReady` (or warning) condition of a Strimzi resource. */
  condition(type: string, text: string): void;
}

const STATES = new Set(['RUNNING', 'FAILED', 'PAUSED', 'STOPPED', 'UNASSIGNED', 'RESTARTING', 'DESTROYED']);
const MAX_NODES = 50_000;
const MAX_DEPTH = 20;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The MM2 kind of a connector or task class name. */
export function kindOfClass(cls: unknown): MirrorKind | undefined {
  const m = typeof cls === 'string' ? /Mirror(Checkpoint|Source|Heartbeat)(?:Connector|Task)\b/.exec(cls) : null;
  return m?.[1] ? (m[1].toLowerCase() as MirrorKind) : undefined;
}

/** A config map as strings (numbers and booleans the way Strimzi passes them on). */
function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

/**
 * Reports everything recognised in a parsed JSON or YAML value; returns how many things it
 * recognised (0: the value is something else, e.g. a KafkaMirrorMaker2 spec without connectors).
 * `nameHint` names a bare task status (from a `…/connectors/<name>/…` URL seen before it).
 */
export function readValue(root: unknown, sink: DocSink, nameHint?: string): number {
  let budget = MAX_NODES;
  let found = 0;
  const visit = (v: unknown, hint: string | undefined, depth: number): void => {
    if (budget-- <= 0 || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, hint, depth + 1);
      return;
    }
    if (!isObj(v)) return;
    // Docker's json-file log driver (`docker logs`, /var/log/containers): the raw line sits in `log`.
    if (typeof v.log === 'string' && ('stream' in v || 'time' in v)) {
      sink.logEvent(v.log.split('\n').filter((l) => l.trim() !== ''));
      found++;
      return;
    }
    if (isLogEvent(v)) {
      sink.logEvent(logEventLines(v));
      found++;
      return;
    }
    const name = str(v.name) ?? hint;
    const conn = v.connector;
    if (isObj(conn) && str(conn.state)) {
      const tasks = Array.isArray(v.tasks) ? v.tasks : undefined;
      const worker = str(conn.worker_id) ?? str(conn.workerId);
      sink.status({ what: 'connector', state: String(conn.state).toUpperCase(), ...(name && { name }), ...(worker && { worker }), ...(tasks && { tasks: tasks.length }) }, str(conn.trace));
      found++;
      for (const t of tasks ?? []) if (isObj(t) && str(t.state)) taskStatus(t, name);
      return;
    }
    const state = str(v.state)?.toUpperCase();
    if (state && STATES.has(state) && ('worker_id' in v || 'workerId' in v || 'trace' in v)) {
      if (typeof v.id === 'number' || (typeof v.id === 'string' && /^\d+$/.test(v.id))) taskStatus(v, hint);
      else {
        const worker = str(v.worker_id) ?? str(v.workerId);
        sink.status({ what: 'connector', state, ...(name && { name }), ...(worker && { worker }) }, str(v.trace));
      }
      found++;
      return;
    }
    // A Strimzi KafkaConnector names its class in spec.class and the connector by metadata.name.
    if (v.kind === 'KafkaConnector' && isObj(v.spec) && isObj(v.metadata) && str(v.metadata.name)) {
      const k = kindOfClass(v.spec.class);
      if (k) {
        sink.register(String(v.metadata.name), k);
        found++;
      }
    }
    const cls = kindOfClass(v['connector.class']);
    if (cls) {
      if (name) sink.register(name, cls);
      const config = stringMap(v);
      if (config) sink.config(cls, config);
      found++;
    }
    const id = v.id;
    if (isObj(id) && str(id.connector) && isObj(v.config)) {
      const kind = kindOfClass(v.config['task.class']) ?? kindOfClass(v.config['connector.class']);
      if (kind) {
        sink.register(String(id.connector), kind);
        // A task's config is its connector's config plus the task's own keys (`…/tasks`).
        const config = stringMap(v.config);
        if (config) sink.config(kind, config);
        found++;
      }
    }
    if ('sourceConnector' in v || 'checkpointConnector' in v) {
      const config = (x: unknown) => (isObj(x) ? (stringMap(x.config) ?? {}) : undefined);
      sink.mirror(config(v.sourceConnector), config(v.checkpointConnector));
      found++;
    }
    const type = str(v.type);
    if (type && /NotReady|Warning|Error/i.test(type) && (v.status === 'True' || v.status === true) && str(v.message)) {
      sink.condition(type, [str(v.reason), str(v.message)].filter(Boolean).join(': '));
      found++;
    }
    for (const child of Object.values(v)) visit(child, name, depth + 1);
  };
  const taskStatus = (t: Obj, name: string | undefined): void => {
    const id = typeof t.id === 'number' ? t.id : Number(t.id);
    const worker = str(t.worker_id) ?? str(t.workerId);
    sink.status({ what: 'task', state: String(t.state).toUpperCase(), ...(name && { name }), ...(Number.isFinite(id) && { taskId: id }), ...(worker && { worker }) }, str(t.trace));
  };
  visit(root, nameHint, 0);
  return found;
}

// --- YAML -----------------------------------------------------------------------------------

/**
 * Longest YAML block given to the library (~10 ms of parsing on this machine kind); larger ones,
 * in practice statuses of many connectors, are read line by line (bench/logs.bench.ts).
 */
export const MAX_YAML = 64 * 1024;

/**
 * Parses a block of YAML (one or more documents). A block that starts inside a list item (pasted
 * from the middle of a status) is retried from its first line at the block's smallest indentation.
 * Returns the documents' values, or `undefined` when the library cannot make sense of it.
 */
export function parseYamlBlock(lines: readonly string[]): unknown[] | undefined {
  const text = lines.join('\n');
  if (text.length > MAX_YAML) return undefined;
  const first = parseDocs(text);
  if (first) return first;
  const indents = lines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).map((l) => l.length - l.trimStart().length);
  const min = Math.min(...indents);
  const from = lines.findIndex((l) => l.trim() !== '' && l.length - l.trimStart().length === min);
  if (from <= 0) return undefined;
  return parseDocs(lines.slice(from).join('\n'));
}

function parseDocs(text: string): unknown[] | undefined {
  try {
    const docs = YAML.parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [docs];
    const out: unknown[] = [];
    for (const d of list) {
      // A missing closing quote (a trace cut where the paste ended) still yields the value; other errors do not.
      if (d.errors.some((e) => e.code !== 'MISSING_CHAR')) return undefined;
      out.push(d.toJS({ maxAliasCount: 0 }));
    }
    return out;
  } catch {
    return undefined;
  }
}

// --- Line by line ---------------------------------------------------------------------------

// A value follows `: `, or (compact JSON, `"state":"FAILED"`) a quote right after the colon.
const KEY_LINE = /^(\s*)(-\s+)?"?([A-Za-z_][\w .-]{0,40}?)"?\s*:(?:\s+(.*)|(?=")(.*)|\s*)$/;

/** `Worker Id` (describe), `worker_id`, `workerId` → `workerid`. */
function normKey(k: string): string {
  return k.toLowerCase().replace(/[\s_-]/g, '');
}

function cleanValue(v: string | undefined): string {
  return (v ?? '').trim().replace(/,$/, '').replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

interface Entry {
  /** Indentation of the entry's own keys (`connector`, `name`, `tasks`). */
  indent: number;
  name?: string;
  state?: string;
  worker?: string;
  trace?: string;
  connectorSeen: boolean;
  tasks: { id?: number; state?: string; worker?: string; trace?: string }[];
  sawTasks: boolean;
}

/**
 * Reads connector and task states from YAML-, JSON- or describe-shaped lines that no parser
 * accepted: keys are matched case- and separator-insensitively (`Worker Id`, `worker_id`), an
 * entry is the `connector` / `name` / `tasks` keys at one indentation (in either order), and a
 * `trace:` value may be a double-quoted scalar folded over lines, a `|` block, or describe's raw
 * multi-line text. Returns how many states it found.
 */
export function statusFromLines(lines: readonly string[], sink: DocSink, nameHint?: string): number {
  const entries: Entry[] = [];
  let entry: Entry | undefined;
  let inTasks = false;
  let tasksIndent = 0;
  const open = (indent: number): Entry => {
    entry = { indent, connectorSeen: false, tasks: [], sawTasks: false };
    entries.push(entry);
    inTasks = false;
    return entry;
  };
  for (let i = 0; i < lines.length; i++) {
    const m = KEY_LINE.exec(lines[i] ?? '');
    if (!m) continue;
    const indent = (m[1] ?? '').length + (m[2] ?? '').length;
    const key = normKey(m[3] ?? '');
    const raw = m[4] ?? m[5] ?? '';
    if (inTasks && indent <= tasksIndent && key !== 'tasks') inTasks = false;
    const sibling = entry !== undefined && indent === entry.indent;
    switch (key) {
      case 'connector': {
        const v = cleanValue(raw);
        if (v !== '' && v !== '{') break; // `"connector": "name"` in a task listing
        const e = entry && sibling && !entry.connectorSeen ? entry : open(indent);
        e.connectorSeen = true;
        break;
      }
      case 'name': {
        if (inTasks) break;
        const e = entry && sibling && !(entry.name && entry.connectorSeen) && !entry.name ? entry : open(indent);
        e.name = cleanValue(raw);
        break;
      }
      case 'tasks': {
        if (!entry || !sibling) break;
        entry.sawTasks = true;
        inTasks = true;
        tasksIndent = indent;
        break;
      }
      case 'id': {
        if (!inTasks || !entry) break;
        const id = Number(cleanValue(raw));
        entry.tasks.push(Number.isFinite(id) ? { id } : {});
        break;
      }
      case 'state': {
        const v = cleanValue(raw).toUpperCase();
        if (!STATES.has(v)) break;
        if (!entry) open(indent - 2).connectorSeen = true; // a bare `state: FAILED`
        const e = entry!;
        const t = inTasks ? e.tasks[e.tasks.length - 1] : undefined;
        if (t) t.state ??= v;
        else if (e.connectorSeen && indent > e.indent && !e.state) e.state = v;
        break;
      }
      case 'workerid': {
        const t = inTasks ? entry?.tasks[entry.tasks.length - 1] : undefined;
        if (t) t.worker ??= cleanValue(raw);
        else if (entry && indent > entry.indent) entry.worker ??= cleanValue(raw);
        break;
      }
      case 'trace': {
        const g = gatherScalar(lines, i, indent, raw);
        i = g.end;
        const t = inTasks ? entry?.tasks[entry.tasks.length - 1] : undefined;
        if (t) t.trace ??= g.text;
        else if (entry) entry.trace ??= g.text;
        break;
      }
      default:
        break;
    }
  }
  let found = 0;
  for (const e of entries) {
    const name = e.name ?? nameHint;
    if (e.state) {
      sink.status({ what: 'connector', state: e.state, ...(name && { name }), ...(e.worker && { worker: e.worker }), ...(e.sawTasks && { tasks: e.tasks.length }) }, e.trace);
      found++;
    }
    for (const t of e.tasks) {
      if (!t.state) continue;
      sink.status({ what: 'task', state: t.state, ...(name && { name }), ...(t.id !== undefined && { taskId: t.id }), ...(t.worker && { worker: t.worker }) }, t.trace);
      found++;
    }
  }
  return found;
}

/** A `trace:` value that may span lines: a double-quoted (folded) scalar, a `|`/`>` block, or raw text. */
function gatherScalar(lines: readonly string[], at: number, keyIndent: number, first: string): { text: string; end: number } {
  const value = first.trim();
  if (value.startsWith('"')) {
    const parts = [value];
    let end = at;
    let closed = closesQuote(value, 1);
    while (!closed && end + 1 < lines.length && end - at < 400) {
      end++;
      const next = lines[end] ?? '';
      parts.push(next);
      closed = closesQuote(next, 0);
    }
    return { text: decodeQuoted(parts.join('\n')), end };
  }
  const block = /^[|>][-+]?$/.test(value);
  const out: string[] = block ? [] : [value];
  let end = at;
  while (end + 1 < lines.length && end - at < 400) {
    const next = lines[end + 1] ?? '';
    const ind = next.length - next.trimStart().length;
    const key = KEY_LINE.exec(next);
    if (next.trim() === '') {
      if (block) {
        end++;
        continue;
      }
      break;
    }
    if (block ? ind <= keyIndent : key && ind <= keyIndent + 2 && !/^\s*(?:at |Caused by:|\.\.\.)/.test(next)) break;
    out.push(next.trim());
    end++;
  }
  return { text: out.join('\n'), end };
}

/** True when `s` (from `from`) holds an unescaped `"` that closes a scalar. */
function closesQuote(s: string, from: number): boolean {
  let escaped = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charAt(i);
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === '"') return true;
  }
  return false;
}

/**
 * A YAML (or JSON) double-quoted scalar, possibly folded over lines, as its string value: a line
 * break and the next line's indentation fold to one space (YAML 1.2 §7.3.1), then the escapes are
 * JSON's (`\n`, `\t`, `\"`, `\uXXXX`). Not the yaml library: it costs about a millisecond per call
 * and a status holds a trace per failed connector and task.
 */
function decodeQuoted(s: string): string {
  const folded = s.trim().replace(/,$/, '').replace(/[ \t]*\n[ \t]*/g, ' ');
  const inner = folded.replace(/^"/, '').replace(/"$/, '');
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"');
  }
}

// --- JSON log events ------------------------------------------------------------------------

const GELF_LEVELS: Record<number, string> = { 0: 'FATAL', 1: 'FATAL', 2: 'FATAL', 3: 'ERROR', 4: 'WARN', 5: 'INFO', 6: 'INFO', 7: 'DEBUG' };

function levelField(o: Obj): string | undefined {
  const l = o.level ?? o['log.level'] ?? o.levelname ?? o.severity ?? o['@level'];
  if (typeof l === 'number') return GELF_LEVELS[l];
  return typeof l === 'string' ? l.toUpperCase() : undefined;
}

function messageField(o: Obj): string | undefined {
  const m = o.message ?? o.msg ?? o.short_message ?? o['log.message'] ?? o['@message'];
  return typeof m === 'string' ? m : undefined;
}

/** A log event from a JSON layout: a level and a message. */
function isLogEvent(o: Obj): boolean {
  return levelField(o) !== undefined && messageField(o) !== undefined;
}

/** `YYYY-MM-DD HH:mm:ss.SSS` from the layouts' timestamp fields, or undefined. */
function timestampOf(o: Obj): string | undefined {
  const fromMs = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 23) : undefined);
  const instant = o.instant;
  if (isObj(instant) && typeof instant.epochSecond === 'number') return fromMs(instant.epochSecond * 1000 + (typeof instant.nanoOfSecond === 'number' ? instant.nanoOfSecond / 1e6 : 0));
  if (typeof o.timeMillis === 'number') return fromMs(o.timeMillis);
  const t = o['@timestamp'] ?? o.timestamp ?? o.time;
  if (typeof t === 'number') return fromMs(t < 1e11 ? t * 1000 : t);
  if (typeof t === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?/.exec(t);
    if (m) return `${m[1]} ${m[2]}.${(m[3] ?? '000').padEnd(3, '0').slice(0, 3)}`;
  }
  return undefined;
}

/** Connect's MDC `connector.context` (`[name|worker] `) from the layouts' context maps. */
function connectorContext(o: Obj): string {
  for (const c of [o.contextMap, o.mdc, o.context, o.labels, o]) {
    if (!isObj(c)) continue;
    const v = c['connector.context'];
    if (typeof v === 'string' && v.startsWith('[')) return v.endsWith(' ') ? v : `${v} `;
  }
  return '';
}

function thrownLines(t: unknown, prefix: string, depth: number): string[] {
  if (!isObj(t) || depth > 8) return [];
  // log4j2 JsonLayout `thrown`; logstash's JSONEventLayoutV1 `exception` (exception_class, exception_message, stacktrace).
  const name = str(t.name) ?? str(t.type) ?? str(t.exception_class) ?? 'java.lang.Throwable';
  const msg = str(t.message) ?? str(t.localizedMessage) ?? str(t.exception_message);
  const out = [`${prefix}${name}${msg ? `: ${msg}` : ''}`];
  const stack = t.extendedStackTrace ?? t.stackTrace ?? t.stack_trace ?? t.stacktrace;
  if (Array.isArray(stack)) {
    for (const f of stack.slice(0, 40)) {
      if (isObj(f)) out.push(`\tat ${str(f.class) ?? str(f.className) ?? '?'}.${str(f.method) ?? str(f.methodName) ?? '?'}(${str(f.file) ?? str(f.fileName) ?? ''}:${String(f.line ?? f.lineNumber ?? '')})`);
    }
  } else if (typeof stack === 'string') {
    out.push(...stack.split('\n').slice(1, 60).map((l) => `\t${l.trim()}`));
  }
  return [...out, ...thrownLines(t.cause, 'Caused by: ', depth + 1)];
}

/** The log lines a JSON log event stands for: a header in Strimzi's pattern, then its stack trace. */
export function logEventLines(o: Obj): string[] {
  const level = levelField(o) ?? 'INFO';
  const ts = timestampOf(o);
  const logger = str(o.loggerName) ?? str(o['log.logger']) ?? str(o.logger_name) ?? str(o.logger) ?? str(o._logger);
  const thread = str(o.thread) ?? str(o['process.thread.name']) ?? str(o.thread_name) ?? str(o._thread);
  const [first = '', ...rest] = (messageField(o) ?? '').split('\n');
  const header = `${ts ? `${ts} ` : ''}${level} ${connectorContext(o)}${first}${logger ? ` (${logger})` : ''}${thread ? ` [${thread}]` : ''}`;
  const lines = [header, ...rest.filter((l) => l.trim() !== '').map((l) => `\t${l}`)];
  if (isObj(o.thrown)) lines.push(...thrownLines(o.thrown, '', 0));
  else if (isObj(o.exception)) lines.push(...thrownLines(o.exception, '', 0));
  else {
    const trace = str(o['error.stack_trace']) ?? str(o.stack_trace) ?? str(o.exception) ?? str(o.full_message);
    const type = str(o['error.type']);
    if (type) lines.push(`${type}${str(o['error.message']) ? `: ${String(o['error.message'])}` : ''}`);
    if (trace) lines.push(...trace.split('\n').slice(type ? 1 : 0, 80).map((l, i) => (i === 0 && !type ? l.trim() : `\t${l.trim()}`)));
  }
  return lines;
}

// --- Connector config comparison ------------------------------------------------------------

/**
 * Settings MirrorSourceConnector and MirrorCheckpointConnector must agree on (src/mm2/settings.ts
 * `compareConnectors`; Strimzi "Aligning the configuration of MirrorMaker 2 connectors";
 * strimzi#4498). Strimzi writes the aliases and `topics` to both connectors itself.
 */
const MUST_MATCH = [
  'replication.policy.class',
  'replication.policy.separator',
  'replication.policy.internal.topic.separator.enabled',
  'offset-syncs.topic.location',
  'topics.exclude',
  'topic.filter.class',
];
const MUST_MATCH_PLAIN = ['source.cluster.alias', 'target.cluster.alias', 'topics', ...MUST_MATCH];

/** One setting the two connector configs disagree on (values as set; `undefined` = Kafka's default). */
export interface ConfigDifference {
  key: string;
  source: string | undefined;
  checkpoint: string | undefined;
  default: string | undefined;
}

/** Where two MM2 connector configs differ on a setting that must match. `strimzi`: sections of a KafkaMirrorMaker2. */
export function compareConnectorConfigs(source: Record<string, string>, checkpoint: Record<string, string>, strimzi: boolean): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  for (const key of strimzi ? MUST_MATCH : MUST_MATCH_PLAIN) {
    const get = (c: Record<string, string>) => c[key] ?? (key === 'topics.exclude' ? c['topics.blacklist'] : undefined);
    const a = get(source);
    const b = get(checkpoint);
    const dflt = mm2KeySpec(key)?.default;
    if ((a ?? dflt)?.trim() !== (b ?? dflt)?.trim()) out.push({ key, source: a, checkpoint: b, default: dflt });
  }
  return out;
}
