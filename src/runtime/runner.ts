/**
 * The one pipeline every chat adapter runs a command through: sanitize and split the text, look
 * the command up, check access, resolve the mirror, show progress, run, and write one audit line.
 * Bad input becomes usage help and unexpected errors become a reference, never a stack trace.
 */
import { randomBytes } from 'node:crypto';
import { resolveMirror } from '../config/resolve-mirror.ts';
import { UsageError, type Doctor, type MirrorRef } from '../model/diagnosis.ts';
import type { LogExplanation } from '../model/log-explanation.ts';
import type { ProgressListener } from '../model/progress.ts';
import type { AccessPolicy, Caller } from './access.ts';
import { auditArgs, auditRecord, type AuditOutcome, type AuditSink } from './audit.ts';
import type { Command, CommandContext, CommandResult, ScheduleControl, WatchControl } from './command.ts';
import type { Redactor } from './redact.ts';
import type { CommandRegistry } from './registry.ts';
import { quoteToken, splitCommand } from './text.ts';

/** Who runs a command and how the adapter reaches them. */
export interface RunRequest {
  text: string;
  transport: 'slack' | 'shell';
  via: string;
  user: string;
  channel: string;
  thread?: string;
  /** The caller's user groups among `policy.usergroups` (looked up only when rules name groups). */
  groups?: () => Promise<ReadonlySet<string>>;
  watch?: WatchControl;
  /** Log text that came with the request (a thread), handed to diagnoses. */
  logs?: { text: string; origin: string };
  /** Called once before a slow command runs, with its placeholder text. */
  onProgress?: (text: string) => Promise<void>;
  /** Told each stage of the diagnoses the command runs (src/model/progress.ts), after `onProgress`. */
  onStage?: ProgressListener;
}

/** What the runner needs; one per adapter instance. */
export interface RunnerDeps {
  doctor: Doctor;
  registry: CommandRegistry;
  policy: AccessPolicy;
  audit: AuditSink;
  explainLogs(text: string): LogExplanation;
  redactor: Redactor;
  /** Where internal errors go, with their reference; already redacted. */
  logError(ref: string, message: string): void;
  now?: () => number;
  /** Digests and history for `/mm2 digest` and `/mm2 history`. */
  schedules?: ScheduleControl;
}

/** The result and what the adapter needs to offer Re-run and Share. */
export interface RunOutcome {
  result: CommandResult;
  /** The command as text, canonical mirror name included (`diagnose svl->confluent`); null for unknown input. */
  commandText: string | null;
  command: string | null;
  mirror: MirrorRef | null;
}

/** A short id that ties a user-visible error to its log line. */
export function errorRef(): string {
  return randomBytes(4).toString('hex');
}

