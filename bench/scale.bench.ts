/**
 * `npm run bench:scale`: what a diagnosis costs as the work grows beyond groups (groups are in
 * bench:diagnose), each point a whole process on the compiled code, median of BENCH_RUNS:
 * - partitions: 1,000 groups committing on a topic of P partitions (P = 2, 20, 100), diagnosed by
 *   `mm2-doctor diagnose --json` (time, peak RSS);
 * - mirrors: M mirrors (M = 1, 5, 10, 20) over the lab's two clusters, each under its own aliases
 *   (the way MM2 flows are told apart), one of them run by real MM2, diagnosed by one doctor 4 at a
 *   time as a digest does (bench/digest-once.js): the first round (connecting) and a second round
 *   on the open connections. Target (issue 13): a digest of 20 mirrors over two clusters ≤ 5 s.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { Lab } from '../src/lab/lab.ts';
import { commitGroups, produce } from '../src/lab/clients.ts';
import { botConfigFor, startSeedMirror } from '../src/lab/dev-lab.ts';
import { PROJECT_ROOT } from '../src/lab/versions.ts';
import { fmt, median, spread, timeProcess } from './whole-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GROUPS = 1_000;
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

const lab = await Lab.start({ log: (l) => log(`lab: ${l}`) });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-scale-'));
try {
  const seed = await startSeedMirror(lab);
  await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(seed.cr));
  const cli = path.join(PROJECT_ROOT, 'bin/mm2-doctor.js');

  // Partitions: a fresh set of 1,000 groups per width, on a topic the seed mirror replicates
  // (orders.*), the other groups staying on the cluster as a real shared cluster's would.
  const partitionRows: string[] = [];
  for (const width of [2, 20, 100]) {
    const topic = `orders-w${width}`;
    await produce(lab.kafka('svl'), topic, width * 20, { create: { partitions: width } });
    await commitGroups(lab.bootstrap('svl'), Array.from({ length: GROUPS }, (_, i) => ({ groupId: `w${width}-app-${i}`, topic, offsets: Array.from({ length: width }, () => 5) })));
    const configFile = path.join(dir, `w${width}.yaml`);
    await fs.writeFile(configFile, botConfigFor(lab.info, seed, 'kmm2.yaml'));
    const ms: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timeProcess(process.execPath, [cli, 'diagnose', 'svl', '--json', '--config', configFile]);
      // Exit 3 with an answer is a verdict (unknown), not a failure of the bench.
      if (r.code === null || (r.code > 2 && !r.stdout.startsWith('{'))) throw new Error(`mm2-doctor exited ${r.code}: ${r.stderr}`);
      ms.push(r.ms);
      if (r.rssMb) rss.push(r.rssMb);
    }
    const total = (width === 2 ? 1 : width === 20 ? 2 : 3) * GROUPS;
    partitionRows.push(`| ${GROUPS.toLocaleString('en')} groups × ${width} partitions (${total.toLocaleString('en')} groups on the cluster) | ${fmt(median(ms))} (${spread(ms)}) | ${rss.length ? `${median(rss).toFixed(0)} MB` : 'n/a'} |`);
    log(partitionRows.at(-1)!);
  }

  // Mirrors: M configured mirrors over the two clusters, aliases s<i>/t<i>, the first the seed's.
  const mirrorRows: string[] = [];
  for (const count of [1, 5, 10, 20]) {
    const doc = YAML.parse(botConfigFor(lab.info, seed, 'kmm2.yaml')) as { clusters: Record<string, unknown>; mirrors: Record<string, unknown>[] };
    for (let i = 1; i < count; i++) {
      doc.clusters[`s${i}`] = { bootstrap: lab.bootstrap('svl') };
      doc.clusters[`t${i}`] = { bootstrap: lab.bootstrap('confluent') };
      doc.mirrors.push({ source: `s${i}`, target: `t${i}`, kafkaVersion: lab.version, connect: { url: lab.info.connectUrl } });
    }
    const configFile = path.join(dir, `m${count}.yaml`);
    await fs.writeFile(configFile, YAML.stringify(doc));
    const first: number[] = [];
    const warm: number[] = [];
    const whole: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timeProcess(process.execPath, [path.join(PROJECT_ROOT, 'bench/digest-once.js'), configFile, '2']);
      if (r.code !== 0) throw new Error(`digest-once exited ${r.code}: ${r.stderr}`);
      const rounds = JSON.parse(r.stdout) as { ms: number; verdicts: string[] }[];
      if (rounds[0]!.verdicts.length !== count) throw new Error(`diagnosed ${rounds[0]!.verdicts.length} of ${count}`);
      first.push(rounds[0]!.ms);
      warm.push(rounds[1]!.ms);
      whole.push(r.ms);
      if (r.rssMb) rss.push(r.rssMb);
    }
    mirrorRows.push(`| ${count} | ${fmt(median(first))} (${spread(first)}) | ${fmt(median(warm))} (${spread(warm)}) | ${fmt(median(whole))} | ${rss.length ? `${median(rss).toFixed(0)} MB` : 'n/a'} |`);
    log(mirrorRows.at(-1)!);
  }

  console.log(`\nKafka ${lab.version}, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${RUNS} (min–max)\n`);
  console.log('| partitions: `mm2-doctor diagnose svl --json`, whole process | time | peak RSS |');
  console.log('|---|---|---|');
  for (const r of partitionRows) console.log(r);
  console.log('\n| mirrors over two clusters, one doctor, 4 at a time | first round (connecting) | second round (open connections) | whole process, both rounds | peak RSS |');
  console.log('|---|---|---|---|---|');
  for (const r of mirrorRows) console.log(r);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
  await lab.stop();
}
