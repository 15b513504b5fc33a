/**
 * The composition root of the chat adapters: the one file in src/ that imports commands/. It hands
 * the command registry to the Slack bot (`serve`) and the terminal shell (`runShell`), and is what
 * `mm2-doctor serve` and `mm2-doctor shell` run (src/cli.ts → runAdapter).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { COMMANDS } from '../commands/index.ts';
import { jsonLineAudit, type AuditSink } from './runtime/audit.ts';
import { collectSecrets, createRedactor } from './runtime/redact.ts';
import { createRegistry, type CommandRegistry } from './runtime/registry.ts';
import type { AppConfig } from './config-sections.ts';
import { createDoctor } from './doctor/create-doctor.ts';
import type { Doctor } from './model/diagnosis.ts';
import { slackConfigOf, type BotConfig } from './slack/config.ts';
import type { ServeOptions, Serving } from './slack/serve.ts';
import { startShell } from './shell/shell.ts';
import { botSchedules, shellSchedules, type BotSchedules } from './schedule/bot.ts';
import { createLog, type LogFormat } from './observe/log.ts';
import { BotMetrics, measuredDoctor } from './observe/metrics.ts';
import { METRICS_DEFAULTS } from './observe/config.ts';
import { startMetricsRefresh } from './observe/refresh.ts';
import { MONITOR_DEFAULTS, reusingDoctor } from './monitor/reuse.ts';
import { verdictOf, type CommandResult, type ScheduleControl } from './runtime/command.ts';
import { createAccessPolicy } from './runtime/access.ts';
import { runCommand } from './runtime/runner.ts';
import { explainLogs } from './logs/explain.ts';
import type { Verdict } from './model/finding.ts';

/** A loaded config, with the chat sections when the file has them. */
export type ChatConfig = BotConfig;

/** The registry of every `/mm2` subcommand (throws at start-up on a duplicate name). */
export function commandRegistry(): CommandRegistry {
  return createRegistry(COMMANDS);
}

/**
 * Starts the Slack bot for `config`, diagnosing with `doctor`; stops on SIGTERM/SIGINT. Bolt (and
 * everything under it) loads here, only for `serve`: the shell and the CLI never pay for it.
 */
export async function serve(config: ChatConfig, doctor: Doctor, opts: ServeOptions = {}): Promise<Serving> {
  const { serveSlack } = await import('./slack/serve.ts');
  return serveSlack(config, doctor, commandRegistry(), opts);
}

/** Options of {@link runShell}. */
export interface RunShellOptions {
  doctor: Doctor;
  config: ChatConfig;
  input: Readable;
  output: Writable;
  interactive?: boolean;
  /** Default: JSON lines on stderr for piped use, `<stateDir>/shell-audit.log` in a terminal. */
  audit?: AuditSink;
  errors?: Writable;
  /** History for `history`. */
  schedules?: ScheduleControl;
}

/** Runs the `/mm2` commands in a terminal until `exit` or end of input. */
export async function runShell(opts: RunShellOptions): Promise<number> {
  const secrets = await collectSecrets(opts.config);
  const redactor = createRedactor(secrets);
  const audit = opts.audit ?? jsonLineAudit(opts.interactive ? fileWriter(path.join(slackConfigOf(opts.config).stateDir, 'shell-audit.log')) : (l) => process.stderr.write(`${l}\n`), redactor);
  return startShell({ ...opts, registry: commandRegistry(), audit, secrets });
}

function fileWriter(file: string): (line: string) => void {
  return (line) => {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
  };
}

/** Options of {@link runAdapter}. */
export interface AdapterOptions {
  /** `json`: one JSON object a line on stdout (`--log-format json`). */
  logFormat?: LogFormat;
}

