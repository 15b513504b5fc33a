/**
 * `npm run bench:diagnose`: what a user waits for, side by side with the manual runbook, in one run
 * on one lab, as the source grows. One mirror (`svl->confluent`, real MM2 on the lab) replicates
 * `bench-.*`; its source gets BENCH_SIZES committing consumer groups (default 100, then 1,000,
 * then 10,000, each size adding to the last) plus a tenth as many excluded ones
 * (`console-consumer-*`). At each size, once MM2's checkpoints have settled:
 * - `mm2-doctor diagnose svl --json` as a whole process (the compiled bin, spawn to exit, Node's
 *   start-up and module loading included), BENCH_RUNS times (median, min–max, peak RSS);
 * - the seed document's runbook with Kafka's own CLI tools from the lab's jars, each a whole JVM
 *   process as typed: kafka-consumer-groups --list and --describe --all-groups, kafka-topics
 *   --describe of both internal topics, and the console consumer with MM2's CheckpointFormatter,
 *   stopped by --max-messages at the checkpoints topic's record count (no fixed wait);
 *   RUNBOOK_RUNS times (median, min–max).
 * Once settled, and only for the measuring, the checkpoint connector goes back to Kafka's default
 * intervals (emit.checkpoints.interval.seconds 60, refresh.groups.interval.seconds 600; the resource
 * file the bot reads says so too) and the Connect worker's JVM runs at nice 19: the lab's test-speed
 * setting of 1 s makes MM2 list and read the offsets of every group every second, which at 10,000
 * groups kept 1.5 of the machine's 2 cores busy and slowed both sides of the comparison (and MM2
 * does not share the bot's machine in production). Both sides are measured under the same
 * conditions; the next size restores the fast intervals to let MM2 find its new groups.
 * Before the runs it waits (at most 180 s) until the lab leaves the machine under 15% busy, and
 * runs each side once unmeasured: the lab's brokers are fresh JVMs, which a production broker is not.
 * Targets (issue 13): 10,000 groups ≤ 2 s whole process and ≥ 20× faster than the runbook.
 * BENCH_BEFORE=<dir>: also times `<dir>/bin/mm2-doctor.js` (another checkout, built) on the same lab,
 * alternating with this one run by run, and prints its row beside this one's.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { Lab } from '../src/lab/lab.ts';
import { commitGroups, produce } from '../src/lab/clients.ts';
import { botConfigFor } from '../src/lab/dev-lab.ts';
import { FAST_SETTINGS } from '../src/lab/mirror.ts';
import { PROJECT_ROOT } from '../src/lab/versions.ts';
import { ReadOnlyKafka } from '../src/kafka/read-only-kafka.ts';
import { fmt, median, spread, timeProcess } from './whole-process.ts';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUNBOOK_RUNS = Number(process.env.RUNBOOK_RUNS ?? 5);
const BEFORE = process.env.BENCH_BEFORE ? path.resolve(process.env.BENCH_BEFORE) : undefined;
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** Self time of a V8 CPU profile grouped as Node internals, GC, idle, each package, and our folders. */
async function profileSummary(profDir: string): Promise<string> {
  const [file] = await fs.readdir(profDir);
  const p = JSON.parse(await fs.readFile(path.join(profDir, file!), 'utf8')) as { nodes: { id: number; callFrame: { url: string; functionName: string } }[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const { url, functionName } = byId.get(id)!.callFrame;
    const key = functionName === '(garbage collector)' ? 'GC' : functionName === '(idle)' ? 'idle (waiting on the network)' : /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? /dist\/(src\/[^/]+|commands)/.exec(url)?.[1] ?? (url.startsWith('node:') || !url ? 'Node internals' : 'other');
    const dt = p.timeDeltas[i] ?? 0;
    groups.set(key, (groups.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...groups].sort((a, b) => b[1] - a[1]).slice(0, 7).map(([k, t]) => `${k} ${((100 * t) / total).toFixed(0)}%`).join(', ') + ` (of ${fmt(total / 1000)})`;
}

interface SizeResult {
  groups: number;
  doctor: { ms: number[]; cpuMs: number[]; rssMb: number[]; verdict: string; rootCause: string | null; groupsRead: number };
  /** The BENCH_BEFORE checkout's runs, alternating with `doctor`'s. */
  before?: SizeResult['doctor'];
  runbook: { name: string; ms: number[]; lines: number[]; failures: string[] }[];
  checkpoints: number;
}

const lab = await Lab.start({ log: (l) => log(`lab: ${l}`) });
/** The whole machine's busy share over `ms`, from the kernel's CPU counters (all cores). */
async function busyShare(ms: number): Promise<number> {
  const sum = () => os.cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, all: a.all + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, all: 0 });
  const a = sum();
  await new Promise((r) => setTimeout(r, ms));
  const b = sum();
  return 1 - (b.idle - a.idle) / Math.max(1, b.all - a.all);
}

/**
 * Waits, at most 180 s, until the lab leaves the machine quiet (under 15% busy over 5 s): MM2's
 * restarted checkpoint task loads its stores, re-reads every group and writes its first checkpoints
 * for a while after the 75 s wait, and a measurement taken during it times the lab, not the bot.
 * Says how quiet it got and how long that took.
 */
async function machineQuiet(): Promise<string> {
  const t = performance.now();
  let busy = 1;
  while (performance.now() - t < 180_000 && (busy = await busyShare(5_000)) >= 0.15);
  return `machine ${(busy * 100).toFixed(0)}% busy over 5 s after ${fmt(performance.now() - t)}${busy >= 0.15 ? ' (never quiet: measuring anyway)' : ''}`;
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-bench-'));
try {
  const mirror = await lab.addMirror({ topicsPattern: 'bench-.*', name: 'bench' });
  const src = lab.bootstrap('svl');
  const tgt = lab.bootstrap('confluent');
  await produce(lab.kafka('svl'), 'bench-orders', 2_000, { create: { partitions: 6 } });
  await produce(lab.kafka('svl'), 'bench-payments', 500, { create: { partitions: 2 } });
  await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(mirror.cr));
  /**
   * The checkpoint connector's group refresh and emission intervals, in the resource and on Connect:
   * 1 s while MM2 has groups to find, Kafka's defaults while measuring (see the header). The
   * resource file changes with the connector, so the bot's config comparison stays quiet.
   */
  const setCheckpointIntervals = async (emit: number, refresh: number) => {
    const cfg = mirror.spec.checkpointConnector!.config!;
    if (cfg['emit.checkpoints.interval.seconds'] === emit && cfg['refresh.groups.interval.seconds'] === refresh) return;
    cfg['emit.checkpoints.interval.seconds'] = emit;
    cfg['refresh.groups.interval.seconds'] = refresh;
    await mirror.apply();
    await mirror.waitRunning();
    await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(mirror.cr));
  };
  const connectPid = lab.worker?.pid;
  // Every thread: on Linux a nice value is per thread, and `renice -p <pid>` reaches only the main
  // one. Threads started later inherit it from their creator. (In the lab MM2's checkpoint producer
  // thread kept ~75% of a core busy even while the task slept.)
  const renice = (n: number) => {
    if (!connectPid) return;
    const tids = readdirSync(`/proc/${connectPid}/task`);
    execFileSync('renice', ['-n', String(n), '-p', ...tids], { stdio: 'ignore' });
  };
  const configFile = path.join(dir, 'mm2-doctor.yaml');
  await fs.writeFile(configFile, botConfigFor(lab.info, mirror, 'kmm2.yaml'));
  const target = new ReadOnlyKafka({ alias: 'confluent', bootstrap: [tgt], timeoutMs: 30_000 });
  const checkpointsTopic = 'svl.checkpoints.internal';
  const checkpointRecords = async () => {
    const o = await target.topicOffsets(checkpointsTopic).catch(() => []);
    return o.reduce((n, p) => n + Number(p.end - p.start), 0);
  };

  const cp = `${lab.jars!.dir}/*`;
  const log4j = path.join(dir, 'tools-log4j.properties');
  await fs.writeFile(log4j, 'log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.Target=System.err\n');
  const tool = async (main: string, args: string[]) => {
    const r = await timeProcess('java', ['-Xmx256m', `-Dlog4j.configuration=file:${log4j}`, `-Dlog4j2.configurationFile=${log4j}`, '-cp', cp, main, ...args]);
    if (r.code !== 0) throw new Error(`${main} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter(Boolean);
    // A tool that gave up (e.g. a TimeoutException on a loaded machine) still exits 0: keep what it said.
    return { ms: r.ms, lines: r.stdout.split('\n').filter(Boolean).length, said: lines.find((l) => /exception|error|timed? ?out/i.test(l)) };
  };
  const runbookSteps = (records: number): [string, string, string[]][] => [
    ['kafka-consumer-groups --list', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', src, '--list']],
    ['kafka-consumer-groups --describe --all-groups', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', src, '--describe', '--all-groups']],
    ['kafka-topics --describe (offset-syncs, source)', 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', src, '--describe', '--topic', 'mm2-offset-syncs.confluent.internal']],
    ['kafka-topics --describe (checkpoints, target)', 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', tgt, '--describe', '--topic', checkpointsTopic]],
    [
      `kafka-console-consumer --formatter CheckpointFormatter --max-messages ${records}`,
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      // --max-messages stops it at the records that are there; --timeout-ms is only a safety net.
      ['--bootstrap-server', tgt, '--topic', checkpointsTopic, '--from-beginning', '--max-messages', String(records), '--timeout-ms', '60000', '--formatter', 'org.apache.kafka.connect.mirror.formatters.CheckpointFormatter'],
    ],
  ];

  const results: SizeResult[] = [];
  const profiles: string[] = [];
  let committed = 0;
  for (const size of SIZES) {
    // Grow the source to `size` committing groups (+ a tenth excluded ones), a few clients, seconds.
    const groups = [];
    for (let i = committed; i < size; i++) groups.push({ groupId: `app-${i}`, topic: i % 2 ? 'bench-payments' : 'bench-orders', offsets: Array.from({ length: i % 2 ? 2 : 6 }, () => 10 + (i % 50)) });
    for (let i = Math.floor(committed / 10); i < Math.floor(size / 10); i++) groups.push({ groupId: `console-consumer-${10_000 + i}`, topic: 'bench-orders', offsets: [5, 5, 5, 5, 5, 5] });
    renice(0);
    await setCheckpointIntervals(Number(FAST_SETTINGS.checkpoint['emit.checkpoints.interval.seconds']), Number(FAST_SETTINGS.checkpoint['refresh.groups.interval.seconds']));
    let t = performance.now();
    await commitGroups(src, groups);
    committed = size;
    log(`${size} + ${Math.floor(size / 10)} groups committed (${groups.length} new in ${fmt(performance.now() - t)})`);
    // Let MM2 discover the new groups and write their checkpoints: wait until the checkpoints
    // topic has grown past what the last size left and then stops growing (two polls 3 s apart),
    // at most 120 s.
    t = performance.now();
    const before = await checkpointRecords();
    let last = -1;
    for (;;) {
      await new Promise((r) => setTimeout(r, 3_000));
      const n = await checkpointRecords();
      if (n > before && n === last) break;
      if (performance.now() - t > 120_000) {
        log(`checkpoints still growing after 120 s (${n} records); measuring anyway`);
        break;
      }
      last = n;
    }
    const doctor: SizeResult['doctor'] = { ms: [], cpuMs: [], rssMb: [], verdict: '', rootCause: null, groupsRead: 0 };
    const beforeDoctor: SizeResult['doctor'] | undefined = BEFORE ? { ms: [], cpuMs: [], rssMb: [], verdict: '', rootCause: null, groupsRead: 0 } : undefined;
    const sides: [string, SizeResult['doctor']][] = [[PROJECT_ROOT, doctor], ...(BEFORE && beforeDoctor ? [[BEFORE, beforeDoctor] as [string, SizeResult['doctor']]] : [])];
    // Kafka's defaults while measuring; the restarted task emits its first checkpoints one interval
    // after it starts (MirrorCheckpointTask.poll), so wait that interval out and let it finish.
    await setCheckpointIntervals(60, 600);
    renice(19);
    await new Promise((r) => setTimeout(r, 75_000));
    const quiet = await machineQuiet();
    const records = await checkpointRecords();
    log(`MM2 settled in ${fmt(performance.now() - t)}: ${records} checkpoint records; checkpoint connector at Kafka's default intervals, Connect worker at nice 19; ${quiet}`);
    // One unmeasured run per side: the lab's brokers are minutes-old JVMs whose request paths for
    // 10,000 groups have not been compiled yet, unlike a production broker's.
    for (const [root] of sides) await timeProcess(process.execPath, [path.join(root, 'bin/mm2-doctor.js'), 'diagnose', 'svl', '--json', '--config', configFile]);

    for (let i = 0; i < RUNS * sides.length; i++) {
      const [root, into] = sides[(i + Math.floor(i / sides.length)) % sides.length]!;
      const r = await timeProcess(process.execPath, [path.join(root, 'bin/mm2-doctor.js'), 'diagnose', 'svl', '--json', '--config', configFile]);
      // Exit 3 is also an answer (verdict unknown), when it printed one.
      let j: { verdict: string; rootCause: { code: string } | null; findings: { code: string; title: string }[] };
      try {
        j = JSON.parse(r.stdout) as typeof j;
      } catch {
        throw new Error(`mm2-doctor exited ${r.code} without an answer: ${r.stderr}`);
      }
      if (j.verdict === 'unknown') log(`verdict unknown: ${j.findings.map((f) => `${f.code}: ${f.title}`).join('; ')}`);
      into.ms.push(r.ms);
      if (r.rssMb) into.rssMb.push(r.rssMb);
      if (r.cpuMs !== undefined) into.cpuMs.push(r.cpuMs);
      into.verdict = j.verdict;
      into.rootCause = j.rootCause?.code ?? null;
    }
    if (beforeDoctor) log(`mm2-doctor (BENCH_BEFORE) at ${size}: ${fmt(median(beforeDoctor.ms))} (${spread(beforeDoctor.ms)}), CPU ${beforeDoctor.cpuMs.length ? fmt(median(beforeDoctor.cpuMs)) : 'n/a'}, ${beforeDoctor.verdict}`);
    log(`mm2-doctor at ${size}: ${fmt(median(doctor.ms))} (${spread(doctor.ms)}), ${doctor.verdict}`);
    // Where the time of one more run goes: V8's CPU profile, self time by package and folder.
    const profDir = path.join(dir, `prof-${size}`);
    await timeProcess(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, path.join(PROJECT_ROOT, 'bin/mm2-doctor.js'), 'diagnose', 'svl', '--json', '--config', configFile]);
    profiles.push(`${size.toLocaleString('en')} groups: ${await profileSummary(profDir)}`);
    const runbook = runbookSteps(records).map(([name]) => ({ name, ms: [] as number[], lines: [] as number[], failures: [] as string[] }));
    for (let i = 0; i < RUNBOOK_RUNS; i++) {
      for (const [k, [, main, args]] of runbookSteps(records).entries()) {
        const r = await tool(main, args);
        runbook[k]!.ms.push(r.ms);
        runbook[k]!.lines.push(r.lines);
        if (r.said) runbook[k]!.failures.push(r.said.slice(0, 160));
      }
    }
    const totals = Array.from({ length: RUNBOOK_RUNS }, (_, i) => runbook.reduce((n, s) => n + s.ms[i]!, 0));
    log(`runbook at ${size}: ${fmt(median(totals))} (${spread(totals)})`);
    results.push({ groups: size, doctor, runbook, checkpoints: records, ...(beforeDoctor && { before: beforeDoctor }) });
  }
  await target.close();

  const totalsOf = (r: SizeResult) => Array.from({ length: RUNBOOK_RUNS }, (_, i) => r.runbook.reduce((n, s) => n + s.ms[i]!, 0));
  console.log(`\nKafka ${lab.version}, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; mm2-doctor median of ${RUNS}, runbook median of ${RUNBOOK_RUNS} (min–max)\n`);
  console.log('| committing groups (+ excluded) | mm2-doctor diagnose svl --json, whole process | its CPU (user + system) | peak RSS | verdict | runbook total, whole JVM processes | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const rb = totalsOf(r);
    console.log(
      `| ${r.groups.toLocaleString('en')} (+${Math.floor(r.groups / 10).toLocaleString('en')}) | **${fmt(median(r.doctor.ms))}** (${spread(r.doctor.ms)}) | ${r.doctor.cpuMs.length ? fmt(median(r.doctor.cpuMs)) : 'n/a'} | ${r.doctor.rssMb.length ? `${median(r.doctor.rssMb).toFixed(0)} MB` : 'n/a'} | ${r.doctor.verdict}, root cause ${r.doctor.rootCause ?? 'none'} | ${fmt(median(rb))} (${spread(rb)}) | **${(median(rb) / median(r.doctor.ms)).toFixed(1)}×** |`,
    );
  }
  if (BEFORE) {
    console.log(`\nSame lab, same runs, alternating: this checkout against BENCH_BEFORE (${BEFORE})\n`);
    console.log('| committing groups | BENCH_BEFORE: whole process | its CPU | peak RSS | this checkout: whole process | its CPU | peak RSS |');
    console.log('|---|---|---|---|---|---|---|');
    const row = (d: SizeResult['doctor']) => `${fmt(median(d.ms))} (${spread(d.ms)}) | ${d.cpuMs.length ? fmt(median(d.cpuMs)) : 'n/a'} | ${d.rssMb.length ? `${median(d.rssMb).toFixed(0)} MB` : 'n/a'}`;
    for (const r of results) if (r.before) console.log(`| ${r.groups.toLocaleString('en')} | ${row(r.before)} | ${row(r.doctor)} |`);
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    const slope = (median(b.doctor.ms) - median(a.doctor.ms)) / ((b.groups - a.groups) / 1000);
    const rbSlope = (median(totalsOf(b)) - median(totalsOf(a))) / ((b.groups - a.groups) / 1000);
    const rss = b.doctor.rssMb.length && a.doctor.rssMb.length ? ((median(b.doctor.rssMb) - median(a.doctor.rssMb)) / ((b.groups - a.groups) / 1000)).toFixed(1) : 'n/a';
    console.log(`\nslope ${a.groups}→${b.groups}: mm2-doctor +${slope.toFixed(0)} ms and +${rss} MB per 1,000 groups; runbook +${rbSlope.toFixed(0)} ms per 1,000 groups`);
  }
  console.log('\nCPU profile of one more mm2-doctor run (self time, share of samples):\n');
  for (const p of profiles) console.log(`- ${p}`);
  for (const r of results) {
    console.log(`\nRunbook steps at ${r.groups.toLocaleString('en')} groups (${r.checkpoints} checkpoint records):\n`);
    console.log('| step | median | min–max | output lines per run | errors printed |');
    console.log('|---|---|---|---|---|');
    for (const s of r.runbook) console.log(`| ${s.name} | ${fmt(median(s.ms))} | ${spread(s.ms)} | ${s.lines.join(', ')} | ${s.failures.length ? `${s.failures.length}: ${s.failures[0]}` : 'none'} |`);
  }
} finally {
  await fs.rm(dir, { recursive: true, force: true });
  await lab.stop();
}
