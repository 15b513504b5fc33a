/**
 * The paste-aware reader: turns what people paste into log records the rules can classify.
 * It undoes what pasting does to log text (Markdown fences and quotes, stray and per-line
 * backticks, Slack formatting and entities, `kubectl logs` prefixes, lines wrapped by a terminal,
 * stack traces with lost indentation) and reads the structured text pasted beside logs
 * (src/logs/documents.ts: Connect REST status JSON, KafkaMirrorMaker2 status YAML, `kubectl
 * describe`, log4j2 JSON layouts, connector configs). A block that does not parse is read line by
 * line, so a cut or broken paste still gets read. Secrets are masked line by line before anything
 * is parsed. Pure and linear in the input.
 */
import { compareConnectorConfigs, kindOfClass, parseYamlBlock, readValue, statusFromLines, type DocSink } from './documents.ts';
import { parseJsonTolerant, scanJson } from './json.ts';
import { lineMasker } from './mask.ts';
import type { Hit } from './rules/hit.ts';
import { addTraceLine, cleanLine, isContinuation, parseLine, rejoinTraceLine, type LogRecord, type MirrorKind, type StatusItem } from './parse.ts';

/**
 * Most characters the explainer reads (4 MiB). A `kubectl logs` dump of a busy worker can be far
 * larger; above this the explainer answers "too large" instead of taking seconds (bench/logs.bench.ts).
 */
export const MAX_LOG_CHARS = 4 * 1024 * 1024;

/** What the reader found. */
export interface PasteRead {
  records: LogRecord[];
  /** Physical lines in the input. */
  lines: number;
  /** Lines that started a log record (a timestamp or a level first). */
  parsed: number;
  /** Structured blocks read (status JSON/YAML, describe output, JSON log events, connector configs). */
  documents: number;
  /** Connector name → MM2 connector kind, from the classes the paste shows. */
  kinds: Map<string, MirrorKind>;
}

