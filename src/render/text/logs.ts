/**
 * Plain-text terminal summary of a {@link LogExplanation}: causes, red herrings with the reason
 * they are harmless, one network sentence, evidence. Pure: returns a string.
 */
import type { LogEntry, LogExplanation } from '../../model/log-explanation.ts';
import { clock, networkSentence } from '../words/logs.ts';

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
  const max = options.maxPerSection ?? 8;
  const samples = options.samples ?? true;
  const out: string[] = [];
  const mirrors = x.mentionedMirrors.length ? `; mirrors ${x.mentionedMirrors.join(', ')}` : '';
  const version = x.kafkaVersion ? `; Kafka ${x.kafkaVersion}` : '';
  out.push(`logs: ${x.lines} lines, ${x.parsed} log records${mirrors}${version}`);
  const of = (kind: LogEntry['kind']) => x.entries.filter((e) => e.kind === kind);

  section(out, 'cause', of('cause'), max, (e) => [e.reason, samples ? `log: ${e.sample}` : undefined]);
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
