/**
 * The bot's Prometheus metrics: per-mirror series from real diagnoses (the fixtures), bounded
 * labels, capped group series, the bot's own counters, and /metrics with Slack ack latency on the
 * running bot (the Slack emulator).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BotMetrics, measuredDoctor, type FailoverReader } from '../../src/observe/metrics.ts';
import { FINDING_CODES } from '../../src/model/finding.ts';
import type { Diagnosis } from '../../src/model/diagnosis.ts';
import * as fx from '../fixtures/facts.ts';
import { diagnosisOf, FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL } from '../slack/fake-doctor.ts';
import { startBot, type Harness } from '../slack/harness.ts';

/** `name{labels} value` lines of the exposition, as a map (no process metrics). */
async function series(m: BotMetrics): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await m.exposition()).body.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const i = line.lastIndexOf(' ');
    const v = line.slice(i + 1);
    out.set(line.slice(0, i), v === '+Inf' ? Number.POSITIVE_INFINITY : Number(v));
  }
  return out;
}

const mirror = 'svl->confluent';

describe('per-mirror series', () => {
  it('the seed: critical, root cause no-consumer-groups, no checkpoint ever (+Inf), fresh offset syncs', async () => {
    const m = new BotMetrics({ processMetrics: false });
    m.recordDiagnosis(seedDiagnosis(), 0.8);
    const s = await series(m);
    expect(s.get(`mm2doctor_mirror_verdict{mirror="${mirror}",verdict="critical"}`)).toBe(1);
    for (const v of ['ok', 'warning', 'unknown']) expect(s.get(`mm2doctor_mirror_verdict{mirror="${mirror}",verdict="${v}"}`)).toBe(0);
    expect(s.get(`mm2doctor_mirror_root_cause{mirror="${mirror}",code="no-consumer-groups"}`)).toBe(1);
    expect(s.get(`mm2doctor_mirror_newest_checkpoint_age_seconds{mirror="${mirror}"}`)).toBe(Number.POSITIVE_INFINITY);
    expect(s.get(`mm2doctor_mirror_groups_checkpointed{mirror="${mirror}"}`)).toBe(0);
    const facts = seedDiagnosis().facts;
    const newestSync = Math.max(...(facts.offsetSyncs.ok ? facts.offsetSyncs.value.records.map((r) => r.timestamp) : []));
    expect(s.get(`mm2doctor_mirror_offset_sync_age_seconds{mirror="${mirror}"}`)).toBeCloseTo((facts.now - newestSync) / 1000, 3);
    expect(s.get(`mm2doctor_mirror_checkpoint_interval_seconds{mirror="${mirror}"}`)).toBe(facts.settings.checkpoint.emitCheckpointsIntervalSeconds.value);
    expect(s.get('mm2doctor_diagnoses_total{outcome="critical"}')).toBe(1);
    expect(s.get('mm2doctor_diagnosis_duration_seconds_count')).toBe(1);
  });

  it('after a group commits: ok, the old root cause series is gone, checkpoints have an age and groups are counted', async () => {
    const m = new BotMetrics({ processMetrics: false });
    m.recordDiagnosis(seedDiagnosis(), 1);
    m.recordDiagnosis(healthyDiagnosis(), 1);
    const s = await series(m);
    expect(s.get(`mm2doctor_mirror_verdict{mirror="${mirror}",verdict="ok"}`)).toBe(1);
    expect(s.get(`mm2doctor_mirror_verdict{mirror="${mirror}",verdict="critical"}`)).toBe(0);
    expect([...s.keys()].filter((k) => k.startsWith('mm2doctor_mirror_root_cause'))).toEqual([]);
    const age = s.get(`mm2doctor_mirror_newest_checkpoint_age_seconds{mirror="${mirror}"}`)!;
    expect(Number.isFinite(age) && age >= 0).toBe(true);
    expect(s.get(`mm2doctor_mirror_groups_checkpointed{mirror="${mirror}"}`)).toBeGreaterThan(0);
    expect(s.get('mm2doctor_diagnoses_total{outcome="ok"}')).toBe(1);
  });

  it('counts gather errors by fact and kind, and drops an age it could not read', async () => {
    const m = new BotMetrics({ processMetrics: false });
    m.recordDiagnosis(healthyDiagnosis(), 1);
    m.recordDiagnosis(diagnosisOf(fx.withTargetUnreachable(fx.fixHealthyFacts())), 1);
    const s = await series(m);
    expect(s.get('mm2doctor_gather_errors_total{fact="target",kind="unreachable"}')).toBe(1);
    expect(s.has(`mm2doctor_mirror_newest_checkpoint_age_seconds{mirror="${mirror}"}`)).toBe(false);
  });

  it('keeps labels bounded: mirror names, four verdicts, finding codes, fact keys, error kinds', async () => {
    const m = new BotMetrics({ processMetrics: false });
    for (const d of [seedDiagnosis(), healthyDiagnosis(), diagnosisOf(fx.fixAllFailedFacts())]) m.recordDiagnosis(d, 1);
    const allowed: Record<string, (v: string) => boolean> = {
      mirror: (v) => v === mirror,
      verdict: (v) => ['ok', 'warning', 'critical', 'unknown'].includes(v),
      code: (v) => (FINDING_CODES as string[]).includes(v),
      outcome: (v) => ['ok', 'warning', 'critical', 'unknown', 'error'].includes(v),
      fact: (v) => /^[a-zA-Z0-9]+$/.test(v) && v.length < 20,
      kind: (v) => ['unreachable', 'timeout', 'auth-failed', 'not-authorized', 'not-found', 'bad-response', 'not-configured', 'error'].includes(v),
      le: () => true,
    };
    for (const key of (await series(m)).keys()) {
      for (const [, name, value] of key.matchAll(/(\w+)="([^"]*)"/g)) {
        expect(allowed[name!]?.(value!), `${name}="${value}" in ${key}`).toBe(true);
      }
    }
  });
});

