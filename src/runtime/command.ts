/**
 * The transport-neutral command contract. A command module (in `commands/`) parses its arguments
 * and returns a {@link CommandResult}: data, never a chat message. The Slack and shell adapters run
 * the same modules through {@link runCommand} and render the result their own way.
 */
import type { Diagnosis, Doctor, MirrorRef } from '../model/diagnosis.ts';
import type { FailoverReadiness } from '../model/failover.ts';
import type { Verdict } from '../model/finding.ts';
import { worstVerdict } from '../model/verdict.ts';
import type { LogExplanation } from '../model/log-explanation.ts';
import type { QuietState } from '../model/report.ts';
import type { VerdictChange } from '../monitor/changes.ts';
import type { Digest } from '../monitor/digest.ts';
import type { Activity } from '../monitor/home.ts';
import type { WatchTally } from '../monitor/watch.ts';

/** One subcommand as the registry and `help` know it. */
export interface CommandInfo {
  name: string;
  aliases: readonly string[];
  /** Argument synopsis after the name: `<mirror> [group]`. */
  usage: string;
  /** One line: what it answers. */
  summary: string;
  /** Longer help shown by `help <name>`, one line per entry. */
  details?: readonly string[];
  /** Takes pasted text (log lines): its arguments are content, so audit lines count them instead. */
  takesText?: boolean;
}

/**
 * What a command needs done before and while it runs, decided from its arguments. A command about
 * a mirror names it; the runner resolves that name once, checks access, and hands the resolved
 * {@link MirrorRef} to `progress` and `run`.
 */
export type Prepared =
  | {
      /** The mirror as the user named it (`svl`, `svl->confluent`). */
      mirror: string;
      /** Placeholder while it runs ("Diagnosing svl->confluent…"); absent for instant commands. */
      progress?: (mirror: MirrorRef) => string;
      run(ctx: CommandContext, mirror: MirrorRef): Promise<CommandResult>;
    }
  | {
      mirror?: undefined;
      progress?: () => string;
      run(ctx: CommandContext): Promise<CommandResult>;
    };

/** A subcommand: `prepare` validates arguments (throwing `UsageError`) and captures them. */
export interface Command extends CommandInfo {
  prepare(args: readonly string[], rest: string): Prepared;
}

/** Starts and stops watches; present only where watch replies have a home (a Slack thread). */
export interface WatchControl {
  start(req: { mirror: MirrorRef; durationMs: number; baseline: Diagnosis }): Promise<WatchInfo>;
  /** Stops the watches of this thread; returns how many. */
  stopHere(): Promise<number>;
}

/** A watch as shown to users. */
export interface WatchInfo extends Pick<WatchTally, 'mirror' | 'startedAt' | 'endsAt' | 'intervalMs'> {
  id: string;
}

/** A digest shown privately: the digest model, rendered by each adapter its own way. */
export interface DigestPreview {
  digest: Digest;
  /** The channel `digest now` would post it to. */
  channel: string;
}

/** A digest posted on request. */
export interface DigestPosted {
  digest: Digest;
  channel: string;
  /** The posted message. */
  ts: string;
}

/** Digests on request (src/schedule/control.ts). */
export interface DigestControl {
  /** Configured digest names. */
  names(): string[];
  /** Builds a digest without posting it. */
  preview(name?: string): Promise<DigestPreview>;
  /** Posts a digest to its channel now. */
  postNow(name?: string): Promise<DigestPosted>;
}

/** A mirror's verdict changes as `/mm2 history` shows them. */
export interface HistoryView {
  /** Newest first. */
  changes: VerdictChange[];
  /** Diagnoses the changes were taken from. */
  entries: number;
  /** The oldest of them; `null` when there is none. */
  since: number | null;
}

/** The schedules and history a command may use; each part is absent where it does not run. */
export interface ScheduleControl {
  digests?: DigestControl;
  history?(mirror: string, limit: number): Promise<HistoryView>;
  /** The last digest posts and open alert incidents, for the App Home (src/schedule/activity.ts). */
  activity?(): Promise<Activity>;
}

/** Everything a command may use. */
export interface CommandContext {
  doctor: Doctor;
  /** Mirrors this caller may ask about (for `status`). */
  visible(mirror: MirrorRef): boolean;
  explainLogs(text: string): LogExplanation;
  commands: readonly CommandInfo[];
  watch?: WatchControl;
  /** Digests on request and history; absent where they do not run. */
  schedules?: ScheduleControl;
  /** Log text that came with the request (an incident thread); diagnoses explain it alongside. */
  logs?: { text: string; origin: string };
  transport: 'slack' | 'shell';
  now(): number;
  /** Logs an unexpected error and returns the reference to show instead. */
  logError(error: unknown): string;
}

/** One row of `status`. */
export interface StatusRow {
  mirror: MirrorRef;
  verdict: Verdict;
  rootCause: { code: string; title: string } | null;
  /** Without a root cause: pending, checkpoints flowing, or neither (absent when the diagnosis failed). */
  quiet?: QuietState;
  counts: { critical: number; warning: number; info: number };
  durationMs: number;
  /** Set when the diagnosis itself failed (an internal error, with its log reference). */
  errorRef?: string;
}

/** One source group as the checkpoint connector sees it. */
export interface GroupRow {
  group: string;
  /** Group state on the source (`Stable`, `Empty`), or `absent` when only checkpoints name it. */
  state: string;
  checkpointed: boolean;
  /** Age of the newest checkpoint for the group, when there is one. */
  lastCheckpointAgeMs?: number;
  /** Findings that name the group, or the mirror-wide root cause when none does. */
  reasons: { code: string; title: string; mirrorWide?: boolean }[];
}

/** The newest checkpoint of one group/topic/partition. */
export interface CheckpointRow {
  group: string;
  topic: string;
  partition: number;
  upstreamOffset: bigint;
  downstreamOffset: bigint;
  ageMs: number;
}

/** The results of the digest and history commands. */
export type ScheduleResult =
  | { kind: 'digest'; action: 'preview'; preview: DigestPreview }
  | ({ kind: 'digest'; action: 'posted' } & DigestPosted)
  | { kind: 'history'; mirror: string; view: HistoryView };

/** The data a command returns; each adapter renders every kind. */
export type CommandResult =
  | { kind: 'diagnosis'; diagnosis: Diagnosis }
  | { kind: 'status'; rows: StatusRow[]; hidden: number }
  | { kind: 'groups'; diagnosis: Diagnosis; rows: GroupRow[]; unavailable?: string }
  | { kind: 'checkpoints'; diagnosis: Diagnosis; group?: string; rows: CheckpointRow[]; unavailable?: string; truncated: boolean; corrupt: number }
  | { kind: 'failover'; diagnosis: Diagnosis; readiness: FailoverReadiness; group?: string }
  | { kind: 'logs'; explanation: LogExplanation }
  | { kind: 'watch'; watch: WatchInfo; diagnosis: Diagnosis }
  | { kind: 'watch-stopped'; stopped: number }
  | { kind: 'help'; commands: readonly CommandInfo[]; mirrors: string[]; topic?: CommandInfo; problem?: string }
  | { kind: 'denied'; reason: string }
  | { kind: 'error'; ref: string }
  | ScheduleResult;

/** The verdict a result carries, for audit lines and status summaries. */
export function verdictOf(result: CommandResult): Verdict | null {
  switch (result.kind) {
    case 'diagnosis':
    case 'groups':
    case 'checkpoints':
    case 'failover':
    case 'watch':
      return result.diagnosis.report.verdict;
    case 'status':
      return worstVerdict(result.rows.map((r) => r.verdict));
    default:
      return null;
  }
}
