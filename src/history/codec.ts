/**
 * The history file format: one entry per line, `<crc32 as 8 hex digits> <JSON>\n`. The checksum
 * covers the JSON text, so a line cut short by a crash (a torn write) or damaged later is detected
 * and skipped instead of being read as a wrong entry. A last line without its newline is torn: its
 * append never finished, so it was never acknowledged.
 */
import { crc32 } from 'node:zlib';
import { FINDING_CODES, type FindingCode, type Verdict } from '../model/finding.ts';
import { VERDICT_ORDER } from '../model/verdict.ts';
import type { HistoryEntry, HistoryOrigin } from './entry.ts';

const ORIGINS: readonly HistoryOrigin[] = ['command', 'digest', 'alert', 'watch', 'chat', 'cli'];
const CODES: ReadonlySet<string> = new Set(FINDING_CODES);

function checksum(json: string): string {
  return crc32(json).toString(16).padStart(8, '0');
}

/** The line for `entry`, newline included. */
export function encodeEntry(entry: HistoryEntry): string {
  const json = JSON.stringify(entry);
  return `${checksum(json)} ${json}\n`;
}

/** Why a line was skipped. */
export type LineProblem = 'checksum' | 'syntax' | 'shape';

/** A decoded line: the entry, or why it is not one. */
export type DecodedLine = { ok: true; entry: HistoryEntry } | { ok: false; problem: LineProblem };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks the parsed JSON has the shape of a {@link HistoryEntry} (codes unknown to this version are dropped). */
function asEntry(v: unknown): HistoryEntry | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.mirror !== 'string' || !isNum(o.at) || !isNum(o.durationMs)) return undefined;
  if (!VERDICT_ORDER.includes(o.verdict as Verdict) || !ORIGINS.includes(o.origin as HistoryOrigin)) return undefined;
  if (o.rootCause !== null && typeof o.rootCause !== 'string') return undefined;
  if (!Array.isArray(o.findings) || !o.findings.every((f) => typeof f === 'string')) return undefined;
  if (o.progress !== undefined && (typeof o.progress !== 'object' || o.progress === null)) return undefined;
  return {
    mirror: o.mirror,
    at: o.at,
    verdict: o.verdict as Verdict,
    rootCause: typeof o.rootCause === 'string' && CODES.has(o.rootCause) ? (o.rootCause as FindingCode) : null,
    findings: (o.findings as string[]).filter((f): f is FindingCode => CODES.has(f)),
    durationMs: o.durationMs,
    origin: o.origin as HistoryOrigin,
    ...(o.progress !== undefined && { progress: o.progress as HistoryEntry['progress'] }),
  };
}

/** Decodes one line (without its newline). */
export function decodeLine(line: string): DecodedLine {
  const m = /^([0-9a-f]{8}) (.*)$/s.exec(line);
  if (!m) return { ok: false, problem: 'syntax' };
  const [, sum, json] = m as unknown as [string, string, string];
  if (checksum(json) !== sum) return { ok: false, problem: 'checksum' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'syntax' };
  }
  const entry = asEntry(parsed);
  return entry ? { ok: true, entry } : { ok: false, problem: 'shape' };
}

/** A whole history file, decoded. */
export interface DecodedLog {
  entries: HistoryEntry[];
  /** Complete lines that did not decode (1-based line numbers). */
  skipped: { line: number; problem: LineProblem }[];
  /** Bytes after the last newline: an append the crash cut short. */
  tornBytes: number;
  /** Length of the file up to and including its last newline: where appends continue. */
  goodLength: number;
}

/** Decodes a history file's bytes; never throws. */
export function decodeLog(bytes: Buffer): DecodedLog {
  const goodLength = bytes.lastIndexOf(0x0a) + 1;
  const entries: HistoryEntry[] = [];
  const skipped: DecodedLog['skipped'] = [];
  const lines = bytes.subarray(0, goodLength).toString('utf8').split('\n');
  lines.pop(); // after the last newline
  lines.forEach((line, i) => {
    if (line === '') return;
    const d = decodeLine(line);
    if (d.ok) entries.push(d.entry);
    else skipped.push({ line: i + 1, problem: d.problem });
  });
  return { entries, skipped, tornBytes: bytes.length - goodLength, goodLength };
}
