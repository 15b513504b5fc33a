/**
 * A real Prometheus (Debian's `prometheus` package) scrapes the running bot's /metrics on its
 * health port, and PromQL reads the seed mirror on the lab as critical with root cause
 * no-consumer-groups, then `ok` once a consumer group has committed and MM2 checkpoints it. The
 * per-mirror series come from the metrics refresh (every replica re-diagnoses every mirror), the
 * same loop `mm2-doctor serve` starts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { freePort } from '../../src/lab/ports.ts';
import { BotMetrics, measuredDoctor } from '../../src/observe/metrics.ts';
import { startMetricsRefresh } from '../../src/observe/refresh.ts';
import { writeLabConfig } from '../lab/diagnose.ts';
import { eventually, uniqueName } from '../lab/harness.ts';
import { scenarioKit } from '../lab/scenario.ts';
import { startBot } from '../slack/harness.ts';

const { lab, src, cleanups, mirror, checkpointsOf } = scenarioKit();

/** Fails loudly when the binary is missing: `.ci/run` installs Debian's `prometheus`. */
function prometheusBinary(): string {
  const r = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  const bin = r.stdout.trim();
  if (r.status !== 0 || !bin) throw new Error('prometheus is not installed: `apt-get install prometheus` (Debian), as .ci/run does');
  return bin;
}

async function startPrometheus(target: string): Promise<{ url: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-prom-'));
  await fs.writeFile(path.join(dir, 'prometheus.yml'), YAML.stringify({ global: { scrape_interval: '1s', evaluation_interval: '1s' }, scrape_configs: [{ job_name: 'mm2-doctor', metrics_path: '/metrics', static_configs: [{ targets: [target] }] }] }));
  const port = await freePort();
  const child = spawn(prometheusBinary(), [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => void (stderr = (stderr + b.toString()).slice(-4000)));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fs.rm(dir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(`prometheus ready (${stderr.split('\n').slice(-3).join(' ')})`, async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true, 30_000, 200);
  return { url };
}

/** An instant PromQL query: the value of each series by its labels. */
async function query(url: string, q: string): Promise<{ metric: Record<string, string>; value: number }[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`PromQL ${q}: ${body.error}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

describe('Prometheus scraping the bot', () => {
  it('PromQL reads the seed mirror as critical (no-consumer-groups), then ok after a group commits', async () => {
    const p = uniqueName('prom');
    const m = await mirror(p);
    await produce(lab.kafka(src), `${p}-orders`, 40, { create: { partitions: 1 } });
    const name = `${m.sourceAlias}->${m.targetAlias}`;

    const loaded = loadConfig(await writeLabConfig(lab, m));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const metrics = new BotMetrics();
    const doctor = measuredDoctor(createDoctor(loaded.config), metrics);
    const bot = await startBot(doctor, { metrics });
    cleanups.push(() => bot.stop());
    const refresh = startMetricsRefresh(doctor, 1, { warn: () => undefined })!;
    cleanups.push(() => refresh.stop());

    const prom = await startPrometheus(`127.0.0.1:${bot.bot.healthPort}`);
    await eventually('the bot scraped', async () => (await query(prom.url, 'up{job="mm2-doctor"}')).some((s) => s.value === 1), 30_000, 500);

    const verdict = async () => (await query(prom.url, `mm2doctor_mirror_verdict{mirror="${name}"} == 1`)).map((s) => s.metric.verdict);
    await eventually('critical in PromQL', async () => (await verdict()).includes('critical'), 60_000, 500);
    const cause = await query(prom.url, `mm2doctor_mirror_root_cause{mirror="${name}"}`);
    expect(cause.map((s) => s.metric.code)).toEqual(['no-consumer-groups']);
    // What the PrometheusRule's alert (deploy/prometheus-rule.yaml) keys on.
    expect(await query(prom.url, `max by (mirror) (mm2doctor_mirror_verdict{verdict="critical"}) == 1`)).toEqual([expect.objectContaining({ metric: { mirror: name } })]);

    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await eventually('checkpoints', async () => (await checkpointsOf(m)) >= 1, 60_000);
    await eventually('ok in PromQL', async () => (await verdict()).includes('ok'), 60_000, 500);
    expect(await verdict()).toEqual(['ok']);
    expect(await query(prom.url, `mm2doctor_mirror_root_cause{mirror="${name}"}`)).toEqual([]);
    await eventually('the committed group counted in PromQL', async () => ((await query(prom.url, `mm2doctor_mirror_groups_checkpointed{mirror="${name}"}`))[0]?.value ?? 0) >= 1, 30_000, 500);
    expect((await query(prom.url, 'mm2doctor_diagnoses_total'))
      .reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(2);
  });
});
