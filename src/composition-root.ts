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
import type { ScheduleControl } from './runtime/command.ts';

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

/** `mm2-doctor shell` and `mm2-doctor serve`, for src/cli.ts; resolves with the exit code. */
export async function runAdapter(cmd: 'shell' | 'serve', config: AppConfig, io: { err(line: string): void }): Promise<number> {
  const doctor = createDoctor(config);
  const stateDir = slackConfigOf(config).stateDir;
  if (cmd === 'shell') {
    const history = await shellSchedules(config, doctor, stateDir);
    try {
      return await runShell({ doctor: history.doctor, config, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, schedules: history.control });
    } finally {
      await history.close();
      await doctor.close();
    }
  }
  let serving: Serving | undefined;
  let schedules: BotSchedules | undefined;
  try {
    // History records every diagnosis; digests and alerts start once the app has its Web API client.
    schedules = await botSchedules(config, doctor, stateDir);
    serving = await serve(config, schedules.doctor, { schedules: schedules.control });
    await schedules.start(serving.bot.app.client, serving.bot.redactor, serving.bot.app.logger);
  } catch (error) {
    await serving?.stop();
    await schedules?.stop().catch(() => undefined);
    await doctor.close();
    io.err(`mm2-doctor serve: ${(error as Error).message}`);
    return 3;
  }
  await serving.stopped;
  await schedules.stop();
  return 0;
}
