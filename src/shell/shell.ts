/**
 * The local chat shell: the `/mm2` commands in a terminal, run by the same command modules and
 * runner as the Slack bot. `/mm2 diagnose svl` and `diagnose svl` both work; `explain` alone reads
 * pasted log lines until an empty line; `exit` or end of input quits.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createAccessPolicy } from '../runtime/access.ts';
import type { AuditSink } from '../runtime/audit.ts';
import { createRedactor } from '../runtime/redact.ts';
import type { CommandRegistry } from '../runtime/registry.ts';
import { runCommand, type RunnerDeps } from '../runtime/runner.ts';
import { splitCommand } from '../runtime/text.ts';
import type { Doctor } from '../model/diagnosis.ts';
import { explainLogs as defaultExplainLogs } from '../logs/explain.ts';
import type { LogExplanation } from '../model/log-explanation.ts';
import { renderText } from '../render/text/results.ts';
import { PASTE_LOGS, shellBanner } from '../render/text/shell.ts';
import type { ScheduleControl } from '../runtime/command.ts';

/** Options of {@link startShell}. */
export interface ShellOptions {
  doctor: Doctor;
  registry: CommandRegistry;
  input: Readable;
  output: Writable;
  /** Show a prompt and the banner (a terminal); off for piped input. */
  interactive?: boolean;
  audit?: AuditSink;
  /** Secret values to keep out of the output. */
  secrets?: readonly string[];
  explainLogs?: (text: string) => LogExplanation;
  /** Where internal errors are written (default: the output). */
  errors?: Writable;
  user?: string;
  /** History for `history` (src/schedule/bot.ts `shellSchedules`). */
  schedules?: ScheduleControl;
}

const PROMPT = 'mm2> ';

/** Runs the shell until `exit` or end of input; resolves with an exit code (0). */
export async function startShell(opts: ShellOptions): Promise<number> {
  const { output } = opts;
  const redactor = createRedactor(opts.secrets ?? []);
  const write = (s: string) => output.write(redactor.text(s));
  const user = opts.user ?? safeUser();
  const deps: RunnerDeps = {
    doctor: opts.doctor,
    registry: opts.registry,
    // The shell runs with the config's owner: local access is the file's access.
    policy: createAccessPolicy(undefined),
    audit: opts.audit ?? (() => undefined),
    explainLogs: opts.explainLogs ?? defaultExplainLogs,
    redactor,
    logError: (ref, message) => (opts.errors ?? output).write(redactor.text(`internal error ref=${ref}: ${message}\n`)),
    ...(opts.schedules ? { schedules: opts.schedules } : {}),
  };
  const rl = createInterface({ input: opts.input, ...(opts.interactive ? { output, prompt: PROMPT } : {}), terminal: opts.interactive ?? false });
  const run = async (text: string) => {
    const outcome = await runCommand({ text, transport: 'shell', via: 'shell', user, channel: 'shell', onProgress: async (t) => void write(`${t}\n`) }, deps);
    write(renderText(outcome.result));
  };
  if (opts.interactive) write(shellBanner(opts.doctor.mirrors()));
  rl.prompt();
  let pasting: string[] | null = null;
  for await (const line of rl) {
    if (pasting) {
      if (line.trim() === '' || line.trim() === '.') {
        const text = pasting.join('\n');
        pasting = null;
        await run(`explain\n${text}`);
      } else pasting.push(line);
      rl.prompt();
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') {
      rl.prompt();
      continue;
    }
    if (/^(exit|quit|\\q)$/i.test(trimmed)) break;
    const { name, args } = splitCommand(trimmed);
    if (name === 'explain' && args.length === 0) {
      pasting = [];
      if (opts.interactive) write(PASTE_LOGS);
      continue;
    }
    await run(trimmed);
    rl.prompt();
  }
  if (pasting && pasting.length > 0) await run(`explain\n${pasting.join('\n')}`);
  rl.close();
  return 0;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'shell';
  }
}
