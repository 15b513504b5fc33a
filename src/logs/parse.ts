/**
 * Splits one physical log line into timestamp, level, MDC connector, client prefix, message,
 * logger and thread, and collects a record's stack trace. Handles the layouts people paste:
 * - Strimzi's Connect pattern `%d{yyyy-MM-dd HH:mm:ss,SSS} %p %X{connector.context}%m (%c) [%t]%n`,
 * - Kafka's `[%d] %p %m (%c:%L)%n`, ISO and time-only timestamps, timestamps without millis,
 * - `ts LEVEL [thread] Class:line - msg`, `ts LEVEL fq.Logger: msg`, `ts LEVEL fq.Logger:line msg`,
 *   `ts [thread] LEVEL logger - msg`, `[ts] (logger) - LEVEL msg`, Spring Boot's
 *   `ts LEVEL pid --- [thread] logger : msg`,
 * - `kubectl logs --timestamps/--prefix` and `docker compose logs` prefixes, Slack quoting.
 * String scanning and anchored regexes only: nothing here can backtrack over a whole line.
 */
import type { Hit } from './rules/hit.ts';

/** Longest line prefix the explainer looks at; real MM2 messages that matter are far shorter. */
export const MAX_LINE = 4096;
/** Stack-trace lines kept per record (the first ones name the exception and where it was thrown). */
const MAX_TRACE = 80;

export type MirrorKind = 'checkpoint' | 'source' | 'heartbeat';

/** A connector or task state read from a pasted status (Connect REST, KafkaMirrorMaker2 status, describe). */
export interface StatusItem {
  what: 'connector' | 'task';
  name?: string;
  taskId?: number;
  state: string;
  worker?: string;
  /** Number of tasks listed beside a connector state (`"tasks":[]` is 0). */
  tasks?: number;
}

/** One log record: a header line plus what its continuation lines (stack trace) added. */
export interface LogRecord {
  /** Normalised `YYYY-MM-DD HH:mm:ss.SSS`, or `HH:mm:ss.SSS` without a date. */
  ts?: string;
  level?: string;
  logger?: string;
  thread?: string;
  /** Connector name from Connect's MDC prefix `[name|worker]` / `[name|task-0]`. */
  connector?: string;
  /** `clientId` from a `[Worker|Consumer|Producer|AdminClient clientId=…]` prefix. */
  client?: string;
  /** The message without timestamp, level, MDC, client prefix, logger and thread. */
  message: string;
  /** The line as shown to users (after kubectl/Slack prefixes), for samples. */
  text: string;
  /** Exception class simple names from the message and the stack trace. */
  exceptions: string[];
  /** First exception line of the stack trace, e.g. `…RetriableException: Timeout while …`. */
  detail?: string;
  /** Continuation lines (stack frames, `Caused by:`, config dumps), trimmed, at most 80. */
  trace?: string[];
  /** The messages of `Caused by:` lines, outermost first. */
  causes?: string[];
  /** The first MM2 connector or task class in the stack trace (`MirrorCheckpointConnector.start`). */
  mirrorKind?: MirrorKind;
  /** A pasted connector or task state this record stands for. */
  status?: StatusItem;
  /** Set by the paste reader when it already knows what the record means (a config comparison). */
  preset?: Hit;
}

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'FATAL', 'SEVERE']);

