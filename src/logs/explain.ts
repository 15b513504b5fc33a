/**
 * The log explainer: reads MirrorMaker 2 / Kafka Connect log text in one pass and says which lines
 * explain missing checkpoints, which only look alarming, how unstable the network was, and what
 * healthy signals are present. Pure: no I/O, no clock.
 */
import { maskSecrets } from './mask.ts';
import { flowsIn, internalTopicKind } from './names.ts';
import { NetworkCounter } from './network.ts';
import { addException, cleanLine, isContinuation, parseLine } from './parse.ts';
import type { LogRecord } from './parse.ts';
import { resolveEntries } from './resolve.ts';
import { classify } from './rules/index.ts';
import type { Hit } from './rules/rule.ts';
import type { LogEntry, LogEntryKind, LogExplanation } from '../model/log-explanation.ts';

export type { LogEntry, LogEntryKind, LogExplanation, NetworkSummary } from '../model/log-explanation.ts';

const KIND_ORDER: readonly LogEntryKind[] = ['cause', 'red-herring', 'network', 'evidence', 'unrecognized'];

/** Codes in the order a reader should consider them; unlisted codes follow in order of appearance. */
const CODE_ORDER: readonly string[] = [
  'started-with-zero-groups',
  'found-zero-groups',
  'groups-without-mirrored-offsets',
  'emit-checkpoints-disabled',
  'offset-syncs-disabled',
  'checkpoint-task-failed',
  'checkpoint-connector-failed',
  'checkpoint-failed-state',
  'checkpoint-send-failed',
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

interface Acc extends LogEntry {
  order: number;
}

/**
 * Explains a whole log (a `kubectl logs` dump, a Slack paste, a file). Never throws; linear in the
 * input, every line cut to 4096 characters.
 */
export function explainLogs(text: string): LogExplanation {
  const state = new Explainer();
  const input = typeof text === 'string' ? text : '';
  let pending: LogRecord | undefined;
  let lines = 0;
  let parsed = 0;
  let from = 0;
  while (from <= input.length) {
    let to = input.indexOf('\n', from);
    if (to < 0) to = input.length;
    const raw = input.slice(from, Math.min(to, from + 8192));
    from = to + 1;
    if (to === input.length && raw === '' && (lines > 0 || input.length === 0)) break;
    lines++;
    const line = stripFence(maskSecrets(cleanLine(raw)));
    if (line === undefined || line.trim() === '') continue;
    let { header, record, body } = parseLine(line);
    if (!header && isContinuation(body)) {
      const trimmed = body.trimStart();
      const again = trimmed !== body ? parseLine(trimmed) : undefined;
      if (again?.header) ({ header, record, body } = again);
      else if (pending) {
        addException(pending, trimmed);
        continue;
      }
    }
    if (header) parsed++;
    if (pending) state.add(pending);
    pending = record;
  }
  if (pending) state.add(pending);
  return { lines, parsed, ...state.result() };
}

/** Drops Slack/Markdown code-fence markers: a fence line (```` ```log ````) or a fence glued to a line. */
function stripFence(line: string): string | undefined {
  if (!line.includes('```')) return line;
  const s = line.replace(/^\s*```/, '').replace(/```\s*$/, '');
  if (/^[A-Za-z]{0,12}$/.test(s.trim())) return undefined;
  return s;
}

class Explainer {
  private readonly entries = new Map<string, Acc>();
  private readonly network = new NetworkCounter();
  private readonly mirrors = new Set<string>();
  private readonly connectors = new Set<string>();
  private readonly topics = new Set<string>();
  private unrecognized = 0;
  private kafkaVersion: string | undefined;
  private seen = 0;

  add(record: LogRecord): void {
    const flows = this.flowsOf(record);
    if (record.connector) this.connectors.add(record.connector);
    const version = /^Kafka version: (\S+)$/.exec(record.message);
    if (version) this.kafkaVersion ??= version[1];
    const hit = classify(record) ?? this.unrecognizedHit(record);
    if (!hit) return;
    hit.flow ??= flows[0];
    hit.connector ??= record.connector;
    if (hit.connector) this.connectors.add(hit.connector);
    if (hit.topic && internalTopicKind(hit.topic)) this.topics.add(hit.topic);
    if (hit.kind === 'network' || hit.disconnect || hit.timeout) this.network.add({ ...hit, ts: record.ts });
    this.merge(hit, record);
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
    const shape = record.message.replace(/\d+/g, '#').slice(0, 160);
    const key = `unrecognized|${record.level ?? ''}|${record.logger ?? ''}|${shape}`;
    const known = this.entries.has(key);
    if (!known && this.unrecognized >= MAX_UNRECOGNIZED) {
      return { code: 'unrecognized-more', kind: 'unrecognized', title: 'Further unrecognized warnings and errors', key: 'unrecognized-more' };
    }
    if (!known) this.unrecognized++;
    const logger = record.logger ? `${record.logger.slice(record.logger.lastIndexOf('.') + 1)}: ` : '';
    return { code: 'unrecognized', kind: 'unrecognized', title: `${logger}${shape}`, key };
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
    const entries = resolveEntries([...this.entries.values()])
      .sort((a, b) => rank(a) - rank(b) || a.order - b.order)
      .map(({ order: _order, ...entry }) => entry);
    const out: Omit<LogExplanation, 'lines' | 'parsed'> = {
      entries,
      network: this.network.summary(),
      mentionedMirrors: [...this.mirrors],
      connectors: [...this.connectors],
      topics: [...this.topics],
    };
    if (this.kafkaVersion) out.kafkaVersion = this.kafkaVersion;
    return out;
  }
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