describe('the failover extension point', () => {
  const rereads = (n: number) => Array.from({ length: n }, (_, i) => ({ group: `g${String(i).padStart(3, '0')}`, records: i * 10 }));

  it('caps group series per mirror, keeping the largest re-reads, and removes groups that left', async () => {
    let groups = rereads(8);
    const failover: FailoverReader = () => ({ groupsReady: 5, rereads: groups });
    const m = new BotMetrics({ processMetrics: false, groupSeriesLimit: 3, failover });
    m.recordDiagnosis(seedDiagnosis(), 1);
    let s = await series(m);
    expect([...s.keys()].filter((k) => k.startsWith('mm2doctor_group_predicted_rereads')).sort()).toEqual(['g005', 'g006', 'g007'].map((g) => `mm2doctor_group_predicted_rereads{mirror="${mirror}",group="${g}"}`));
    expect(s.get(`mm2doctor_mirror_groups_failover_ready{mirror="${mirror}"}`)).toBe(5);
    groups = [{ group: 'g000', records: 999 }];
    m.recordDiagnosis(seedDiagnosis(), 1);
    s = await series(m);
    expect([...s.keys()].filter((k) => k.startsWith('mm2doctor_group_predicted_rereads'))).toEqual([`mm2doctor_group_predicted_rereads{mirror="${mirror}",group="g000"}`]);
  });

  it('without failover readiness, there are no failover series at all', async () => {
    const m = new BotMetrics({ processMetrics: false });
    m.recordDiagnosis(seedDiagnosis(), 1);
    expect([...(await series(m)).keys()].filter((k) => k.includes('failover') || k.includes('rereads'))).toEqual([]);
  });
});

describe('measuredDoctor', () => {
  it('records each diagnosis, and an internal error as outcome error', async () => {
    const m = new BotMetrics({ processMetrics: false });
    const doctor = measuredDoctor(FakeDoctor.of([[SVL, seedDiagnosis()]]), m);
    await doctor.diagnose(SVL);
    const broken = measuredDoctor({ ...doctor, diagnose: (): Promise<Diagnosis> => Promise.reject(new Error('boom')) }, m);
    await expect(broken.diagnose(SVL)).rejects.toThrow('boom');
    const s = await series(m);
    expect(s.get('mm2doctor_diagnoses_total{outcome="critical"}')).toBe(1);
    expect(s.get('mm2doctor_diagnoses_total{outcome="error"}')).toBe(1);
  });
});

describe('/metrics on the running bot', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('serves the exposition on the health port, with the Slack ack latency of a slash command', async () => {
    const metrics = new BotMetrics();
    h = await startBot(measuredDoctor(FakeDoctor.of([[SVL, seedDiagnosis()]]), metrics), { metrics });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    const res = await fetch(`http://127.0.0.1:${h.bot.healthPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const body = await res.text();
    expect(body).toMatch(/^mm2doctor_slack_ack_seconds_count\{kind="command"\} 1$/m);
    expect(body).toContain(`mm2doctor_mirror_verdict{mirror="${mirror}",verdict="critical"} 1`);
    // Node's process metrics under the same prefix (RSS: the basis of the Deployment's requests).
    expect(body).toMatch(/^mm2doctor_process_resident_memory_bytes \d+/m);
  });
});