const FENCE = '\u0000fence';
const FENCE_LINE = /^\s*(?:```|~~~)[\w+.-]{0,20}\s*$/;
/** What pasters and the corpus write where they cut text out. */
const CUT = /^\s*(?:\[\.\.\.\]|\.\.\.|…|\[…\]|\[?(?:truncated|snip|cut)\]?|<\.\.\.>)\s*$/i;
const YAMLISH = /^\s*(?:-\s+)?"?[A-Za-z_][\w./-]*(?: [\w./-]+){0,3}"?:(?:\s|$)/;
/** A Java exception line (`a.b.FooException: msg`) or `Caused by:`: never the start of a YAML block. */
const EXCEPTION_LINE = /^\s*(?:Caused by:|Suppressed:|Exception in thread|at |(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)\b)/;
const WRAPPED_FRAME = /^[\w$.]+[\w$.<>]*(?:\([\w$.]*(?::\d+)?\))?$/;

/**
 * A source tag before the timestamp, as tools that merge several pods' or containers' logs write
 * it: stern's `<pod> <container> `, `docker compose logs`' `connect-1  | `, a hand-added
 * `mm2-0: `. Its first name holds a `-` or `_` (pod names do), so prose such as "at 10:42:01"
 * never qualifies.
 */
const SOURCE_TAG = /^((?=[A-Za-z][\w./:-]{0,120}?[-_])[A-Za-z][\w./:-]{0,120}\s+(?:[A-Za-z][\w./:-]{0,120}\s+)?(?:\|\s+)?)(?=\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}[,.]\d)/;

/**
 * The source tags before a timestamp. A tag is taken when it starts at least two lines (`lines`
 * as pasted, or `cleaned`: cleanLine already drops a compose tag before a timestamp, not before a
 * stack-trace line), or when it has the shape of such a tag (a pod that logged one line beside
 * others that logged more). Stripped from every cleaned line that starts with one, so a pod's
 * stack-trace lines, which carry the tag but no timestamp, stay with their record.
 */
function sourceTags(lines: readonly string[], cleaned: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const list of [lines, cleaned]) {
    for (const l of list) {
      const c = l.charCodeAt(0);
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
      const m = SOURCE_TAG.exec(l.length > 300 ? l.slice(0, 300) : l);
      if (m?.[1] && tags.size < 100) tags.add(m[1]);
    }
  }
  if (!tags.size) return [];
  const starts = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i] ?? '';
    const b = cleaned[i] ?? '';
    for (const t of tags) if (a.startsWith(t) || b.startsWith(t)) starts.set(t, (starts.get(t) ?? 0) + 1);
  }
  const shape = (t: string) => `${t.trim().split(/\s+/).length}${t.includes('|') ? '|' : ''}`;
  const shapes = new Set([...starts].filter(([, n]) => n >= 2).map(([t]) => shape(t)));
  // Longest first: `mm2-0 c ` before `mm2-0 `.
  return [...tags].filter((t) => shapes.has(shape(t))).sort((a, b) => b.length - a.length);
}

const HTML_OPEN = /^\s*(?:<\/?(?:details|summary|pre|code|p|br|blockquote)\b[^>]{0,100}>\s*)+/i;
const HTML_CLOSE = /(?:\s*<\/?(?:details|summary|pre|code|p|br|blockquote)\b[^>]{0,100}>)+\s*$/i;
const LIST_MARKER = /^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?=\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:|\d{2}:\d{2}:\d{2}[,.]\d)/;

/** Splits the paste into cleaned, masked lines; fences become {@link FENCE} markers. */
function cleanLines(text: string): { lines: string[]; physical: number } {
  const raw = text.split('\n');
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  const physical = text === '' ? 0 : raw.length;
  const mask = lineMasker();
  const out: string[] = [];
  const cleaned = raw.map((r) => {
    const s = cleanLine(r.length > 8192 ? r.slice(0, 8192) : r);
    // Nested or repeated quote markers (`> > `), and a quote marker that kept its indentation.
    return s.startsWith('>') ? s.replace(/^(?:>\s?)+/, '') : s;
  });
  const tags = sourceTags(raw, cleaned);
  for (let s of cleaned) {
    // HTML that GitHub renders around a paste (`<details>`, `<pre><code>…</code></pre>`), and a
    // Markdown list marker put before a log line.
    if (s.includes('<')) {
      s = s.replace(HTML_OPEN, '');
      // Only the tail can close: the end-anchored regex never scans a whole long line.
      const cut = Math.max(0, s.length - 200);
      s = s.slice(0, cut) + s.slice(cut).replace(HTML_CLOSE, '');
    }
    if (LIST_MARKER.test(s)) s = s.replace(LIST_MARKER, '');
    if (tags.length) {
      const tag = tags.find((t) => s.startsWith(t));
      if (tag) s = s.slice(tag.length);
    }
    if (s.includes('`')) {
      if (FENCE_LINE.test(s)) {
        out.push(FENCE);
        continue;
      }
      const open = /^\s*(?:```|~~~)/.exec(s);
      let after = false;
      if (open) {
        out.push(FENCE);
        s = s.slice(open[0].length);
      }
      if (/```\s*$/.test(s)) {
        s = s.replace(/```\s*$/, '');
        after = true;
      }
      // Inline code per line (`…`), or a lone backtick left from an inline-code attempt.
      const inline = /^\s*`([^`]+)`\s*$/.exec(s);
      if (inline) s = inline[1] ?? '';
      else s = s.replace(/^`(?!`)/, '').replace(/(?<!`)`\s*$/, '');
      out.push(mask(s));
      if (after) out.push(FENCE);
      continue;
    }
    // Slack / Markdown emphasis around a whole log line.
    if (s.startsWith('*') || s.startsWith('_')) {
      const emph = /^(\*{1,2}|_)(\S.*\S)\1$/.exec(s.trim());
      if (emph?.[2] && parseLine(emph[2]).header) s = emph[2];
    }
    out.push(mask(s));
  }
  return { lines: out, physical };
}

const ESC = String.fromCharCode(27);
/** An ANSI colour or cursor sequence: ESC, `[`, parameters, a letter. */
const ANSI = new RegExp(`${ESC}\\[[0-9;]{0,20}[A-Za-z]`, 'g');

/** Removes characters pasting adds or that no log holds: NULs (UTF-16 read as UTF-8), BOMs, zero-width spaces. */
function prepare(text: string): string {
  let s = text;
  if (s.includes('\u0000')) s = s.split('\u0000').join('');
  for (const invisible of ['\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060']) if (s.includes(invisible)) s = s.split(invisible).join('');
  if (s.includes('\u00A0')) s = s.replace(/\u00A0/g, ' ');
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  // Terminal colours copied with the text (stern, kubectl plugins, `docker compose logs`).
  if (s.includes(ESC)) s = s.replace(ANSI, '');
  return s;
}

const indentOf = (s: string) => s.length - s.trimStart().length;

/** Reads a paste into log records. */
export function readPaste(input: string): PasteRead {
  const { lines, physical } = cleanLines(prepare(input));
  const records: LogRecord[] = [];
  const kinds = new Map<string, MirrorKind>();
  const configs: { kind: MirrorKind; config: Record<string, string> }[] = [];
  const mirrors: { source?: Record<string, string> | undefined; checkpoint?: Record<string, string> | undefined }[] = [];
  let parsed = 0;
  let documents = 0;
  let pending: LogRecord | undefined;
  let pendingRaw = '';
  let pendingHeader = false;
  let joins = 0;
  let tailSeen = false;
  let lastTrace = false;
  let boundary = true;
  let urlName: string | undefined;
  let hostTs: string | undefined;
  let notADocumentUntil = -1;

  const flush = () => {
    if (!pending) return;
    const r = pending;
    pending = undefined;
    records.push(r);
    embeddedStatus(r);
  };
  const startRecord = (record: LogRecord, raw: string, header: boolean) => {
    flush();
    pending = record;
    pendingRaw = raw;
    pendingHeader = header;
    joins = 0;
    lastTrace = false;
    if (header) {
      parsed++;
      if (record.ts) hostTs = record.ts;
      if (record.logger && /\)\s*(?:\[[^\]]*\])?\s*$/.test(raw)) tailSeen = true;
    }
  };
  /** Log lines rebuilt from a JSON log event: a header, then its stack trace. */
  const ingest = (eventLines: string[]) => {
    for (const raw of eventLines) {
      const l = cleanLine(raw);
      const p = parseLine(l);
      if (p.header) startRecord(p.record, l, true);
      else if (pending) addTraceLine(pending, l);
      else startRecord(p.record, l, false);
    }
  };
  const sink: DocSink = {
    status: (item, trace) => {
      const record = statusRecord(item, hostTs);
      for (const l of (trace ?? '').split('\n').slice(0, 200)) addTraceLine(record, l);
      flush();
      records.push(record);
    },
    logEvent: ingest,
    register: (name, kind) => kinds.set(name, kind),
    config: (kind, config) => configs.push({ kind, config }),
    mirror: (source, checkpoint) => mirrors.push({ source, checkpoint }),
    condition: (type, text) => {
      flush();
      records.push({ level: 'WARN', message: text, text: `status condition ${type}: ${text}`, exceptions: [] });
    },
  };
  /** `… GET response for URL=…/status is {"name":…}`: a status inside a log message. */
  const embeddedStatus = (r: LogRecord) => {
    const m = r.message;
    const open = m.indexOf('{"');
    if (open < 0 || !m.includes('"connector"')) return;
    const value = parseJsonTolerant(m.slice(open, m.lastIndexOf('}') + 1));
    if (value !== undefined && readValue(value, sink, urlName) > 0) documents++;
  };

  const stopJson = (l: string) => l === FENCE || CUT.test(l) || (indentOf(l) === 0 && parseLine(l).header);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === FENCE || (line.length < 20 && CUT.test(line))) {
      flush();
      boundary = true;
      continue;
    }
    if (line.trim() === '') {
      boundary = true;
      continue;
    }
    if (line.includes('/connectors/')) {
      const u = /\/connectors\/([^/\s?'"]+)/.exec(line);
      if (u?.[1]) urlName = safeDecode(u[1]);
    }
    const p = parseLine(line);
    const indented = indentOf(line) > 0;
    if (!p.header && i > notADocumentUntil && (!pending || boundary || !indented) && !EXCEPTION_LINE.test(line)) {
      const doc = readDocument(lines, i, sink, urlName, stopJson);
      if (doc?.found) {
        // No flush: a JSON log line's stack trace may come in the next JSON line (docker's json-file driver).
        documents++;
        i = doc.end;
        boundary = true;
        continue;
      }
      // Read as log lines; a block that was not a document is not scanned again from each of its lines.
      if (doc) notADocumentUntil = doc.end;
      if (/^Creating connector configuration:$/.test(line.trim()) && emptyBlockFollows(lines, i)) {
        flush();
        records.push(connectorConfigEmpty(line.trim()));
        boundary = false;
        continue;
      }
    }
    const wasBoundary = boundary;
    boundary = false;
    let { header, record, body } = p;
    // Stack traces hold no blank line and follow a log line: after a blank line, or under prose,
    // an exception line starts a record of its own.
    const attach = pending !== undefined && (pendingHeader || (pending.trace?.length ?? 0) > 0) && !(wasBoundary && !indented);
    if (!header && isContinuation(body)) {
      const trimmed = body.trimStart();
      const again = trimmed !== body ? parseLine(trimmed) : undefined;
      if (again?.header) ({ header, record, body } = again);
      else if (pending && attach) {
        addTraceLine(pending, body);
        lastTrace = true;
        continue;
      } else {
        startRecord(record, line, false);
        addTraceLine(record, body);
        lastTrace = true;
        continue;
      }
    }
    if (header) {
      startRecord(record, line, true);
      continue;
    }
    // A log line a terminal wrapped: the logger tail this layout ends with is still to come.
    if (pending && pendingHeader && tailSeen && !pending.logger && !lastTrace && pendingRaw.length >= 40 && joins < 20) {
      const joined = parseLine(pendingRaw + line);
      if (joined.header) {
        const { trace, causes, mirrorKind } = pending;
        pending = { ...joined.record, ...(trace && { trace }), ...(causes && { causes }), ...(mirrorKind && { mirrorKind }) };
        pendingRaw += line;
        joins++;
        continue;
      }
    }
    // A stack frame a terminal wrapped mid-identifier (`…connect.run` / `time.isolation.Plugins…`).
    if (pending && lastTrace && !line.startsWith('Exception in thread') && WRAPPED_FRAME.test(line.trim())) {
      rejoinTraceLine(pending, line);
      continue;
    }
    startRecord(record, line, false);
  }
  flush();

  for (const m of mirrors) if (m.source && m.checkpoint) records.push(...configRecords(m.source, m.checkpoint, true));
  for (const m of mirrors) records.push(...switchedOff(m.source, m.checkpoint, true));
  for (const c of configs) records.push(...switchedOff(c.kind === 'source' ? c.config : undefined, c.kind === 'checkpoint' ? c.config : undefined, false));
  for (const r of records) if (r.trace && /(?:ConnectorConfig|MirrorCheckpointConfig|MirrorSourceConfig) values:$/.test(r.message)) records.push(...switchedOff(...dumpedConfig(r.trace), false));
  const sources = configs.filter((c) => c.kind === 'source');
  const checkpoints = configs.filter((c) => c.kind === 'checkpoint');
  for (const s of sources) {
    const pair = checkpoints.length === 1 && sources.length === 1 ? checkpoints[0] : checkpoints.find((c) => sameFlow(s.config, c.config));
    if (pair) records.push(...configRecords(s.config, pair.config, false));
  }
  learnKinds(records, kinds);
  return { records, lines: physical, parsed, documents, kinds };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Reads a structured block starting at `lines[i]`: JSON (from `{` or `[`) or YAML-/describe-shaped
 * key lines. Returns the block's last line and whether anything in it was recognised (if not, its
 * lines are read as log lines); `undefined` when no block starts there.
 */
