/**
 * The bot's log: one logger for Bolt's messages, the schedules, coordination and the audit trail.
 *
 * - `text` (default): `[INFO] mm2-doctor <message> key=value …` on stderr, audit records as
 *   `{"audit":"mm2-doctor",…}` JSON lines on stdout (what the bot always wrote).
 * - `json` (`--log-format json`): one JSON object a line on stdout, through pino, for Loki or
 *   Elasticsearch: `level` (a word), `time` (ISO 8601), `msg`, the fields a line carries
 *   (`mirror`, `command`, `schedule`, `slot`, …) and, for an audit record, its fields under
 *   `audit`. Secrets never reach the output: every string passes the redactor (the config's
 *   resolved secret values), and keys that name a secret are censored by pino's `redact`.
 */
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { AuditRecord } from '../runtime/audit.ts';
import type { Redactor } from '../runtime/redact.ts';

export type LogFormat = 'text' | 'json';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

/** Fields a line may carry; keep them bounded and free of pasted text. */
export interface LogFields {
  mirror?: string;
  command?: string;
  schedule?: string;
  /** A digest slot, ISO 8601. */
  slot?: string;
  [key: string]: unknown;
}

/**
 * The log. Methods take a message and optional fields; called Bolt-style with several values
 * (`info('a', 'b', err)`) they are joined, and a trailing plain object is taken as the fields, so
 * this object also serves as Bolt's logger.
 */
export interface AppLog {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
  /** A log whose every line also carries `bindings`. */
  child(bindings: LogFields): AppLog;
  /** One audit record (the runtime's audit sink). */
  audit(record: AuditRecord): void;
  setLevel(level: LogLevel): void;
  getLevel(): LogLevel;
}

export interface LogOptions {
  format?: LogFormat;
  level?: LogLevel;
  redactor?: Redactor;
  /** Where `json` lines go (default stdout) — tests pass a stream. */
  destination?: DestinationStream;
  /** Where `text` lines and audit lines go (default stderr and stdout). */
  text?: { line(s: string): void; audit(s: string): void };
}

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const NO_REDACTION: Redactor = { text: (s) => s, deep: (v) => v };
/** Keys whose values are never logged, whatever they hold (pino's fast-redact paths). */
const SECRET_PATHS = ['password', 'token', 'secret', 'authorization', '*.password', '*.token', '*.secret', '*.authorization', '*.*.password', '*.*.token'];

const isFields = (v: unknown): v is LogFields => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Error) && Object.getPrototypeOf(v) === Object.prototype;
const asText = (m: unknown): string => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : (JSON.stringify(m) ?? String(m)));

/** `('a', err, {mirror})` → `{ msg: 'a <stack>', fields: {mirror} }`. */
function split(args: unknown[]): { msg: string; fields: LogFields | undefined; err: Error | undefined } {
  const last = args.at(-1);
  const fields = args.length > 1 && isFields(last) ? last : undefined;
  const parts = fields ? args.slice(0, -1) : args;
  return { msg: parts.map(asText).join(' '), fields, err: parts.find((p): p is Error => p instanceof Error) };
}

function textValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}

/** Creates the log for `format`. */
export function createLog(opts: LogOptions = {}): AppLog {
  const redactor = opts.redactor ?? NO_REDACTION;
  let level: LogLevel = opts.level ?? 'info';
  if (opts.format === 'json') return jsonLog(pino({
    level,
    messageKey: 'msg',
    base: { name: 'mm2-doctor' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (o) => redactor.deep(o) },
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
  }, opts.destination ?? pino.destination({ dest: 1, sync: true })), redactor);

  const out = opts.text ?? { line: (s: string) => process.stderr.write(`${s}\n`), audit: (s: string) => process.stdout.write(`${s}\n`) };
  const make = (bindings: LogFields): AppLog => {
    const at = (l: LogLevel) => (...args: unknown[]) => {
      if (ORDER.indexOf(l) < ORDER.indexOf(level)) return;
      const { msg, fields } = split(args);
      const all = { ...bindings, ...fields };
      const tail = Object.entries(all).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${textValue(v)}`).join('');
      out.line(redactor.text(`[${l.toUpperCase()}] mm2-doctor ${msg}${tail}`));
    };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (b) => make({ ...bindings, ...b }),
      audit: (record) => out.audit(redactor.text(JSON.stringify({ audit: 'mm2-doctor', ...record }))),
      setLevel: (l) => (level = l),
      getLevel: () => level,
    };
  };
  return make({});
}

function jsonLog(p: Pino, redactor: Redactor): AppLog {
  const at = (l: LogLevel) => (...args: unknown[]) => {
    const { msg, fields, err } = split(args);
    // An error as plain data (type, message, stack), so the redactor sees its strings too.
    p[l]({ ...fields, ...(err && { err: { type: err.name, message: err.message, stack: err.stack } }) }, redactor.text(msg));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => jsonLog(p.child(b), redactor),
    // The audit record's fields under `audit`, and the two a search filters on at the top.
    audit: (record) => p.info({ audit: record, ...(record.mirror && { mirror: record.mirror }), ...(record.command && { command: record.command }) }, 'audit'),
    setLevel: (l) => (p.level = l),
    getLevel: () => p.level as LogLevel,
  };
}
