/**
 * `npm run bench:checks`: the CPU a diagnosis spends after gathering, in process, over synthetic
 * facts (bench/synthetic-facts.ts: BENCH_GROUPS groups × BENCH_PARTITIONS committed partitions, all
 * checkpointed and synced; default 10,000 × 4). No lab. Per run, on fresh facts (the per-facts
 * caches start empty, as in a real diagnosis):
 * - checks: buildReport over ALL_CHECKS;
 * - readiness: failoverReadiness (before withFailover the Doctor computed it for every diagnosis;
 *   now only when read: the failover command, digests, metrics);
 * - runbook + json: buildRunbookContext and renderJsonText (what `diagnose --json` prints);
 * - text, slack: renderTerminal and renderDiagnosis;
 * - failover json: renderFailoverJsonText (what `failover --json` prints).
 * GC time is from the `gc` performance entries during the run.
 *
 * BENCH_BEFORE=<dir> also loads the same modules from another checkout (e.g. a `git worktree` of
 * the commit before a change, with node_modules linked) and runs both, alternating, in one process,
 * and checks that both print byte-identical JSON, text, Slack and failover JSON.
 */
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticFacts } from './synthetic-facts.ts';
import type { Facts } from '../src/model/facts.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HERE = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

type Mod = Record<string, (...a: never[]) => unknown>;
async function load(root: string) {
  // BENCH_DIST=1: the compiled modules (dist/, as the bin runs them; line numbers in profiles).
  const m = async (p: string) => (await import(pathToFileURL(path.join(root, process.env.BENCH_DIST ? `dist/${p.replace(/\.ts$/, '.js')}` : p)).href)) as Mod;
  const [checks, report, failover, context, json, text, slack, fjson] = await Promise.all([
    m('src/checks/index.ts'),
    m('src/doctor/report.ts'),
    m('src/doctor/failover.ts'),
    m('src/runbook/context.ts'),
    m('src/render/json/report.ts'),
    m('src/render/text/report.ts'),
    m('src/render/slack/report.ts'),
    m('src/render/json/failover.ts'),
  ]);
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const f = (x: Mod, name: string) => x[name] as (...a: any[]) => any;
  return {
    checks: (checks as unknown as { ALL_CHECKS: unknown[] }).ALL_CHECKS,
    buildReport: f(report, 'buildReport'),
    failoverReadiness: f(failover, 'failoverReadiness'),
    buildRunbookContext: f(context, 'buildRunbookContext'),
    renderJsonText: f(json, 'renderJsonText'),
    renderTerminal: f(text, 'renderTerminal'),
    renderDiagnosis: f(slack, 'renderDiagnosis'),
    renderFailoverJsonText: f(fjson, 'renderFailoverJsonText'),
    // Since withFailover the Doctor works the readiness out only when something reads it.
    eagerReadiness: typeof failover.withFailover !== 'function',
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

const PHASES = ['checks', 'readiness', 'runbook + json', 'text', 'slack', 'failover json'] as const;
type Phase = (typeof PHASES)[number];
interface Run {
  ms: Record<Phase, number>;
  /** CPU (user + system, all of the process's threads, GC helpers included), which the load inflates less than wall time. */
  cpuMs: Record<Phase, number>;
  gcMs: number;
  out: { json: string; text: string; slack: string; failover: string };
}

let gcMs = 0;
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

const input = {
  source: { bootstrap: 'svl-kafka-bootstrap.kafka.svc:9093', secured: true },
  target: { bootstrap: 'pkc-12345.eu-west-1.aws.confluent.cloud:9092', secured: true },
  connectUrl: 'http://svl-mirror-mirrormaker2-api.kafka.svc:8083',
  strimzi: { name: 'svl-mirror', namespace: 'kafka' },
};

async function once(mod: Awaited<ReturnType<typeof load>>, facts: Facts): Promise<Run> {
  const ms = {} as Record<Phase, number>;
  const cpuMs = {} as Record<Phase, number>;
  const time = <T>(p: Phase, fn: () => T): T => {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = fn();
    ms[p] = performance.now() - t;
    const d = process.cpuUsage(c);
    cpuMs[p] = (d.user + d.system) / 1000;
    return r;
  };
  await new Promise((r) => setTimeout(r, 50));
  const gc0 = gcMs;
  const report = time('checks', () => mod.buildReport(facts, mod.checks, { durationMs: 1234 }));
  const failover = time('readiness', () => mod.failoverReadiness(facts));
  const json = time('runbook + json', () => mod.renderJsonText(report, mod.buildRunbookContext(facts, input)));
  const runbook = mod.buildRunbookContext(facts, input);
  const text = time('text', () => mod.renderTerminal(report, runbook));
  const slack = time('slack', () => JSON.stringify(mod.renderDiagnosis({ report, facts, runbook, failover, ageMs: 0 })));
  const fo = time('failover json', () => mod.renderFailoverJsonText(failover, report.verdict));
  await new Promise((r) => setTimeout(r, 50));
  return { ms, cpuMs, gcMs: gcMs - gc0, out: { json, text, slack, failover: fo } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);

const sides: { name: string; mod: Awaited<ReturnType<typeof load>> }[] = [];
if (process.env.BENCH_BEFORE) sides.push({ name: 'before', mod: await load(path.resolve(process.env.BENCH_BEFORE)) });
sides.push({ name: process.env.BENCH_BEFORE ? 'after' : 'this tree', mod: await load(HERE) });

process.stderr.write(`bench: building synthetic facts, ${GROUPS} groups × ${PARTITIONS} partitions\n`);
const base = syntheticFacts(GROUPS, PARTITIONS);
const runs = new Map<string, Run[]>(sides.map((s) => [s.name, []]));
for (let i = 0; i < RUNS; i++) {
  for (const s of i % 2 === 0 ? sides : [...sides].reverse()) {
    const facts = structuredClone(base);
    const r = await once(s.mod, facts);
    runs.get(s.name)!.push(r);
    process.stderr.write(`bench: ${s.name} run ${i + 1}: ${PHASES.map((p) => `${p} ${fmt(r.ms[p])}`).join(', ')}, GC ${fmt(r.gcMs)}\n`);
  }
}

if (sides.length === 2) {
  const [a, b] = sides.map((s) => runs.get(s.name)![0]!.out);
  for (const k of ['json', 'text', 'slack', 'failover'] as const) {
    if (a![k] !== b![k]) {
      process.stderr.write(`bench: OUTPUT DIFFERS: ${k}\n`);
      process.exitCode = 1;
    } else process.stderr.write(`bench: ${k} output identical (${a![k].length} chars)\n`);
  }
}

const load1 = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(`\nIn process, ${GROUPS} groups × ${PARTITIONS} partitions, median of ${RUNS}, Node ${process.version}, load average ${load1}, ${new Date().toISOString().slice(0, 10)}:\n`);
console.log(`| phase | ${sides.map((s) => s.name).join(' | ')} |`);
console.log(`|---|${sides.map(() => '---').join('|')}|`);
for (const p of PHASES) console.log(`| ${p} | ${sides.map((s) => fmt(median(runs.get(s.name)!.map((r) => r.ms[p])))).join(' | ')} |`);
const diag = (eager: boolean, of: 'ms' | 'cpuMs') => (r: Run) => r[of].checks + (eager ? r[of].readiness : 0) + r[of]['runbook + json'];
console.log(`| **diagnose --json**: checks + runbook + json (+ readiness where the Doctor computes it for every diagnosis) | ${sides.map((s) => `**${fmt(median(runs.get(s.name)!.map(diag(s.mod.eagerReadiness, 'ms'))))}**${s.mod.eagerReadiness ? ' (with readiness)' : ''}`).join(' | ')} |`);
console.log(`| its CPU (user + system) | ${sides.map((s) => fmt(median(runs.get(s.name)!.map(diag(s.mod.eagerReadiness, 'cpuMs'))))).join(' | ')} |`);
console.log(`| GC during all phases | ${sides.map((s) => fmt(median(runs.get(s.name)!.map((r) => r.gcMs)))).join(' | ')} |`);
