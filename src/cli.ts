/**
 * `mm2-doctor` on a terminal: the same engine as the Slack bot.
 *
 *   mm2-doctor diagnose <alias | source->target> [--config FILE] [--json] [--logs FILE]
 *   mm2-doctor status | groups | checkpoints | history | … [--json]   (every /mm2 subcommand)
 *   mm2-doctor failover <alias | source->target> [--group G] [--config FILE] [--json]
 *   mm2-doctor explain-logs [FILE | -]
 *   mm2-doctor check-config [--config FILE]
 *   mm2-doctor shell | serve | start [--config FILE] [--log-format text|json]
 *
 * Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown or error; 64 for usage errors. `failover`:
 * 0 every group ready, 1 some degraded, 2 some not ready, 3 nothing to judge (no group) or error.
 * `check-config` exits 1 when the config is valid but a cluster's credentials cannot be used (an
 * unsupported authentication, an unreadable or broken certificate or key, an unset password reference).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AppConfig } from './config-sections.ts';
import type { DiagnoseOptions, Diagnosis } from './model/diagnosis.ts';
import type { FailoverReadiness } from './model/failover.ts';
import type { Verdict } from './model/finding.ts';

// Only Node's own modules load up front: each command imports what it needs when it runs, so
// `--version` and `--help` load no YAML parser, no Kafka client and no Slack SDK, and only `serve`
// loads Bolt (issue 13: `mm2-doctor --version` ≤ 150 ms as a whole process).

export const USAGE = `usage:
  mm2-doctor diagnose <alias | source->target> [--config FILE] [--json] [--logs FILE]
  mm2-doctor status [--json]                         every mirror: verdict and root cause
  mm2-doctor groups <mirror> [--json]                each source group: checkpointed, or why not
  mm2-doctor checkpoints <mirror> [group] [--json]   decoded checkpoints with their age
  mm2-doctor history <mirror> [count] [--json]       the last verdict changes
  mm2-doctor failover <alias | source->target> [--group G] [--config FILE] [--json]
  mm2-doctor explain-logs [FILE | -] [--json]        (also: explain)
  mm2-doctor watch | digest …                        as in Slack: these answer where they run (a thread, the bot)
  mm2-doctor check-config [--config FILE]
  mm2-doctor shell [--config FILE]      the /mm2 commands in a terminal
  mm2-doctor serve [--config FILE] [--log-format text|json]   the Slack bot (Socket Mode with an app token, else HTTP)
  mm2-doctor start [--config FILE] [--log-format text|json]   serve when a Slack bot token is configured, else shell
  mm2-doctor --version
config: --config, else $MM2_DOCTOR_CONFIG, else ./mm2-doctor.yaml, else .lab/mm2-doctor.yaml (npm run lab -- up)`;

export const EXIT: Record<Verdict | 'error' | 'usage', number> = { ok: 0, warning: 1, critical: 2, unknown: 3, error: 3, usage: 64 };

/** `failover`'s exit code: 0 every group ready, 1 some degraded, 2 some not ready, 3 no group to judge. */
export function failoverExit(r: FailoverReadiness, groups: number): number {
  if (groups === 0) return EXIT.unknown;
  if (r.groups.some((g) => g.readiness === 'not-ready')) return 2;
  if (r.groups.some((g) => g.readiness === 'degraded')) return 1;
  return 0;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

async function slackTokenAvailable(config: AppConfig): Promise<boolean> {
  const { slackConfigOf } = await import('./slack/config.ts');
  const { resolveSecret } = await import('./gather/secrets.ts');
  return (await resolveSecret(slackConfigOf(config).botToken)).ok;
}

/** This package's version, from the package.json above this file (src/ in development, dist/src/ when built). */
export function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mm2-doctor' && pkg.version) return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

/** Which config file to use, in the documented order. */
export function configPath(flag: string | undefined, io: Pick<Io, 'env' | 'cwd'>): string {
  if (flag) return path.resolve(io.cwd, flag);
  if (io.env.MM2_DOCTOR_CONFIG) return path.resolve(io.cwd, io.env.MM2_DOCTOR_CONFIG);
  for (const candidate of ['mm2-doctor.yaml', '.lab/mm2-doctor.yaml']) {
    const p = path.resolve(io.cwd, candidate);
    if (fs.existsSync(p)) return p;
  }
  return path.resolve(io.cwd, 'mm2-doctor.yaml');
}

async function load(flag: string | undefined, io: Io): Promise<AppConfig | undefined> {
  const file = configPath(flag, io);
  const [{ loadAppConfig }, { formatConfigError }] = await Promise.all([import('./config-sections.ts'), import('./config/errors.ts')]);
  const r = loadAppConfig(file);
  if (!r.ok) {
    for (const e of r.errors) io.err(formatConfigError(e));
    io.err(`${r.errors.length} error(s) in the configuration; nothing was diagnosed.`);
    return undefined;
  }
  for (const w of r.config.warnings) io.err(`warning: ${formatConfigError(w)}`);
  return r.config;
}

async function readText(file: string | undefined, io: Io): Promise<string> {
  if (!file || file === '-') return io.readStdin();
  return fs.promises.readFile(path.resolve(io.cwd, file), 'utf8');
}

/**
 * Diagnoses `mirror` with a fresh Doctor and hands the diagnosis to `show`; a wrong mirror name is a
 * usage error. The doctor's modules (kafkajs, the checks) load while the config is read.
 */
async function diagnosing(configFlag: string | undefined, mirror: string, io: Io, opts: () => Promise<DiagnoseOptions | undefined>, show: (d: Diagnosis) => Promise<number>): Promise<number> {
  const modules = Promise.all([import('./doctor/create-doctor.ts'), import('./model/diagnosis.ts')]);
  modules.catch(() => undefined);
  const config = await load(configFlag, io);
  if (!config) return EXIT.error;
  const options = await opts();
  if (!options) return EXIT.error;
  const [{ createDoctor }, { UsageError }] = await modules;
  const doctor = createDoctor(config);
  try {
    return await show(await doctor.diagnose(doctor.resolve(mirror), options));
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return EXIT.usage;
    }
    throw err;
  } finally {
    await doctor.close();
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, json: { type: 'boolean' }, logs: { type: 'string' }, 'log-format': { type: 'string' }, group: { type: 'string', short: 'g' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [cmd, ...args] = positionals;
  if (values.version || cmd === 'version') {
    io.out(`mm2-doctor ${packageVersion()}`);
    return 0;
  }
  if (values.help || !cmd || cmd === 'help') {
    (cmd || values.help ? io.out : io.err)(USAGE);
    return cmd || values.help ? 0 : EXIT.usage;
  }
  switch (cmd) {
    case 'diagnose': {
      if (args.length !== 1) {
        io.err(`diagnose takes exactly one mirror (an alias such as svl, or svl->confluent)\n${USAGE}`);
        return EXIT.usage;
      }
      return diagnosing(
        values.config,
        args[0]!,
        io,
        async () => {
          if (!values.logs) return {};
          let logsText: string;
          try {
            logsText = await readText(values.logs, io);
          } catch (err) {
            io.err(`cannot read --logs ${values.logs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
            return undefined;
          }
          const [{ MAX_LOG_CHARS }, { tooLargeText }] = await Promise.all([import('./logs/explain.ts'), import('./render/words/logs.ts')]);
          if (logsText.length > MAX_LOG_CHARS) {
            io.err(`warning: --logs ${values.logs}: ${tooLargeText({ chars: logsText.length, limit: MAX_LOG_CHARS })} Diagnosing without the logs.`);
            return {};
          }
          return { logsText, logsOrigin: values.logs };
        },
        async (d) => {
          const render = values.json ? (await import('./render/json/report.ts')).renderJsonText : (await import('./render/text/report.ts')).renderTerminal;
          io.out(render(d.report, d.runbook));
          return EXIT[d.report.verdict];
        },
      );
    }
    case 'failover': {
      if (args.length !== 1) {
        io.err(`failover takes exactly one mirror (an alias such as svl, or svl->confluent)\n${USAGE}`);
        return EXIT.usage;
      }
      return diagnosing(values.config, args[0]!, io, async () => ({}), async (d) => {
        const [{ failoverReadiness }, { onlyGroup }] = await Promise.all([import('./doctor/failover.ts'), import('./model/failover.ts')]);
        let r = d.failover ?? failoverReadiness(d.facts);
        if (values.group !== undefined) {
          if (!r.groups.some((g) => g.group === values.group)) {
            io.err(`group ${values.group} is neither checkpointed nor checkpointable by ${d.report.mirror.name}; its groups: ${r.groups.map((g) => g.group).join(', ') || 'none'}`);
            return EXIT.usage;
          }
          r = onlyGroup(r, values.group);
        }
        io.out(values.json ? (await import('./render/json/failover.ts')).renderFailoverJsonText(r, d.report.verdict) : (await import('./render/text/failover.ts')).renderFailoverText(r));
        return failoverExit(r, r.groups.length);
      });
    }
    case 'explain':
    case 'explain-logs': {
      if (args.length > 1) {
        io.err(`explain-logs takes one file (or - for standard input)\n${USAGE}`);
        return EXIT.usage;
      }
      let text: string;
      try {
        text = await readText(args[0], io);
      } catch (err) {
        io.err(`cannot read ${args[0]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return EXIT.error;
      }
      const explanation = (await import('./logs/explain.ts')).explainLogs(text);
      if (explanation.tooLarge) {
        io.err((await import('./render/words/logs.ts')).tooLargeText(explanation.tooLarge));
        return EXIT.error;
      }
      io.out(values.json ? (await import('./render/json/logs.ts')).renderLogsJson(explanation) : (await import('./render/text/logs.ts')).renderLogExplanation(explanation));
      return 0;
    }
    case 'check-config': {
      const config = await load(values.config, io);
      if (!config) return EXIT.error;
      // How mm2-doctor would connect to each cluster, with its secrets and key material resolved
      // now (nothing is connected to): a cluster it could not use is a warning (exit 1), and the
      // first line does not say "ok" above it.
      const { describeAccess } = await import('./gather/access.ts');
      const clusters = Object.values(config.clusters);
      const access = await Promise.all(clusters.map(async (cluster) => ({ cluster, ...(await describeAccess(cluster, { env: io.env })) })));
      const unusable = access.filter((a) => a.unusable).length;
      const summary = `${clusters.length} cluster(s), ${config.mirrors.length} mirror(s): ${config.mirrors.map((m) => m.id).join(', ')}`;
      io.out(unusable > 0 ? `${config.file}: valid, but ${unusable} of ${clusters.length} cluster(s) cannot be used by mm2-doctor — ${summary}` : `${config.file}: ok — ${summary}`);
      for (const a of access) {
        io.out(`  ${a.cluster.alias}: ${a.text}`);
        if (a.unusable) io.err(`warning: cluster ${a.cluster.alias} cannot be used by mm2-doctor: ${a.unusable}`);
      }
      return unusable > 0 ? EXIT.warning : 0;
    }
    case 'shell':
    case 'serve':
    case 'start': {
      // --log-format json (or $MM2_DOCTOR_LOG_FORMAT): one JSON object a line, for Loki or Elasticsearch.
      const logFormat = values['log-format'] ?? io.env.MM2_DOCTOR_LOG_FORMAT ?? 'text';
      if (logFormat !== 'text' && logFormat !== 'json') {
        io.err(`--log-format takes text or json, not "${logFormat}"\n${USAGE}`);
        return EXIT.usage;
      }
      const config = await load(values.config, io);
      if (!config) return EXIT.error;
      const { runAdapter } = await import('./composition-root.ts');
      // `start` (npm start): the Slack bot when a bot token is configured, else the local shell.
      const mode = cmd === 'start' ? ((await slackTokenAvailable(config)) ? 'serve' : 'shell') : cmd;
      if (cmd === 'start' && mode === 'shell') io.err('mm2-doctor: no Slack bot token configured (slack.botToken, default $SLACK_BOT_TOKEN); starting the local shell');
      return runAdapter(mode, config, io, { logFormat });
    }
    default:
      return chatCommand(cmd, args, values, io);
  }
}

/**
 * Any other `/mm2` subcommand (status, groups, checkpoints, history, …), run through the chat
 * runner so the CLI can do what the chat can, with the same words and the same checks.
 */
async function chatCommand(cmd: string, args: string[], values: { config?: string; json?: boolean }, io: Io): Promise<number> {
  const [root, { quoteToken }] = await Promise.all([import('./composition-root.ts'), import('./runtime/text.ts')]);
  if (!root.isChatCommand(cmd)) {
    io.err(`unknown command "${cmd}"\n${USAGE}`);
    return EXIT.usage;
  }
  const config = await load(values.config, io);
  if (!config) return EXIT.error;
  const run = await root.runChatCommand(config, [cmd, ...args.map(quoteToken)].join(' '), { json: values.json === true }, io);
  (run.usage ? io.err : io.out)(run.output);
  if (run.usage) return EXIT.usage;
  if (run.failed) return EXIT.error;
  return run.verdict ? EXIT[run.verdict] : 0;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry || process.env.MM2_DOCTOR_CLI === '1') {
  const io: Io = {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (err: unknown) => {
      io.err(`mm2-doctor: internal error: ${(err as Error).message}`);
      process.exit(EXIT.error);
    },
  );
}
