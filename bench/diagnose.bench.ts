/**
 * `npm run bench:diagnose`: one mirror whose source has 1,000 consumer groups committing on
 * mirrored topics plus 100 excluded ones (`console-consumer-*`). In one run, side by side:
 * - mm2-doctor's full diagnosis (fresh process; duration and peak RSS);
 * - the document's manual runbook with Kafka's own CLI tools from the lab's jars: consumer groups
 *   --list and --describe --all-groups, kafka-topics --describe on the internal topics, and the
 *   console consumer with MM2's CheckpointFormatter on the checkpoints topic.
 * Targets: diagnosis ≤ 2 s, ≥ 10× faster than the runbook, RSS ≤ 200 MB.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { Lab } from '../src/lab/lab.ts';
import { produce } from '../src/lab/clients.ts';
import { botConfigFor } from '../src/lab/dev-lab.ts';
import { PROJECT_ROOT } from '../src/lab/versions.ts';

const run = promisify(execFile);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 1000);
const EXCLUDED = Number(process.env.BENCH_EXCLUDED ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const lab = await Lab.start({ log: (l) => console.error(`lab: ${l}`) });
try {
  const mirror = await lab.addMirror({ topicsPattern: 'bench-.*', name: 'bench' });
  const kafka = lab.kafka('svl');
  await produce(kafka, 'bench-orders', 2_000, { create: { partitions: 6 } });
  await produce(kafka, 'bench-payments', 500, { create: { partitions: 2 } });
  // Groups with committed offsets and no members (OffsetCommit with generation -1): what
  // kafka-consumer-groups --reset-offsets leaves behind. MM2 lists them like any consumer group.
  const admin = kafka.admin();
  await admin.connect();
  const commit = async (groupId: string, i: number) =>
    admin.setOffsets({ groupId, topic: i % 2 ? 'bench-payments' : 'bench-orders', partitions: Array.from({ length: i % 2 ? 2 : 6 }, (_, p) => ({ partition: p, offset: String(10 + (i % 50)) })) });
  const names = [...Array.from({ length: GROUPS }, (_, i) => [`app-${i}`, i] as const), ...Array.from({ length: EXCLUDED }, (_, i) => [`console-consumer-${10_000 + i}`, i] as const)];
  for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map(([g, n]) => commit(g, n)));
  await admin.disconnect();
  console.error(`bench: ${GROUPS} + ${EXCLUDED} groups committed`);
  // Let MM2 discover the groups and write checkpoints, so both sides read a realistic topic.
  await new Promise((r) => setTimeout(r, 8_000));

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-bench-'));
  await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(mirror.cr));
  const configFile = path.join(dir, 'mm2-doctor.yaml');
  await fs.writeFile(configFile, botConfigFor(lab.info, mirror, 'kmm2.yaml'));

  const tsx = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');
  const doctorRuns: { ms: number; rssMb: number; verdict: string; rootCause: string | null; groups: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await run(tsx, [path.join(PROJECT_ROOT, 'bench/diagnose-once.ts'), configFile, 'svl'], { maxBuffer: 1 << 24 });
    doctorRuns.push(JSON.parse(stdout.trim().split('\n').pop()!));
  }

  const cp = `${lab.jars!.dir}/*`;
  const log4j = path.join(dir, 'tools-log4j.properties');
  await fs.writeFile(log4j, 'log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.Target=System.err\n');
  const tool = async (main: string, args: string[]) => {
    const t = performance.now();
    const r = await run('java', ['-Xmx256m', `-Dlog4j.configuration=file:${log4j}`, `-Dlog4j2.configurationFile=${log4j}`, '-cp', cp, main, ...args], { maxBuffer: 1 << 26 });
    return { ms: performance.now() - t, lines: r.stdout.split('\n').length };
  };
  const src = lab.bootstrap('svl');
  const tgt = lab.bootstrap('confluent');
  const runbook = async () => {
    const steps = [
      ['kafka-consumer-groups --list', await tool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', src, '--list'])],
      ['kafka-consumer-groups --describe --all-groups', await tool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', src, '--describe', '--all-groups'])],
      ['kafka-topics --describe (offset-syncs, source)', await tool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', src, '--describe', '--topic', 'mm2-offset-syncs.confluent.internal'])],
      ['kafka-topics --describe (checkpoints, target)', await tool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', tgt, '--describe', '--topic', 'svl.checkpoints.internal'])],
      [
        'kafka-console-consumer --formatter CheckpointFormatter',
        await tool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', tgt, '--topic', 'svl.checkpoints.internal', '--from-beginning', '--timeout-ms', '3000', '--formatter', 'org.apache.kafka.connect.mirror.formatters.CheckpointFormatter']),
      ],
    ] as const;
    return steps;
  };
  const rb = await runbook();
  const rbTotal = rb.reduce((n, [, r]) => n + r.ms, 0);
  doctorRuns.sort((a, b) => a.ms - b.ms);
  const med = doctorRuns[Math.floor(doctorRuns.length / 2)]!;
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  console.log(`\nKafka ${lab.version}, ${os.cpus().length} cores, ${GROUPS} committing groups + ${EXCLUDED} excluded (console-consumer-*), ${RUNS} diagnosis runs (median)\n`);
  console.log('| what | time | notes |');
  console.log('|---|---|---|');
  console.log(`| **mm2-doctor diagnose svl** (full diagnosis, fresh process) | **${fmt(med.ms)}** | verdict ${med.verdict}, root cause ${med.rootCause ?? 'none'}, ${med.groups} groups read; peak RSS ${med.rssMb.toFixed(0)} MB |`);
  for (const [name, r] of rb) console.log(`| runbook: ${name} | ${fmt(r.ms)} | ${r.lines} output lines |`);
  console.log(`| **runbook total** | **${fmt(rbTotal)}** | |`);
  console.log(`| **ratio** | **${(rbTotal / med.ms).toFixed(1)}×** | targets: ≤ 2 s, ≥ 10×, RSS ≤ 200 MB |`);
  await fs.rm(dir, { recursive: true, force: true });
} finally {
  await lab.stop();
}
