/** The CLI's contract without Kafka: usage, exit codes, config errors with positions, log explaining. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, EXIT, main, USAGE, type Io } from '../../src/cli.ts';
import { commandRegistry } from '../../src/composition-root.ts';
import type { JsonFailover } from '../../src/render/json/failover.ts';
import { expectFailoverContract } from '../support/failover-contract.ts';

function io(stdin = ''): Io & { stdout: string; stderr: string } {
  const r = {
    stdout: '',
    stderr: '',
    out: (s: string) => void (r.stdout += `${s}\n`),
    err: (s: string) => void (r.stderr += `${s}\n`),
    readStdin: async () => stdin,
    env: {} as NodeJS.ProcessEnv,
    cwd: os.tmpdir(),
  };
  return r;
}

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-cli-'));
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

/** A two-cluster config whose state (history) stays in `dir`. */
async function configIn(dir: string): Promise<string> {
  const file = path.join(dir, 'ok.yaml');
  await fs.writeFile(file, `clusters:\n  svl: { bootstrap: 127.0.0.1:9092 }\n  confluent: { bootstrap: 127.0.0.1:9093 }\nmirrors:\n  - { source: svl, target: confluent }\nslack: { stateDir: ${JSON.stringify(dir)} }\n`);
  return file;
}

describe('mm2-doctor CLI', () => {
  it('prints usage and exits 64 for no command, an unknown command or a wrong argument count', async () => {
    for (const argv of [[], ['frobnicate'], ['diagnose'], ['diagnose', 'a', 'b'], ['diagnose', '--bogus', 'svl'], ['failover'], ['failover', 'a', 'b']]) {
      const r = io();
      expect(await main(argv, r), argv.join(' ')).toBe(EXIT.usage);
      expect(r.stderr).toMatch(/usage:|Unknown option/);
    }
  });

  it('--log-format takes text or json; anything else is a usage error naming the value', async () => {
    const r = io();
    expect(await main(['serve', '--log-format', 'yaml'], r)).toBe(EXIT.usage);
    expect(r.stderr).toContain('--log-format takes text or json, not "yaml"');
    const e = io();
    e.env = { MM2_DOCTOR_LOG_FORMAT: 'xml' };
    expect(await main(['start'], e)).toBe(EXIT.usage);
    expect(e.stderr).toContain('not "xml"');
  });

  it('--version prints the package version (exit 0) and loads nothing else', async () => {
    const pkg = JSON.parse(await fs.readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const argv of [['--version'], ['-V'], ['version']]) {
      const r = io();
      expect(await main(argv, r)).toBe(0);
      expect(r.stdout.trim()).toBe(`mm2-doctor ${pkg.version}`);
    }
  });

  it('check-config names file, line, column and key of each error, and exits 3', async () => {
    const file = await tempFile('bad.yaml', 'clusters:\n  svl:\n    bootstrap: 127.0.0.1:9092\n    sasl: { mechanism: plain, username: u, password: hunter2 }\nmirrors:\n  - source: svl\n    target: confluenc\n');
    const r = io();
    expect(await main(['check-config', '--config', file], r)).toBe(EXIT.error);
    expect(r.stderr).toContain(`${file}:4:`);
    expect(r.stderr).toMatch(/clusters\.svl\.sasl\.password/);
    expect(r.stderr).toMatch(/mirrors\[0\]\.target/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('check-config accepts a valid file and lists its mirrors', async () => {
    const file = await tempFile('ok.yaml', 'clusters:\n  svl: { bootstrap: 127.0.0.1:9092 }\n  confluent: { bootstrap: 127.0.0.1:9093 }\nmirrors:\n  - { source: svl, target: confluent }\n');
    const r = io();
    expect(await main(['check-config', '--config', file], r)).toBe(0);
    expect(r.stdout).toContain('svl->confluent');
  });

  it('check-config with a secret file that is missing: no "ok", and the warning names file, line and key, never the secret', async () => {
    // Seen on a real config: "<file>: ok — 2 cluster(s)" followed by both clusters "cannot be used",
    // and a warning that named the missing file but not where in the config it is referenced.
    const file = await tempFile('secret.yaml', 'clusters:\n  svl:\n    bootstrap: 127.0.0.1:9092\n    sasl: { mechanism: plain, username: u, password: { file: /nonexistent/svl-password } }\n  confluent: { bootstrap: 127.0.0.1:9093 }\nmirrors:\n  - { source: svl, target: confluent }\n');
    const r = io();
    expect(await main(['check-config', '--config', file], r)).toBe(EXIT.warning);
    expect(r.stdout).not.toMatch(/: ok\b/);
    expect(r.stdout).toMatch(/1 of 2 cluster\(s\) cannot be used by mm2-doctor/);
    expect(r.stderr).toContain(`clusters.svl.sasl.password at ${file}:4:54`);
  });

  it('check-config validates the sections the bot reads (slack, access, digests, alerts, history, coordination)', async () => {
    const base = 'clusters:\n  svl: { bootstrap: 127.0.0.1:9092 }\n  confluent: { bootstrap: 127.0.0.1:9093 }\nmirrors:\n  - { source: svl, target: confluent }\n';
    const file = await tempFile('sections.yaml', `${base}digests: [{ name: m, channel: C0MM2OPS1, cron: "61 8 * * *" }]\ncoordination: { cluster: opz }\nslack: { port: -1 }\n`);
    const r = io();
    expect(await main(['check-config', '--config', file], r)).toBe(EXIT.error);
    expect(r.stderr).toContain(`${file}:6:48: digests[0].cron: invalid cron expression`);
    expect(r.stderr).toMatch(/:7:26: coordination\.cluster: unknown cluster alias 'opz'/);
    expect(r.stderr).toMatch(/:8:16: slack\.port: expected an integer >= 0 and <= 65535/);
    const ok = await tempFile('ok.yaml', `${base}history: { retentionDays: 7 }\naccess: { rules: [{ channels: [C0MM2OPS1] }] }\n`);
    expect(await main(['check-config', '--config', ok], io())).toBe(0);
  });

  it('diagnose of an unknown mirror is a usage error with a did-you-mean', async () => {
    const file = await tempFile('ok.yaml', 'clusters:\n  svl: { bootstrap: 127.0.0.1:9092 }\n  confluent: { bootstrap: 127.0.0.1:9093 }\nmirrors:\n  - { source: svl, target: confluent }\n');
    const r = io();
    expect(await main(['diagnose', 'sv1', '--config', file], r)).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/sv1.*did you mean svl/i);
  });

  it('failover of an unknown mirror is a usage error with a did-you-mean', async () => {
    const file = await tempFile('ok.yaml', 'clusters:\n  svl: { bootstrap: 127.0.0.1:9092 }\n  confluent: { bootstrap: 127.0.0.1:9093 }\nmirrors:\n  - { source: svl, target: confluent }\n');
    const r = io();
    expect(await main(['failover', 'sv1', '--config', file, '--json'], r)).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/sv1.*did you mean svl/i);
  });

  it('failover svl --json prints the contract, and says why it cannot judge when the clusters are down (exit 3)', async () => {
    const file = await tempFile('down.yaml', 'clusters:\n  svl: { bootstrap: 127.0.0.1:1, timeoutMs: 2000 }\n  confluent: { bootstrap: 127.0.0.1:2, timeoutMs: 2000 }\nmirrors:\n  - { source: svl, target: confluent }\n');
    const r = io();
    expect(await main(['failover', 'svl', '--config', file, '--json'], r)).toBe(EXIT.unknown);
    const out = JSON.parse(r.stdout) as JsonFailover;
    expectFailoverContract(out);
    expect(out.mirror).toEqual({ name: 'svl->confluent', sourceAlias: 'svl', targetAlias: 'confluent' });
    expect(out.summary).toMatchObject({ total: 0, line: 'no checkpointed group' });
    expect(out.caveats.join('\n')).toMatch(/source groups unknown: .*127\.0\.0\.1:1/);
  }, 60_000);

  it('explain-logs reads standard input and separates the cause from the red herring', async () => {
    const log = [
      '2026-11-24 10:42:01,123 INFO [svl->confluent.MirrorCheckpointConnector|worker] Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector) [Scheduler]',
      // MirrorUtils (3.8+, KAFKA-15517) when topic-config sync is denied: alarming, irrelevant to checkpoints.
      '2026-11-24 10:42:05,001 ERROR [svl->confluent.MirrorSourceConnector|worker] TopicAuthorizationException occurred while trying to describe configs for topics [orders] on svl cluster (org.apache.kafka.connect.mirror.MirrorUtils) [Scheduler]',
    ].join('\n');
    const r = io(log);
    expect(await main(['explain-logs', '--json'], r)).toBe(0);
    const x = JSON.parse(r.stdout) as { entries: { kind: string; code: string }[] };
    expect(x.entries.find((e) => e.code === 'started-with-zero-groups')?.kind).toBe('cause');
    expect(x.entries.find((e) => e.code === 'topic-config-sync-failed')?.kind).toBe('red-herring');
  });

  it('explain-logs refuses a 20 MB paste with a clear "too large" naming the limit and how to cut it, without echoing it', async () => {
    const secret = 'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="mm2" password="hunter2-cli";';
    const r = io(`${secret}\n${'2026-11-24 10:42:01,123 INFO x (a.b.C) [t]\n'.repeat(500_000)}`);
    expect(await main(['explain-logs'], r)).toBe(EXIT.error);
    expect(r.stderr).toMatch(/^logs: 20\.\d MiB of text is too large; mm2-doctor reads at most 4\.0 MiB\. .*kubectl logs --since/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  });

  it('explain-logs on binary garbage answers instead of crashing', async () => {
    const bytes = Buffer.alloc(256 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const file = await tempFile('garbage.bin', bytes.toString('latin1'));
    const r = io();
    expect(await main(['explain-logs', file], r)).toBe(0);
    expect(r.stdout).toMatch(/^logs: \d+ lines/);
  });

  it('finds the config from the environment, then ./mm2-doctor.yaml', () => {
    expect(configPath(undefined, { env: { MM2_DOCTOR_CONFIG: 'x.yaml' }, cwd: '/w' })).toBe('/w/x.yaml');
    expect(configPath('y.yaml', { env: { MM2_DOCTOR_CONFIG: 'x.yaml' }, cwd: '/w' })).toBe('/w/y.yaml');
    expect(configPath(undefined, { env: {}, cwd: '/nonexistent' })).toBe('/nonexistent/mm2-doctor.yaml');
  });

  it('has every /mm2 subcommand as a subcommand of its own, listed in the usage', async () => {
    const file = await configIn(await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-cli-')));
    for (const c of commandRegistry().info()) {
      if (c.name === 'help') continue; // the CLI's own help is its usage
      expect(USAGE, `usage lacks ${c.name}`).toMatch(new RegExp(`mm2-doctor [^\\n]*\\b${c.name}\\b`));
      // A mirror no one configured: every command that takes one says so without reaching Kafka.
      const r = io();
      const code = await main([c.name, 'nosuch', '--config', file], r);
      expect(r.stderr, c.name).not.toContain('unknown command');
      if (!c.takesText) expect(code, `${c.name}: ${r.stderr}`).toBe(EXIT.usage); // explain reads `nosuch` as its log file
    }
  });

  it('runs a /mm2 subcommand with --json: history of a mirror, and a did-you-mean for a wrong one', async () => {
    const file = await configIn(await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-cli-')));
    const r = io();
    expect(await main(['history', 'svl', '--json', '--config', file], r), r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'history', mirror: 'svl->confluent', view: { changes: [], entries: 0 } });

    const text = io();
    expect(await main(['history', 'svl', '--config', file], text)).toBe(0);
    expect(text.stdout).not.toMatch(/^\s*\{/);

    const wrong = io();
    expect(await main(['groups', 'sv1', '--config', file], wrong)).toBe(EXIT.usage);
    expect(wrong.stderr).toMatch(/sv1.*did you mean svl/i);
    expect(wrong.stdout).toBe('');
  });

  it('a usage error of a /mm2 subcommand reads as the CLI is used, in words, with --json too (as diagnose does)', async () => {
    const file = await configIn(await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-cli-')));
    for (const argv of [['groups', 'sv1', '--json'], ['checkpoints', '--json'], ['groups']]) {
      const r = io();
      expect(await main([...argv, '--config', file], r), argv.join(' ')).toBe(EXIT.usage);
      expect(r.stdout, argv.join(' ')).toBe('');
      expect(r.stderr, argv.join(' ')).not.toMatch(/^\s*\{/);
      expect(r.stderr, argv.join(' ')).not.toContain('/mm2 ');
      expect(r.stderr, argv.join(' ')).toMatch(new RegExp(`mm2-doctor ${argv[0]} <mirror>`));
    }
  });
});