const KUBECTL_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2}) /;
const APP_TS = /^\[?(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:[,.](\d{1,9}))?(?:Z|[+-]\d{2}:?\d{2})?\]?\s+/;
const TIME_ONLY = /^\[?(\d{2}:\d{2}:\d{2})[,.](\d{1,9})\]?\s+/;
const MDC = /^\[([^\]|]{1,300})\|(?:worker|task-\d+)(?:\|[\w-]{1,40})?\]\s*/;
const CLIENT = /^\[(?:Worker|Consumer|Producer|AdminClient|Admin|Share Consumer) clientId=([^,\]]{0,300})[^\]]{0,300}\]\s*/;
// `(%c:%L)` in Kafka's connect-log4j.properties appends the line number: `(a.b.C:216)`.
const LOGGER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?::\d+)?$/;
const EXCEPTION = /(?:^|[\s:(])((?:[a-z_$][\w$]*\.)+([A-Z][\w$]*(?:Exception|Error)))\b/;
/** `[main] WorkerConfig:274 - msg` (a log4j2 `[%t] %C{1}:%L - %m` pattern). */
const THREAD_CLASS_DASH = /^\[([^\]|=]{1,200})\]\s+([A-Za-z_$][\w$.]{0,200}?)(?::\d+)?\s+-\s+/;
/** `WorkerTask:212 - msg`, `MirrorCheckpointConnector - msg` (log4j2 `%C{1}:%L - %m`, `%c{1} - %m`). */
const CLASS_DASH_FIRST = /^([A-Z][\w$]{0,100})(?::\d+)?\s+-\s+/;
/** `org.apache.kafka.connect.runtime.WorkerConnector:192 msg` (logger and line first). */
const FQ_LINE_FIRST = /^((?:[a-z_$][\w$]*\.){2,}[A-Z][\w$]*):(\d+)\s+/;
/** `org.apache.kafka.connect.runtime.Worker: msg` (logger first, then a colon). */
const FQ_COLON_FIRST = /^((?:[a-z_$][\w$]*\.){2,}[A-Z][\w$]*):\s+/;
/** `org.apache.kafka.connect.runtime.Worker - msg` and `[org.apache.kafka.X] msg`. */
const FQ_DASH_FIRST = /^((?:[a-z_$][\w$]*\.){2,}[A-Z][\w$]*)\s+-\s+/;
const FQ_BRACKET_FIRST = /^\[((?:[a-z_$][\w$]*\.){2,}[A-Z][\w$]*)\]\s+/;
/** Spring Boot: `12345 --- [thread] o.a.k.c.NetworkClient   : msg`. */
const SPRING = /^\d{1,10}\s+---\s+\[\s*([^\]]{0,200})\]\s+([\w$.]{1,200})\s+:\s+/;
/** `(org.apache.kafka.clients.admin.AdminClientConfig) - WARN msg` (logger, then level). */
const PAREN_LOGGER_LEVEL = /^\(([A-Za-z_$][\w$.]{0,200})\)\s+-\s+([A-Z]{4,7})\s+/;
/** `[thread] LEVEL` right after the timestamp (logback's default `%d [%t] %-5level %logger - %msg`). */
const THREAD_LEVEL = /^\[([^\]]{1,200})\]\s+([A-Z]{4,7})\s+/;
/** log4j's TTCCLayout `%r [%t] %p %c %x - %m`: milliseconds since start, thread, level, logger. */
const TTCC = /^\d{1,12}\s+\[([^\]]{0,200})\]\s+([A-Z]{4,7})\s+([\w$.]{1,200})\s+(?:\S+\s+)?-\s+/;
/** `docker compose logs` prefix `connect-1  | `, before a timestamp or a bracket. */
const COMPOSE = /^[\w.-]{1,60}\s*\|\s(?=\[?\d|[A-Z]{4,5}\s)/;

/** Removes Slack quoting, HTML entities Slack adds, `\r`, and the `kubectl logs --prefix` tag. */
export function cleanLine(raw: string): string {
  let s = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  if (s.endsWith('\r')) s = s.slice(0, -1);
  if (s.includes('&')) s = s.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&#0?39;|&#x27;/g, "'").replace(/&amp;/g, '&');
  if (s.startsWith('> ') || s === '>') s = s.slice(2);
  if (s.startsWith('[pod/')) {
    const end = s.indexOf('] ');
    if (end > 0) s = s.slice(end + 2);
  }
  const compose = COMPOSE.exec(s);
  if (compose) s = s.slice(compose[0].length);
  return s;
}

/** Timestamp without its zone, `2024-11-12 10:42:01.123`. */
function normTs(date: string | undefined, time: string, frac: string | undefined): string {
  const ms = (frac ?? '000').padEnd(3, '0').slice(0, 3);
  return date ? `${date} ${time}.${ms}` : `${time}.${ms}`;
}

/** A level word, normalised (`WARNING` → `WARN`, `SEVERE` → `ERROR`), or undefined. */
export function levelOf(word: string): string | undefined {
  const w = word.replace(/^\[|\]$/g, '').toUpperCase();
  if (!LEVELS.has(w)) return undefined;
  return w === 'WARNING' ? 'WARN' : w === 'SEVERE' ? 'ERROR' : w;
}

/**
 * Parses a cleaned line. Returns `header: true` when it starts a log record (timestamp or level
 * first), otherwise the fields that could still be found (a hand-pasted message, a stack line).
 * `body` is the line without a `kubectl logs --timestamps` prefix.
 */
export function parseLine(line: string): { header: boolean; record: LogRecord; body: string } {
  let s = line;
  let ts: string | undefined;
  let kts: string | undefined;
  const k = KUBECTL_TS.exec(s);
  if (k) {
    kts = k[0].trim();
    s = s.slice(k[0].length);
  }
  const body = s;
  const a = APP_TS.exec(s) ?? undefined;
  if (a) {
    ts = normTs(a[1], a[2] ?? '', a[3]);
    s = s.slice(a[0].length);
  } else {
    const t = TIME_ONLY.exec(s);
    if (t) {
      ts = normTs(undefined, t[1] ?? '', t[2]);
      s = s.slice(t[0].length);
    }
  }
  const appTs = ts !== undefined;
  if (!ts && kts) ts = normTs(kts.slice(0, 10), kts.slice(11, 19), /^\.(\d+)/.exec(kts.slice(19))?.[1]);
  // An ISO timestamp with a zone is also what log4j2's `%d{ISO8601_OFFSET_DATE_TIME_HHMM}` writes:
  // the layouts that put the thread or logger before the level are then still recognised; the
  // level decides whether the line starts a record.
  const anyTs = ts !== undefined;
  const record: LogRecord = { message: '', text: body, exceptions: [] };
  let level: string | undefined;
  const first = s.charCodeAt(0);
  const ttcc = appTs || !(first >= 48 && first <= 57) ? null : TTCC.exec(s);
  if (ttcc && levelOf(ttcc[2] ?? '')) {
    record.thread = ttcc[1];
    record.logger = ttcc[3];
    level = levelOf(ttcc[2] ?? '');
    s = s.slice(ttcc[0].length);
  }
  // Layouts that put the thread or the logger before the level.
  const tl = anyTs && !level && s.startsWith('[') ? THREAD_LEVEL.exec(s) : null;
  const pl = anyTs && !level && !tl && s.startsWith('(') ? PAREN_LOGGER_LEVEL.exec(s) : null;
  if (tl && levelOf(tl[2] ?? '')) {
    record.thread = tl[1]?.trim();
    level = levelOf(tl[2] ?? '');
    s = s.slice(tl[0].length);
  } else if (pl && levelOf(pl[2] ?? '')) {
    record.logger = pl[1];
    level = levelOf(pl[2] ?? '');
    s = s.slice(pl[0].length);
  } else if (!level) {
    const sp = s.indexOf(' ');
    level = levelOf(sp < 0 ? s : s.slice(0, sp));
    if (level) s = sp < 0 ? '' : s.slice(sp + 1).trimStart();
  }
  if (ts) record.ts = ts;
  if (level) record.level = level;
  if (level && !record.logger) s = stripLoggerFirst(s, record);
  if (!record.logger) s = stripTail(s, record);
  else s = s.trimEnd();
  s = stripPrefixes(s, record);
  record.message = s.trim();
  addException(record, record.message);
  // A kubectl timestamp alone does not start a record: stack lines get one too.
  return { header: appTs || level !== undefined, record, body };
}

/** Takes the MDC `[connector|worker]` and client `[Consumer clientId=…]` prefixes off a message. */
export function stripPrefixes(message: string, record: LogRecord): string {
  let s = message;
  const mdc = MDC.exec(s);
  if (mdc) {
    record.connector = mdc[1];
    s = s.slice(mdc[0].length);
  }
  const client = CLIENT.exec(s);
  if (client) {
    record.client = client[1]?.trim();
    s = s.slice(client[0].length);
  }
  return s;
}

/** Layouts that write the logger (and maybe the thread) right after the level. */
function stripLoggerFirst(s: string, record: LogRecord): string {
  const c = s.charCodeAt(0);
  if (c >= 65 && c <= 90) {
    // `%C{1}:%L - ` / `%c{1} - `: a simple class name, maybe its line, then a dash.
    const simple = CLASS_DASH_FIRST.exec(s);
    if (simple?.[1] && !/(?:Exception|Error|Throwable)$/.test(simple[1])) {
      record.logger = simple[1];
      return s.slice(simple[0].length);
    }
    return s;
  }
  // Only a digit (Spring's pid), `[` (thread or logger) or a lower-case package name can start these.
  if (!(c === 91 || (c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return s;
  const spring = SPRING.exec(s);
  if (spring) {
    record.thread = spring[1]?.trim();
    record.logger = spring[2];
    return s.slice(spring[0].length);
  }
  const tcd = THREAD_CLASS_DASH.exec(s);
  if (tcd) {
    record.thread = tcd[1];
    record.logger = tcd[2];
    return s.slice(tcd[0].length);
  }
  for (const re of [FQ_LINE_FIRST, FQ_COLON_FIRST, FQ_DASH_FIRST, FQ_BRACKET_FIRST]) {
    const m = re.exec(s);
    // `a.b.FooException: msg` is an exception line, not a logger.
    if (m?.[1] && !/(?:Exception|Error|Throwable)$/.test(m[1])) {
      record.logger = m[1];
      return s.slice(m[0].length);
    }
  }
  return s;
}

/** Takes ` (logger) [thread]` or ` (logger)` off the end of the line. */
function stripTail(s: string, record: LogRecord): string {
  let rest = s.trimEnd();
  if (rest.endsWith(']')) {
    const open = rest.lastIndexOf(' [');
    if (open > 0 && rest.charAt(open - 1) === ')') {
      const logger = loggerAtEnd(rest.slice(0, open));
      if (logger) {
        record.thread = rest.slice(open + 2, -1);
        record.logger = logger.name;
        return logger.rest;
      }
    }
  }
  const logger = loggerAtEnd(rest);
  if (logger) {
    record.logger = logger.name;
    rest = logger.rest;
  }
  return rest;
}

function loggerAtEnd(s: string): { name: string; rest: string } | undefined {
  if (!s.endsWith(')')) return undefined;
  const open = s.lastIndexOf(' (');
  if (open < 0) return undefined;
  const name = s.slice(open + 2, -1);
  return LOGGER.test(name) ? { name: name.replace(/:\d+$/, ''), rest: s.slice(0, open) } : undefined;
}

/** True for stack-trace and multi-line-message lines that belong to the record above. */
export function isContinuation(line: string): boolean {
  const c = line.charAt(0);
  if (c === '\t' || c === ' ') return line.trim().length > 0;
  return (
    line.startsWith('Caused by:') ||
    line.startsWith('Suppressed:') ||
    line.startsWith('at ') ||
    /^\.\.\. \d+ (?:more|common frames omitted)/.test(line) ||
    /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/.test(line)
  );
}

/** Wrappers whose message just repeats the real exception. */
const WRAPPERS = new Set(['ExecutionException', 'CompletionException']);
const MIRROR_FRAME = /org\.apache\.kafka\.connect\.mirror\.Mirror(Checkpoint|Source|Heartbeat)(?:Connector|Task)\b/;

/** Records the exception class named in `text` (a message or a stack-trace line), if any. */
export function addException(record: LogRecord, text: string): void {
  if (record.exceptions.length >= 6 || (!text.includes('Exception') && !text.includes('Error'))) return;
  let rest = text.length > 600 ? text.slice(0, 600) : text;
  for (let i = 0; i < 3; i++) {
    const m = EXCEPTION.exec(rest);
    if (!m?.[2]) return;
    if (WRAPPERS.has(m[2])) {
      rest = rest.slice((m.index ?? 0) + m[0].length);
      continue;
    }
    if (!record.exceptions.includes(m[2])) record.exceptions.push(m[2]);
    if (!record.detail && text !== record.message) record.detail = text.trim().replace(/^Caused by:\s*/, '');
    return;
  }
}

/** Adds one continuation line (a stack frame, `Caused by:`, a dump line) to its record. */
export function addTraceLine(record: LogRecord, line: string): void {
  const t = line.trim();
  if (t === '') return;
  addException(record, t);
  if (t.startsWith('Caused by:')) {
    const causes = (record.causes ??= []);
    if (causes.length < 6) causes.push(t.slice(10).trim().slice(0, 400));
  }
  if (!record.mirrorKind && t.includes('connect.mirror.Mirror')) {
    const m = MIRROR_FRAME.exec(t);
    if (m?.[1]) record.mirrorKind = m[1].toLowerCase() as MirrorKind;
  }
  const trace = (record.trace ??= []);
  if (trace.length < MAX_TRACE) trace.push(t.length > 400 ? t.slice(0, 400) : t);
}

/** Appends a piece a terminal wrapped off the last trace line back onto it. */
export function rejoinTraceLine(record: LogRecord, piece: string): void {
  const trace = record.trace;
  if (!trace || trace.length === 0) return;
  const joined = `${trace[trace.length - 1] ?? ''}${piece.trim()}`.slice(0, 400);
  trace[trace.length - 1] = joined;
  addException(record, joined);
  if (!record.mirrorKind) {
    const m = MIRROR_FRAME.exec(joined);
    if (m?.[1]) record.mirrorKind = m[1].toLowerCase() as MirrorKind;
  }
}