/** `mm2-doctor shell` and `mm2-doctor serve`, for src/cli.ts; resolves with the exit code. */
export async function runAdapter(cmd: 'shell' | 'serve', config: AppConfig, io: { err(line: string): void }, opts: AdapterOptions = {}): Promise<number> {
  const stateDir = slackConfigOf(config).stateDir;
  if (cmd === 'shell') {
    const doctor = createDoctor(config);
    const history = await shellSchedules(config, doctor, stateDir);
    try {
      return await runShell({ doctor: history.doctor, config, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, schedules: history.control });
    } finally {
      await history.close();
      await doctor.close();
    }
  }
  // One log for Bolt, the schedules and the audit trail; one registry for /metrics; every
  // diagnosis (commands, watches, digests, alerts, the refresh) passes the measured Doctor.
  const log = createLog({ format: opts.logFormat ?? 'text', redactor: createRedactor(await collectSecrets(config)) });
  const metricsConfig = config.metrics ?? METRICS_DEFAULTS;
  const metrics = new BotMetrics({ groupSeriesLimit: metricsConfig.groupSeriesLimit });
  const doctor = measuredDoctor(createDoctor(config), metrics);
  let serving: Serving | undefined;
  let schedules: BotSchedules | undefined;
  try {
    // History records every diagnosis; digests and alerts start once the app has its Web API client.
    schedules = await botSchedules(config, doctor, stateDir);
    serving = await serve(config, schedules.doctor, { schedules: schedules.control, log, audit: (r) => log.audit(r), metrics });
    await schedules.start(serving.bot.app.client, serving.bot.redactor, log, { onPoster: (poster) => metrics.setPoster(poster) });
  } catch (error) {
    await serving?.stop();
    await schedules?.stop().catch(() => undefined);
    await doctor.close();
    log.error(`mm2-doctor serve: ${(error as Error).message}`);
    io.err(`mm2-doctor serve: ${(error as Error).message}`);
    return 3;
  }
  const refresh = startMetricsRefresh(reusingDoctor(doctor, (config.monitor ?? MONITOR_DEFAULTS).reuseSeconds * 1000), metricsConfig.refreshSeconds, log);
  await serving.stopped;
  await refresh?.stop();
  await schedules.stop();
  return 0;
}

/** What one `/mm2` subcommand run from the CLI (`mm2-doctor groups svl --json`) printed and meant. */
export interface CliRun {
  /** The result, rendered as the shell renders it, or as JSON. */
  output: string;
  /** The verdict it carries (diagnose, groups, checkpoints, status), for the exit code. */
  verdict: Verdict | null;
  /** A usage error (unknown mirror, bad arguments): the runner answered with help and a problem. */
  usage: boolean;
  /** An internal error (its reference is in `output`). */
  failed: boolean;
}

/** Whether `name` is a `/mm2` subcommand or one of its aliases. */
export function isChatCommand(name: string): boolean {
  return commandRegistry().find(name) !== undefined;
}

/**
 * Runs one `/mm2` subcommand for the CLI through the same runner as Slack and the shell, with the
 * config owner's access (as the shell) and history recorded with origin `cli`. Progress lines go to
 * `io.err`; the caller prints `output`.
 */
export async function runChatCommand(config: AppConfig, text: string, opts: { json: boolean }, io: { err(line: string): void }): Promise<CliRun> {
  const doctor = createDoctor(config);
  const history = await shellSchedules(config, doctor, slackConfigOf(config).stateDir);
  const redactor = createRedactor(await collectSecrets(config));
  try {
    const outcome = await runCommand(
      { text, transport: 'shell', via: 'cli', user: 'cli', channel: 'cli', onProgress: async (t) => io.err(redactor.text(t)) },
      {
        doctor: history.doctor,
        registry: commandRegistry(),
        policy: createAccessPolicy(undefined),
        audit: () => undefined,
        explainLogs,
        redactor,
        logError: (ref, message) => io.err(redactor.text(`internal error ref=${ref}: ${message}`)),
        schedules: history.control,
      },
    );
    const result: CommandResult = outcome.result;
    // A usage error goes to stderr as words in both modes, as `diagnose --json` reports one: stdout
    // under --json carries only a command's JSON answer.
    const usage = result.kind === 'help' && result.problem !== undefined;
    const output =
      opts.json && !usage
        ? (await import('./render/json/results.ts')).renderResultJsonText(result)
        : (await import('./render/text/results.ts')).renderText(result, { commandPrefix: 'mm2-doctor ' });
    return { output: redactor.text(output), verdict: verdictOf(result), usage, failed: result.kind === 'error' };
  } finally {
    await history.close();
    await doctor.close();
  }
}
