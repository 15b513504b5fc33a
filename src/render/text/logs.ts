/**
 * Plain-text terminal summary of a {@link LogExplanation}: causes, red herrings with the reason
 * they are harmless, one network sentence, evidence. Pure: returns a string.
 */
import { minuteOf } from '../../logs/network.ts';
import type { LogEntry, LogExplanation, NetworkSummary } from '../../model/log-explanation.ts';

/** Options for {@link renderLogExplanation}. */
export interface RenderLogOptions {
  /** Entries shown per section before `… and N more` (default 8). */
  maxPerSection?: number;
  /** Include a sample log line under each cause (default true). */
  samples?: boolean;
}

/**
 * Renders the explanation for a terminal, e.g.
 * `network: 42 disconnects from node 1 over 12 minutes, peak 9/min at 10:42`.
 */
export function renderLogExplanation(x: LogExplanation, options: RenderLogOptions = {}): string {
  if (x.tooLarge) return tooLargeText(x.tooLarge);
  const max = options.maxPerSection ?? 8;
  const samples = options.samples ?? true;
  const out: string[] = [];
  const mirrors = x.mentionedMirrors.length ? `; mirrors ${x.mentionedMirrors.join(', ')}` : '';
  const version = x.kafkaVersion ? `; Kafka ${x.kafkaVersion}` : '';
  const docs = x.documents ? `, ${x.documents} structured block${x.documents === 1 ? '' : 's'} (status, config, JSON log)` : '';
  out.push(`logs: ${x.lines} lines, ${x.parsed} log records${docs}${mirrors}${version}`);
  const of = (kind: LogEntry['kind']) => x.entries.filter((e) => e.kind === kind);

  section(out, 'cause', of('cause'), max, (e) => [e.reason, e.action ? `fix: ${e.action}` : undefined, samples ? `log: ${e.sample}` : undefined]);
  if (of('cause').length === 0 && x.entries.length > 0) out.push('', "cause: can't tell from these lines (none of them explains missing checkpoints)");
  section(out, 'red herrings (why)', of('red-herring'), max, (e) => [e.reason ? `why: ${e.reason}` : undefined]);
  const net = networkSentence(x.network);
  if (net) out.push('', `network: ${net}`);
  const netKinds = of('network').filter((e) => e.code !== 'node-disconnected');
  if (netKinds.length) out.push(...netKinds.slice(0, max).map((e) => `  - ${line(e)}`));
  section(out, 'evidence', of('evidence'), max, () => []);
  const other = of('unrecognized');
  if (other.length) {
    const total = other.reduce((n, e) => n + e.count, 0);
    out.push('', `other warnings/errors (not classified): ${total}`);
    out.push(...other.slice(0, Math.min(max, 3)).map((e) => `  - ${line(e)}`));
  }
  if (x.entries.length === 0 && !net) out.push('', 'nothing in these lines bears on checkpoints');
  return out.join('\n');
}

/** `MiB` with one decimal. */
function mib(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MiB`;
}

/** What to say when the text was not read because it is longer than the explainer reads. */
export function tooLargeText(t: { chars: number; limit: number }): string {
  return `logs: ${mib(t.chars)} of text is too large; mm2-doctor reads at most ${mib(t.limit)}. Send the part around the failure, e.g. kubectl logs --since=1h <pod>, or grep -B5 -A40 for ERROR, MirrorCheckpoint and "consumer groups".`;
}

function section(out: string[], heading: string, entries: LogEntry[], max: number, details: (e: LogEntry) => (string | undefined)[]): void {
  if (!entries.length) return;
  out.push('', heading);
  for (const e of entries.slice(0, max)) {
    out.push(`  - ${line(e)}`);
    for (const d of details(e)) if (d) out.push(`      ${d}`);
  }
  if (entries.length > max) out.push(`  … and ${entries.length - max} more`);
}

function line(e: LogEntry): string {
  const times = e.count > 1 ? ` (x${e.count}${span(e.first, e.last)})` : e.first ? ` (${clock(e.first)})` : '';
  const groups = e.groups?.length ? `: ${e.groups.slice(0, 5).join(', ')}${e.groups.length > 5 ? ', …' : ''}` : '';
  const exc = e.exceptions?.length && !e.title.includes(e.exceptions[0] ?? '') ? ` [${e.exceptions.join(', ')}]` : '';
  return `${e.title}${groups}${exc}${times}`;
}

function span(first?: string, last?: string): string {
  if (!first || !last) return '';
  return first === last ? `, ${clock(first)}` : `, ${clock(first)}-${clock(last)}`;
}

/** `10:42:01` from a normalised timestamp. */
function clock(ts: string): string {
  const t = ts.length > 12 && ts.charAt(4) === '-' ? ts.slice(11) : ts;
  return t.slice(0, 8);
}

/** `42 disconnects from node 1 over 12 minutes, peak 9/min at 10:42`, or undefined when calm. */
export function networkSentence(n: NetworkSummary): string | undefined {
  if (n.disconnects === 0 && n.timeouts === 0) return undefined;
  const nodes = Object.entries(n.byNode).sort((a, b) => b[1] - a[1]);
  let where = '';
  if (nodes.length === 1 && nodes[0]) where = ` from node ${nodes[0][0]}`;
  else if (nodes.length > 1) where = ` (${nodes.slice(0, 4).map(([node, c]) => `node ${node}: ${c}`).join(', ')}${nodes.length > 4 ? ', …' : ''})`;
  const minutes = n.first && n.last ? minutesBetween(n.first, n.last) : undefined;
  const over = minutes !== undefined ? ` over ${minutes} minute${minutes === 1 ? '' : 's'}` : '';
  const peak = n.perMinute.reduce<{ minute: string; count: number } | undefined>((p, m) => (!p || m.count > p.count ? m : p), undefined);
  const peakText = peak && n.perMinute.length > 1 ? `, peak ${peak.count}/min at ${clock(peak.minute.length > 5 ? peak.minute.slice(11) : peak.minute)}` : '';
  const drops = `${n.disconnects} disconnect${n.disconnects === 1 ? '' : 's'}${where}${over}${peakText}`;
  const timeouts = n.timeouts ? `; ${n.timeouts} timeout${n.timeouts === 1 ? '' : 's'}` : '';
  return `${drops}${timeouts}`;
}

/** Whole minutes from the first to the last drop, at least 1. */
function minutesBetween(first: string, last: string): number {
  const a = toMs(minuteOf(first));
  const b = toMs(minuteOf(last));
  if (a === undefined || b === undefined) return 1;
  return Math.max(1, Math.round((b - a) / 60_000) + 1);
}

function toMs(minute: string): number | undefined {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2}) )?(\d{2}):(\d{2})$/.exec(minute);
  if (!m) return undefined;
  return Date.UTC(Number(m[1] ?? 1970), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4]), Number(m[5]));
}
