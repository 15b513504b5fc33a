/**
 * The product's one entry point for every adapter (CLI, shell, Slack commands, threads, digests):
 * resolve a mirror the user named, gather its facts, run the checks, and return the report with
 * what renderers need to fill in the troubleshooting steps.
 */
import type { FailoverReadiness } from './failover.ts';
import type { Facts } from './facts.ts';
import type { ProgressListener } from './progress.ts';
import type { Report } from './report.ts';
import type { RunbookContext } from './runbook-context.ts';

/** One configured mirror, as users name it: `svl` (its source alias) or `svl->confluent`. */
export interface MirrorRef {
  /** Canonical name, `<source>-><target>`. */
  name: string;
  sourceAlias: string;
  targetAlias: string;
}

export interface DiagnoseOptions {
  /** MM2 / Connect log text to explain alongside (pasted in a thread, `--logs FILE`). */
  logsText?: string;
  /** Where the logs came from, for the report (`thread`, a file name). */
  logsOrigin?: string;
  /**
   * Reuse this mirror's last gathering when it finished at most this many ms ago (watches, alerts
   * and digests asking again within seconds); the diagnosis says how old it is in `ageMs`.
   * Without it the mirror is gathered afresh, or the gathering already in flight is joined.
   */
  maxAgeMs?: number;
  /**
   * Told each stage while the mirror is gathered: a caller that joins a gathering in flight hears
   * its latest stage at once, then the rest; a reused diagnosis reports none.
   */
  onProgress?: ProgressListener;
}

export interface Diagnosis {
  report: Report;
  facts: Facts;
  /** Fills the report's troubleshooting steps (bootstrap, command-config hint, Strimzi paths). */
  runbook: RunbookContext;
  /** Where each checkpointed group would resume on the target (src/doctor/failover.ts); set by the real Doctor. */
  failover?: FailoverReadiness;
  /**
   * How old the facts are, in ms, when this was returned: about 0 for a fresh gathering, more when
   * the call joined a gathering in flight or `maxAgeMs` reused a recent one. Set by createDoctor.
   */
  ageMs?: number;
}

/** A wrong mirror name, bad arguments: the only error whose message is shown to users verbatim. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Doctor {
  mirrors(): MirrorRef[];
  /** Resolves `svl` or `svl->confluent` (pure); throws UsageError with a did-you-mean otherwise. */
  resolve(name: string): MirrorRef;
  /** Read-only diagnosis of one resolved mirror; never throws for cluster trouble (that is a finding). */
  diagnose(mirror: MirrorRef, opts?: DiagnoseOptions): Promise<Diagnosis>;
  close(): Promise<void>;
}

/** How old a reused diagnosis's facts are; undefined when it was gathered for this caller (its age is its own gathering time). */
export function reusedAge(d: Diagnosis): number | undefined {
  const age = d.ageMs ?? 0;
  return age - d.report.durationMs >= 1000 ? age : undefined;
}