function readDocument(lines: readonly string[], i: number, sink: DocSink, urlName: string | undefined, stopJson: (l: string) => boolean): { end: number; found: boolean } | undefined {
  const line = lines[i] ?? '';
  const t = line.trimStart();
  if (t.startsWith('{') || /^\[\s*(?:$|[{"[\]])/.test(t)) {
    const block = scanJson(lines, i, stopJson);
    const value = parseJsonTolerant(block.text);
    if (value !== undefined && readValue(value, sink, urlName) > 0) return { end: block.end, found: true };
    return { end: block.end, found: statusFromLines(block.text.split('\n'), sink, urlName) > 0 };
  }
  if (!YAMLISH.test(line)) return undefined;
  const end = scanYaml(lines, i);
  const block = lines.slice(i, end + 1);
  const docs = parseYamlBlock(block);
  let found = 0;
  for (const d of docs ?? []) found += readValue(d, sink, urlName);
  if (found === 0) found = statusFromLines(block, sink, urlName);
  return { end, found: found > 0 };
}

/** The last line of a YAML- or describe-shaped block that starts at `lines[start]`. */
function scanYaml(lines: readonly string[], start: number): number {
  const base = indentOf(lines[start] ?? '');
  let last = start;
  let chars = 0;
  for (let j = start + 1; j < lines.length && j - start < 20_000 && chars < 1024 * 1024; j++) {
    const next = lines[j] ?? '';
    chars += next.length;
    if (next === FENCE || CUT.test(next)) break;
    if (next.trim() === '') continue;
    const ind = indentOf(next);
    if (ind === 0 && parseLine(next).header) break;
    if (ind > base || YAMLISH.test(next) || next.trimStart().startsWith('#') || next.trimStart().startsWith('- ') || /^\s*(?:at |Caused by:|\.\.\. \d+)/.test(next)) {
      last = j;
      continue;
    }
    break;
  }
  return last;
}

/** After Strimzi's `Creating connector configuration:` banner, no `key=value` line follows (strimzi#4331). */
function emptyBlockFollows(lines: readonly string[], i: number): boolean {
  let blank = 0;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j] ?? '';
    if (l.trim() === '') {
      blank++;
      continue;
    }
    if (l === FENCE || CUT.test(l)) return blank > 0 || l === FENCE;
    return !/^\s*(?:#|[\w.-]+\s*[=:])/.test(l);
  }
  return blank > 0;
}

function connectorConfigEmpty(text: string): LogRecord {
  return {
    level: 'ERROR',
    message: text,
    text: `${text} (nothing follows)`,
    exceptions: [],
    preset: {
      code: 'connector-config-empty',
      kind: 'cause',
      title: "Strimzi wrote an empty connector configuration: the connectors' TLS/SASL passwords are missing",
      reason:
        "Strimzi's MirrorMaker 2 start script prints the connector configuration (the keystore, truststore and SASL password entries) after this line; here nothing follows, so every MM2 connector builds its clients without those passwords and cannot connect. Seen with `tls.trustedCertificates: []` in Strimzi 0.21 (strimzi#4331, fixed by #4342).",
      action: 'List the CA certificates under spec.clusters[].tls.trustedCertificates (a Secret holding the CA) instead of an empty list, or upgrade the operator; then check the line is followed by ssl.*.password=[hidden] entries.',
    },
  };
}

/** The log record a pasted connector or task state stands for. */
function statusRecord(item: StatusItem, ts: string | undefined): LogRecord {
  const who = item.what === 'task' ? `Task ${item.name ?? '(unnamed connector)'}-${item.taskId ?? '?'}` : `Connector ${item.name ?? '(unnamed)'}`;
  const tasks = item.what === 'connector' && item.tasks !== undefined ? ` with ${item.tasks} task${item.tasks === 1 ? '' : 's'}` : '';
  const message = `${who} is ${item.state}${tasks}`;
  return {
    ...(ts && { ts }),
    level: item.state === 'FAILED' ? 'ERROR' : 'INFO',
    message,
    text: `status: ${message}${item.worker ? ` (worker ${item.worker})` : ''}`,
    exceptions: [],
    status: item,
    ...(item.name && { connector: item.name }),
  };
}

function sameFlow(a: Record<string, string>, b: Record<string, string>): boolean {
  return a['source.cluster.alias'] === b['source.cluster.alias'] && a['target.cluster.alias'] === b['target.cluster.alias'];
}

/** One record per setting the source and checkpoint connector configs disagree on. */
function configRecords(source: Record<string, string>, checkpoint: Record<string, string>, strimzi: boolean): LogRecord[] {
  return compareConnectorConfigs(source, checkpoint, strimzi).map((d) => {
    const shown = (v: string | undefined) => (v === undefined ? `not set (Kafka default ${d.default ?? 'none'})` : JSON.stringify(v));
    const where = strimzi ? ['sourceConnector.config', 'checkpointConnector.config'] : ['MirrorSourceConnector config', 'MirrorCheckpointConnector config'];
    return configCause(`${where[0]} ${d.key}: ${shown(d.source)}; ${where[1]} ${d.key}: ${shown(d.checkpoint)}`, {
      code: 'connector-config-mismatch',
      title: `${d.key} differs between the source and checkpoint connectors`,
      reason:
        d.key.startsWith('topic')
          ? 'Groups committing on topics only the checkpoint connector accepts get tasks but never get offset syncs, so no checkpoints.'
          : 'The checkpoint connector derives the offset-syncs topic and remote topic names from these settings: with a different value it reads an offset-syncs topic nobody writes, or checkpoints topics that do not exist on the target (strimzi#4498).',
      action: strimzi
        ? `Set ${d.key} to the same value under checkpointConnector.config as under sourceConnector.config in the KafkaMirrorMaker2.`
        : `Set ${d.key} to the same value in both connector configs.`,
    });
  });
}

/** A record standing for a pasted setting that is a cause; `text` is the line shown for it. */
function configCause(text: string, hit: Omit<Hit, 'kind'>): LogRecord {
  return { level: 'WARN', message: text, text, exceptions: [], preset: { kind: 'cause', ...hit } };
}

/**
 * The settings in a pasted config that switch checkpoints off. MirrorCheckpointConnector.taskConfigs
 * returns no task when emitCheckpointsInterval() is negative, i.e. emit.checkpoints.enabled=false or
 * a negative emit.checkpoints.interval.seconds (apache/kafka 3.5.0 MirrorCheckpointConnector.java
 * L114-116); 3.9+ also rejects emit.checkpoints.enabled=false, and emit.offset-syncs.enabled=false
 * on the source side, at validation (3.9.0 MirrorCheckpointConfig.java L169-187).
 */
function switchedOff(source: Record<string, string> | undefined, checkpoint: Record<string, string> | undefined, strimzi: boolean): LogRecord[] {
  const out: LogRecord[] = [];
  const record = (where: string, key: string, value: string, hit: Omit<Hit, 'kind'>): void => void out.push(configCause(`${where} ${key}: ${JSON.stringify(value)}`, hit));
  const setting = (config: Record<string, string> | undefined, key: string) => config?.[key]?.trim();
  const where = (kind: 'source' | 'checkpoint') => (strimzi ? `${kind}Connector.config` : kind === 'source' ? 'MirrorSourceConnector config' : 'MirrorCheckpointConnector config');
  const emit = setting(checkpoint, 'emit.checkpoints.enabled');
  const interval = setting(checkpoint, 'emit.checkpoints.interval.seconds');
  if (emit?.toLowerCase() === 'false') {
    record(where('checkpoint'), 'emit.checkpoints.enabled', emit, {
      code: 'emit-checkpoints-disabled',
      title: 'emit.checkpoints.enabled=false: checkpoint emission is switched off',
      reason: 'With checkpoint emission disabled the checkpoint connector creates no task (Kafka 3.9+ refuses to start it), so no checkpoint is ever written.',
      action: `Remove emit.checkpoints.enabled or set it to true in the ${where('checkpoint')}.`,
    });
  } else if (interval !== undefined && /^-\d+$/.test(interval)) {
    record(where('checkpoint'), 'emit.checkpoints.interval.seconds', interval, {
      code: 'emit-checkpoints-disabled',
      title: `emit.checkpoints.interval.seconds=${interval}: checkpoint emission is switched off`,
      reason: 'A negative interval disables checkpoint emission: the checkpoint connector creates no task.',
      action: `Set emit.checkpoints.interval.seconds to a positive number of seconds (default 60) in the ${where('checkpoint')}.`,
    });
  }
  const syncs = setting(source, 'emit.offset-syncs.enabled') ?? setting(checkpoint, 'emit.offset-syncs.enabled');
  if (syncs?.toLowerCase() === 'false') {
    record(where(setting(source, 'emit.offset-syncs.enabled') !== undefined ? 'source' : 'checkpoint'), 'emit.offset-syncs.enabled', syncs, {
      code: 'offset-syncs-disabled',
      title: 'emit.offset-syncs.enabled=false: no offset syncs to translate through',
      reason: 'Checkpoints are translated through offset syncs; without them the checkpoint connector has nothing to translate (Kafka 3.9+ refuses to start it).',
      action: 'Remove emit.offset-syncs.enabled or set it to true on the source connector.',
    });
  }
  return out;
}

/** A `… values:` config dump's `key = value` lines, as the connector kind it configures. */
function dumpedConfig(trace: readonly string[]): [Record<string, string> | undefined, Record<string, string> | undefined] {
  const config: Record<string, string> = {};
  for (const t of trace) {
    const eq = t.indexOf(' = ');
    if (eq > 0) config[t.slice(0, eq).trim()] = t.slice(eq + 3).trim();
  }
  const kind = kindOfClass(config['connector.class']);
  return kind === 'checkpoint' ? [undefined, config] : kind === 'source' ? [config, undefined] : [undefined, undefined];
}

/** Which connector names are which MM2 connector, from what the records show. */
function learnKinds(records: readonly LogRecord[], kinds: Map<string, MirrorKind>): void {
  const add = (name: string | undefined, kind: MirrorKind | undefined) => {
    if (name && kind && !kinds.has(name)) kinds.set(name, kind);
  };
  for (const r of records) {
    const m = r.message;
    if (r.status?.name) add(r.status.name, r.mirrorKind);
    if (r.connector) add(r.connector, kindOfClass(r.logger));
    let x = /^Creating connector (\S+) of type (\S+)$/.exec(m) ?? /^Instantiated connector (\S+) with version \S+ of type class (\S+)$/.exec(m);
    if (x) add(x[1], kindOfClass(x[2]));
    x = /^Instantiated task (\S+)-\d+ with version \S+ of type (?:class )?(\S+)$/.exec(m);
    if (x) add(x[1], kindOfClass(x[2]));
    x = /^Started (.+?) with \d+ consumer groups\.$/.exec(m);
    if (x && r.logger?.endsWith('MirrorCheckpointConnector')) add(x[1], 'checkpoint');
    x = /^Scheduler for (Mirror\w+): [^|]*\|(\S+?)(?:-\d+)? /.exec(m);
    if (x) add(x[2], kindOfClass(x[1]));
    if (r.trace && /ConnectorConfig values:$/.test(m)) {
      const cls = r.trace.find((t) => t.startsWith('connector.class = '));
      const name = r.trace.find((t) => t.startsWith('name = '));
      if (cls && name) add(name.slice(7).trim(), kindOfClass(cls));
    }
  }
}
