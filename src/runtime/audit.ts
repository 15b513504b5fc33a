/**
 * One structured audit line per command: who, where, what, which mirror, the verdict, how long.
 * JSON on one line so log pipelines index it; arguments are kept short and pasted text is counted,
 * never copied, so log excerpts and secrets stay out of the audit trail.
 */
import type { Verdict } from '../model/finding.ts';
import { verdictOf, type CommandResult } from './command.ts';
import type { Redactor } from './redact.ts';

export type AuditOutcome = 'ok' | 'usage' | 'denied' | 'error';

/** The audit record of one command. */
export interface AuditRecord {
  ts: string;
  transport: 'slack' | 'shell';
  /** How it arrived: `command` (/mm2), `button`, `mention`, `shell`. */
  via: string;
  user: string;
  channel: string;
  thread?: string;
  command: string | null;
  args: string[];
  /** Characters of text pasted after the arguments (log lines), never the text itself. */
  pastedChars?: number;
  mirror: string | null;
  outcome: AuditOutcome;
  verdict: Verdict | null;
  rootCause: string | null;
  durationMs: number;
  /** Reference of the logged internal error, when outcome is `error`. */
  errorRef?: string;
}

/** What the caller knows of a command; verdict and root cause are read from its result. */
export type AuditFacts = Omit<AuditRecord, 'verdict' | 'rootCause'>;

/** The audit record of a command and its result (the one place a record is put together). */
export function auditRecord(facts: AuditFacts, result: CommandResult): AuditRecord {
  const { durationMs, errorRef, ...head } = facts;
  const root = 'diagnosis' in result ? result.diagnosis.report.rootCause : null;
  return { ...head, verdict: verdictOf(result), rootCause: root?.code ?? null, durationMs, ...(errorRef ? { errorRef } : {}) };
}

/** Receives audit records. */
export type AuditSink = (record: AuditRecord) => void;

const MAX_ARGS = 6;
const MAX_ARG = 120;

/** Arguments as they go into an audit line: at most 6, each at most 120 characters. */
export function auditArgs(args: readonly string[]): string[] {
  return args.slice(0, MAX_ARGS).map((a) => (a.length > MAX_ARG ? `${a.slice(0, MAX_ARG)}…` : a));
}

/** An audit sink writing `{"audit":"mm2-doctor",…}` JSON lines, redacted. */
export function jsonLineAudit(write: (line: string) => void, redactor: Redactor): AuditSink {
  return (record) => write(redactor.text(JSON.stringify({ audit: 'mm2-doctor', ...record })));
}
