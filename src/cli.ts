/**
 * `mm2-doctor` on a terminal: the same engine as the Slack bot.
 *
 *   mm2-doctor diagnose <alias | source->target> [--config FILE] [--json] [--logs FILE]
 *   mm2-doctor explain-logs [FILE | -]
 *   mm2-doctor check-config [--config FILE]
 *   mm2-doctor shell | serve | start [--config FILE]
 *
 * Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown or error; 64 for usage errors. `check-config`
 * exits 1 when the config is valid but a cluster's credentials cannot be used (an unsupported
 * authentication, an unreadable or broken certificate or key, an unset password reference).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AppConfig } from './config-sections.ts';
import type { Verdict } from './model/finding.ts';

// Only Node's own modules load up front: each command imports what it needs when it runs, so
// `--version` and `--help` load no YAML parser, no Kafka client and no Slack SDK, and only `serve`
// loads Bolt (issue 13: `mm2-doctor --version` ≤ 150 ms as a whole process).

export const USAGE = `usage:
  mm2-doctor diagnose <alias | source->target> [--config FILE] [--json] [--logs FILE]
  mm2-doctor explain-logs [FILE | -]
  mm2-doctor check-config [--config FILE]
  mm2-doctor shell [--config FILE]      the /mm2 commands in a terminal
  mm2-doctor serve [--config FILE]      the Slack bot (Socket Mode with an app token, else HTTP)
  mm2-doctor start [--config FILE]      serve when a Slack bot token is configured, else shell
  mm2-doctor --version
config: --config, else $MM2_DOCTOR_CONFIG, else ./mm2-doctor.yaml, else .lab/mm2-doctor.yaml (npm run lab -- up)`;

export const EXIT: Record<Verdict | 'error' | 'usage', number> = { ok: 0, warning: 1, critical: 2, unknown: 3, error: 3, usage: 64 };

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

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, json: { type: 'boolean' }, logs: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } },
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
      // The doctor's modules (kafkajs, the checks) load while the config is read.
      const modules = Promise.all([import('./doctor/create-doctor.ts'), import('./model/diagnosis.ts')]);
      modules.catch(() => undefined);
      const config = await load(values.config, io);
      if (!config) return EXIT.error;
      let logsText: string | undefined;
      if (values.logs) {
        try {
          logsText = await readText(values.logs, io);
        } catch (err) {
          io.err(`cannot read --logs ${values.logs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
          return EXIT.error;
        }
      }
      const [{ createDoctor }, { UsageError }] = await modules;
      const doctor = createDoctor(config);
      try {
        const d = await doctor.diagnose(doctor.resolve(args[0]!), { ...(logsText !== undefined && { logsText, logsOrigin: values.logs }) });
        const render = values.json ? (await import('./render/json/report.ts')).renderJsonText : (await import('./render/text/report.ts')).renderTerminal;
        io.out(render(d.report, d.runbook));
        return EXIT[d.report.verdict];
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
      io.out(values.json ? (await import('./render/json/logs.ts')).renderLogsJson(explanation) : (await import('./render/text/logs.ts')).renderLogExplanation(explanation));
      return 0;
    }
    case 'check-config': {
      const config = await load(values.config, io);
      if (!config) return EXIT.error;
      io.out(`${config.file}: ok — ${Object.keys(config.clusters).length} cluster(s), ${config.mirrors.length} mirror(s): ${config.mirrors.map((m) => m.id).join(', ')}`);
      // How mm2-doctor would connect to each cluster, with its secrets and key material resolved
      // now (nothing is connected to): a cluster it could not use is a warning (exit 1).
      const { describeAccess } = await import('./gather/access.ts');
      let unusable = 0;
      for (const cluster of Object.values(config.clusters)) {
        const a = await describeAccess(cluster, { env: io.env });
        io.out(`  ${cluster.alias}: ${a.text}`);
        if (a.unusable) {
          unusable++;
          io.err(`warning: cluster ${cluster.alias} cannot be used by mm2-doctor: ${a.unusable}`);
        }
      }
      return unusable > 0 ? EXIT.warning : 0;
    }
    case 'shell':
    case 'serve':
    case 'start': {
      const config = await load(values.config, io);
      if (!config) return EXIT.error;
      const { runAdapter } = await import('./composition-root.ts');
      // `start` (npm start): the Slack bot when a bot token is configured, else the local shell.
      const mode = cmd === 'start' ? ((await slackTokenAvailable(config)) ? 'serve' : 'shell') : cmd;
      if (cmd === 'start' && mode === 'shell') io.err('mm2-doctor: no Slack bot token configured (slack.botToken, default $SLACK_BOT_TOKEN); starting the local shell');
      return runAdapter(mode, config, io);
    }
    default:
      io.err(`unknown command "${cmd}"\n${USAGE}`);
      return EXIT.usage;
  }
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