/** Logs an unexpected error (redacted) and returns the reference users see. */
function logInternal(deps: RunnerDeps, error: unknown): string {
  const ref = errorRef();
  deps.logError(ref, deps.redactor.text(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  return ref;
}

interface Executed {
  result: CommandResult;
  outcome: AuditOutcome;
  mirror: MirrorRef | null;
  commandText: string | null;
  errorRef?: string;
}

async function execute(req: RunRequest, deps: RunnerDeps, command: Command | undefined, word: string | undefined, args: string[], rest: string): Promise<Executed> {
  let mirror: MirrorRef | null = null;
  let commandText: string | null = null;
  let caller: Caller = { user: req.user, channel: req.channel, groups: new Set<string>() };
  try {
    if (deps.policy.usergroups.length > 0 && req.groups) caller = { ...caller, groups: await req.groups() };
    if (!command) throw new UsageError(`Unknown command \`${word ?? ''}\`.`);
    const use = deps.policy.mayUse(caller, command.name);
    if (!use.allowed) return { result: { kind: 'denied', reason: use.reason }, outcome: 'denied', mirror, commandText };
    const prepared = command.prepare(args, rest);
    const ctx: CommandContext = {
      doctor: req.onStage ? reporting(deps.doctor, req.onStage) : deps.doctor,
      visible: (m) => deps.policy.mayAsk(caller, command.name, m).allowed,
      explainLogs: deps.explainLogs,
      commands: deps.registry.info(),
      transport: req.transport,
      now: deps.now ?? Date.now,
      logError: (e) => logInternal(deps, e),
      ...(req.watch ? { watch: req.watch } : {}),
      ...(req.logs ? { logs: req.logs } : {}),
      ...(deps.schedules ? { schedules: deps.schedules } : {}),
    };
    if (prepared.mirror === undefined) {
      commandText = [command.name, ...args.map(quoteToken)].join(' ');
      if (prepared.progress && req.onProgress) await req.onProgress(prepared.progress());
      return { result: await prepared.run(ctx), outcome: 'ok', mirror, commandText };
    }
    // The one place a mirror name is resolved; commands and the doctor take the MirrorRef.
    const resolved = resolveFor(deps, caller, command.name, prepared.mirror);
    mirror = resolved;
    const ask = deps.policy.mayAsk(caller, command.name, resolved);
    if (!ask.allowed) return { result: { kind: 'denied', reason: ask.reason }, outcome: 'denied', mirror, commandText };
    commandText = [command.name, ...args.map((a) => (a === prepared.mirror ? resolved.name : quoteToken(a)))].join(' ');
    if (prepared.progress && req.onProgress) await req.onProgress(prepared.progress(resolved));
    return { result: await prepared.run(ctx, resolved), outcome: 'ok', mirror, commandText };
  } catch (error) {
    if (error instanceof UsageError) {
      const topic = command ? deps.registry.info().find((c) => c.name === command.name) : undefined;
      const mirrors = deps.doctor.mirrors().filter((m) => deps.policy.mayAsk(caller, 'help', m).allowed).map((m) => m.name);
      return { result: { kind: 'help', commands: deps.registry.info(), mirrors, problem: error.message, ...(topic ? { topic } : {}) }, outcome: 'usage', mirror, commandText };
    }
    const ref = logInternal(deps, error);
    return { result: { kind: 'error', ref }, outcome: 'error', mirror, commandText, errorRef: ref };
  }
}

/** `doctor`, its diagnoses telling `onStage` their stages as well as any listener of their own. */
function reporting(doctor: Doctor, onStage: ProgressListener): Doctor {
  return {
    mirrors: () => doctor.mirrors(),
    resolve: (name) => doctor.resolve(name),
    diagnose: (mirror, opts = {}) => {
      const own = opts.onProgress;
      const both: ProgressListener = (p) => {
        onStage(p);
        own?.(p);
      };
      return doctor.diagnose(mirror, { ...opts, onProgress: own ? both : onStage });
    },
    close: () => doctor.close(),
  };
}

/**
 * The mirror `name` names. When it names none (or several) among all mirrors, it is looked up
 * among those the caller may ask about: a name unique there means that one, and an error lists and
 * suggests only those, so no reply names a mirror the access rules hide from the caller.
 */
function resolveFor(deps: RunnerDeps, caller: Caller, command: string, name: string): MirrorRef {
  try {
    return deps.doctor.resolve(name);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const all = deps.doctor.mirrors();
    const visible = all.filter((m) => deps.policy.mayAsk(caller, command, m).allowed);
    const label = visible.length === all.length ? 'Configured' : 'Mirrors you may ask about';
    const r = resolveMirror({ mirrors: visible.map((m) => ({ id: m.name, source: m.sourceAlias, target: m.targetAlias, ref: m })) }, name, label);
    if (r.ok) return r.mirror.ref;
    throw new UsageError(r.message);
  }
}

/** Runs one command end to end; never throws. */
export async function runCommand(req: RunRequest, deps: RunnerDeps): Promise<RunOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { name, args, rest } = splitCommand(req.text);
  const command = deps.registry.find(name ?? 'help');
  const done = await execute(req, deps, command, name, args, rest);
  const { result, mirror } = done;
  deps.audit(deps.redactor.deep(auditRecord({
    ts: new Date(started).toISOString(),
    transport: req.transport,
    via: req.via,
    user: req.user,
    channel: req.channel,
    ...(req.thread ? { thread: req.thread } : {}),
    command: command?.name ?? null,
    ...(command?.takesText ? { args: [], pastedChars: rest.length } : { args: auditArgs(args) }),
    mirror: mirror?.name ?? null,
    outcome: done.outcome,
    durationMs: now() - started,
    ...(done.errorRef ? { errorRef: done.errorRef } : {}),
  }, result)));
  return { result, commandText: done.commandText, command: command?.name ?? null, mirror };
}
