/**
 * Splits one physical log line into timestamp, level, MDC connector, client prefix, message,
 * logger and thread. Handles Strimzi's Connect pattern
 * (`%d{yyyy-MM-dd HH:mm:ss,SSS} %p %X{connector.context}%m (%c) [%t]%n`), Kafka's default
 * (`[%d] %p %m (%c)%n`), ISO timestamps, `kubectl logs --timestamps/--prefix` prefixes and Slack
 * quoting. String scanning only: no regex here can backtrack over a whole line.
 */

/** Longest line prefix the explainer looks at; real MM2 messages that matter are far shorter. */
export const MAX_LINE = 4096;

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

/** Removes Slack quoting, HTML entities Slack adds, `\r`, and the `kubectl logs --prefix` tag. */
export function cleanLine(raw: string): string {
  let s = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  if (s.endsWith('\r')) s = s.slice(0, -1);
  if (s.includes('&')) s = s.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
  if (s.startsWith('> ') || s === '>') s = s.slice(2);
  if (s.startsWith('[pod/')) {
    const end = s.indexOf('] ');
    if (end > 0) s = s.slice(end + 2);
  }
  return s;
}

/** Timestamp without its zone, `2024-11-12 10:42:01.123`. */
function normTs(date: string | undefined, time: string, frac: string | undefined): string {
  const ms = (frac ?? '000').padEnd(3, '0').slice(0, 3);
  return date ? `${date} ${time}.${ms}` : `${time}.${ms}`;
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
  let level: string | undefined;
  const sp = s.indexOf(' ');
  const word = (sp < 0 ? s : s.slice(0, sp)).replace(/^\[|\]$/g, '');
  if (LEVELS.has(word)) {
    level = word === 'WARNING' ? 'WARN' : word === 'SEVERE' ? 'ERROR' : word;
    s = sp < 0 ? '' : s.slice(sp + 1).trimStart();
  }
  const record: LogRecord = { message: '', text: body, exceptions: [] };
  if (ts) record.ts = ts;
  if (level) record.level = level;
  s = stripTail(s, record);
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
  record.message = s.trim();
  addException(record, record.message);
  // A kubectl timestamp alone does not start a record: stack lines get one too.
  return { header: appTs || level !== undefined, record, body };
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
    /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/.test(line)
  );
}

/** Wrappers whose message just repeats the real exception. */
const WRAPPERS = new Set(['ExecutionException', 'CompletionException']);

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
