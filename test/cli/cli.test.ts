/** The CLI's contract without Kafka: usage, exit codes, config errors with positions, log explaining. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, EXIT, main, type Io } from '../../src/cli.ts';

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

describe('mm2-doctor CLI', () => {
  it('prints usage and exits 64 for no command, an unknown command or a wrong argument count', async () => {
    for (const argv of [[], ['frobnicate'], ['diagnose'], ['diagnose', 'a', 'b'], ['diagnose', '--bogus', 'svl']]) {
      const r = io();
      expect(await main(argv, r), argv.join(' ')).toBe(EXIT.usage);
      expect(r.stderr).toMatch(/usage:|Unknown option/);
    }
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

  it('finds the config from the environment, then ./mm2-doctor.yaml', () => {
    expect(configPath(undefined, { env: { MM2_DOCTOR_CONFIG: 'x.yaml' }, cwd: '/w' })).toBe('/w/x.yaml');
    expect(configPath('y.yaml', { env: { MM2_DOCTOR_CONFIG: 'x.yaml' }, cwd: '/w' })).toBe('/w/y.yaml');
    expect(configPath(undefined, { env: {}, cwd: '/nonexistent' })).toBe('/nonexistent/mm2-doctor.yaml');
  });
});
