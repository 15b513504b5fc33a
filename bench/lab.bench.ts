/**
 * `npm run bench:lab`: how long the lab takes to be usable.
 * - cold: jars fetched from Maven Central into an empty Maven repository and an empty lib folder;
 * - warm: jars present; two KRaft clusters + Connect + all three MM2 connectors RUNNING.
 * Prints a Markdown table (paste into BENCHMARKS.md). Target: warm ≤ 40 s on 2 cores.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureJars } from '../src/lab/jars.ts';
import { Lab } from '../src/lab/lab.ts';
import { normalizeKafkaVersion } from '../src/lab/versions.ts';

const version = normalizeKafkaVersion(process.argv[2] ?? process.env.MM2_DOCTOR_KAFKA);
const runs = Number(process.env.BENCH_RUNS ?? 3);

async function coldFetch(): Promise<number> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-cold-'));
  const t = performance.now();
  await ensureJars(version, () => {}, { dir: path.join(tmp, 'lib'), mavenRepo: path.join(tmp, 'm2') });
  const ms = performance.now() - t;
  await fs.rm(tmp, { recursive: true, force: true });
  return ms;
}

async function warmStart(): Promise<{ total: number; clusters: number; connect: number; connectors: number; rssMb: number }> {
  const t0 = performance.now();
  let tClusters = 0;
  const lab = await Lab.start({
    kafkaVersion: version,
    log: (l) => {
      if (l.startsWith('starting Kafka Connect')) tClusters = performance.now() - t0;
    },
  });
  const tConnect = performance.now() - t0;
  const m = await lab.addMirror({ topicsPattern: 'bench.*' });
  const status = await m.waitRunning();
  const total = performance.now() - t0;
  if (Object.keys(status).length !== 3) throw new Error('not all three MM2 connectors are RUNNING');
  let rss = 0;
  for (const pid of [...lab.clusters.values()].map((c) => c.pid).concat(lab.worker?.pid)) {
    const s = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    rss += Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024;
  }
  await lab.stop();
  return { total, clusters: tClusters, connect: tConnect - tClusters, connectors: total - tConnect, rssMb: rss };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cold = await coldFetch();
const warm = [];
for (let i = 0; i < runs; i++) warm.push(await warmStart());
warm.sort((a, b) => a.total - b.total);
const med = warm[Math.floor(warm.length / 2)]!;
console.log(`\nKafka ${version}, ${os.cpus().length} cores, Node ${process.version}, ${runs} warm runs (median shown)\n`);
console.log('| measure | time |');
console.log('|---|---|');
console.log(`| cold jar fetch (empty Maven repo, from Maven Central) | ${fmt(cold)} |`);
console.log(`| warm: two KRaft clusters ready | ${fmt(med.clusters)} |`);
console.log(`| warm: + Connect worker ready | ${fmt(med.clusters + med.connect)} |`);
console.log(`| warm: + three MM2 connectors RUNNING (total, target ≤ 40 s) | ${fmt(med.total)} |`);
console.log(`| warm: total, slowest of ${runs} | ${fmt(warm[warm.length - 1]!.total)} |`);
console.log(`| RSS of the three JVMs | ${med.rssMb.toFixed(0)} MB |`);
