/**
 * `npm run bench:slack`: the Slack bot under the load of an incident, through the Slack emulator
 * (Socket Mode), each answer a real diagnosis of the lab's seed mirror (real Kafka and MM2) whose
 * source has BENCH_GROUPS (1,000) consumer groups committing on mirrored topics. The bot runs alone
 * in a child process, as compiled JavaScript (bench/slack-bot.js on dist/). Measured:
 * - the bot's RSS idle: 5 s after it started, and settled at 30 s (target ≤ 100 MB);
 * - a warm single diagnosis: one `/mm2 diagnose svl` at a time, BENCH_SINGLE times after a first
 *   one, time from the command leaving the emulator to its answer arriving (target p50 ≤ 150 ms);
 * - 20 people at once: BENCH_BURSTS bursts of BENCH_CONCURRENCY simultaneous commands, time to
 *   answer p50/p99 (they share one gathering), ack latency p50/p99, RSS peak;
 * - a Socket Mode refresh under load: BENCH_REFRESH_COMMANDS (100) commands, BENCH_REFRESH_CONCURRENCY
 *   (10) in flight at a time, and Slack's `disconnect` (refresh_requested) on every open connection
 *   when half of them have been sent. Commands lost: those Slack could not deliver (the user sees
 *   dispatch_failed or operation_timeout) or that were never answered (target 0).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../src/lab/lab.ts';
import { commitGroups } from '../src/lab/clients.ts';
import { startSeedMirror, writeLabFiles } from '../src/lab/dev-lab.ts';
import { PROJECT_ROOT } from '../src/lab/versions.ts';
import { SlackEmulator } from '../test/slack-emulator/index.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 1000);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 20);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const REFRESH_COMMANDS = Number(process.env.BENCH_REFRESH_COMMANDS ?? 100);
const REFRESH_CONCURRENCY = Number(process.env.BENCH_REFRESH_CONCURRENCY ?? 10);
/** CPU time (user + system, ms) the process has used: /proc/<pid>/stat fields 14 and 15, in clock ticks (100 per second on Linux). */
const cpu = async (pid: number) => {
  const f = (await fs.readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const rss = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await fs.readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

const lab = await Lab.start({ log: (l) => log(`lab: ${l}`) });
const emu = await SlackEmulator.start({ rateLimit: false, ackTimeoutMs: 3000 });
let child: ReturnType<typeof spawn> | undefined;
try {
  const mirror = await startSeedMirror(lab);
  // The seed mirror replicates orders.* and payments; its groups: committed without members.
  const topics = await lab.kafka('svl').admin();
  await topics.connect();
  const md = await topics.fetchTopicMetadata({ topics: ['orders', 'payments'] });
  await topics.disconnect();
  const parts = new Map(md.topics.map((t) => [t.name, t.partitions.length]));
  await commitGroups(lab.bootstrap('svl'), Array.from({ length: GROUPS }, (_, i) => {
    const topic = i % 2 ? 'payments' : 'orders';
    return { groupId: `app-${i}`, topic, offsets: Array.from({ length: parts.get(topic) ?? 1 }, () => 1) };
  }));
  log(`${GROUPS} groups committed`);
  const configFile = await writeLabFiles(lab.dir, lab, mirror);
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-bench-slack-'));
  child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bench/slack-bot.js'), configFile, emu.apiUrl, emu.botToken, emu.appToken, stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child!.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
    child!.once('exit', (c) => reject(new Error(`bot exited ${c}`)));
  });
  const botPid = child.pid!;
  // Idle: 5 s after start-up, and again at 30 s. An idle V8 keeps its start-up garbage until its
  // memory reducer runs, some seconds into idleness (measured on this machine: 114 MB at +1 s and
  // +5 s, 90 MB at +30 s); the settled figure is what a bot waiting for commands holds.
  await new Promise((r) => setTimeout(r, 5000));
  const idleEarly = await rss(botPid);
  await new Promise((r) => setTimeout(r, 25_000));
  const idle = await rss(botPid);
  let peak = Math.max(idleEarly, idle);
  const sampler = setInterval(() => void rss(botPid).then((m) => (peak = Math.max(peak, m)), () => {}), 50);

  // An answer replaces its placeholder in place: count the ones that show a verdict (Slack escapes > as &gt;).
  const answers = () => emu.ephemeral('alice').filter((m) => /svl-(>|&gt;)confluent: (ok|warning|critical|unknown)/.test(m.text));
  const acks: number[] = [];
  /** Sends one command; resolves with the time until its answer (the n-th answer overall). */
  const ask = async (n: number): Promise<number> => {
    const at = performance.now();
    const sent = Date.now();
    const cmd = emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: emu.channelId('mm2-ops') });
    await emu.waitFor(() => cmd.delivery.ack !== undefined, 10_000);
    acks.push(cmd.delivery.ack!.at - sent);
    await emu.waitFor(() => answers().length >= n, 60_000);
    return performance.now() - at;
  };
  let n = 0;
  await ask(++n); // first: connects to both clusters
  log(`first answer: ${answers()[0]!.text.slice(0, 100)}`);
  const single: number[] = [];
  const cpuBefore = await cpu(botPid);
  for (let i = 0; i < SINGLE; i++) single.push(await ask(++n));
  const cpuPerSingle = ((await cpu(botPid)) - cpuBefore) / SINGLE;
  const burst: number[] = [];
  const cpuBurst = await cpu(botPid);
  const t0 = performance.now();
  for (let b = 0; b < BURSTS; b++) {
    const base = n;
    n += CONCURRENCY;
    // Each command is answered by one of the next CONCURRENCY answers; time until all have come.
    const times = await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const at = performance.now();
        const sent = Date.now();
        const cmd = emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: emu.channelId('mm2-ops') });
        await emu.waitFor(() => cmd.delivery.ack !== undefined, 10_000);
        acks.push(cmd.delivery.ack!.at - sent);
        // Answers are not labelled per command: the i-th command's answer time is when the
        // (base+i+1)-th answer arrived at the latest, a conservative bound for each.
        await emu.waitFor(() => answers().length >= base + i + 1, 60_000);
        return performance.now() - at;
      }),
    );
    burst.push(...times);
  }
  const wall = performance.now() - t0;
  const cpuPerBurst = ((await cpu(botPid)) - cpuBurst) / BURSTS;

  // A refresh in the middle of REFRESH_COMMANDS commands, REFRESH_CONCURRENCY at a time: each worker
  // sends its next command when its previous one was acked (a user waits for Slack to take it).
  const refreshBase = answers().length;
  const connectionsBefore = emu.socket.connections;
  let sent = 0;
  const refreshDeliveries: { outcome: string }[] = [];
  await Promise.all(
    Array.from({ length: REFRESH_CONCURRENCY }, async () => {
      while (sent < REFRESH_COMMANDS) {
        sent++;
        if (sent === Math.ceil(REFRESH_COMMANDS / 2)) emu.socket.disconnect('refresh_requested');
        const cmd = emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: emu.channelId('mm2-ops') });
        refreshDeliveries.push(cmd.delivery);
        await emu.waitFor(() => cmd.delivery.outcome !== 'pending', 10_000).catch(() => undefined);
      }
    }),
  );
  n += REFRESH_COMMANDS;
  const undelivered = refreshDeliveries.filter((d) => d.outcome !== 'acked').length;
  await emu.waitFor(() => answers().length - refreshBase >= REFRESH_COMMANDS - undelivered, 120_000).catch(() => undefined);
  const refreshAnswered = answers().length - refreshBase;
  const lost = REFRESH_COMMANDS - refreshAnswered;
  clearInterval(sampler);
  console.log(`\n/mm2 diagnose svl through the Slack emulator (Socket Mode), ${GROUPS} consumer groups on the source, real lab (Kafka ${lab.version}), ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| measure | value | target |');
  console.log('|---|---|---|');
  console.log(`| bot RSS idle, settled (30 s after start-up; compiled JS) | ${idle.toFixed(0)} MB | ≤ 100 MB |`);
  console.log(`| bot RSS 5 s after start-up, before V8's memory reducer ran | ${idleEarly.toFixed(0)} MB | |`);
  console.log(`| warm single diagnosis, time to answer p50 (${SINGLE} one at a time) | ${q(single, 0.5).toFixed(0)} ms | ≤ 150 ms |`);
  console.log(`| warm single diagnosis, p99 | ${q(single, 0.99).toFixed(0)} ms | |`);
  console.log(`| warm single diagnosis, the bot's CPU per answer (user + system) | ${cpuPerSingle.toFixed(0)} ms | |`);
  console.log(`| ${CONCURRENCY} at once, time to answer p50 (${BURSTS} bursts) | ${q(burst, 0.5).toFixed(0)} ms | |`);
  console.log(`| ${CONCURRENCY} at once, time to answer p99 | ${q(burst, 0.99).toFixed(0)} ms | |`);
  console.log(`| ${CONCURRENCY} at once, wall time per burst (mean) | ${(wall / BURSTS).toFixed(0)} ms | |`);
  console.log(`| ${CONCURRENCY} at once, the bot's CPU per burst (user + system) | ${cpuPerBurst.toFixed(0)} ms | |`);
  console.log(`| ack latency p50 / p99 / max (${acks.length} commands) | ${q(acks, 0.5).toFixed(0)} / ${q(acks, 0.99).toFixed(0)} / ${Math.max(...acks).toFixed(0)} ms | p99 ≤ 100 ms; < 3000 ms (Slack's limit) |`);
  console.log(`| answers delivered | ${answers().length} / ${n} | all |`);
  console.log(`| refresh \`disconnect\` after ${REFRESH_COMMANDS / 2} of ${REFRESH_COMMANDS} commands, ${REFRESH_CONCURRENCY} in flight: commands lost | **${lost}** (${undelivered} not delivered: dispatch_failed or timed out; ${refreshAnswered} answered) | 0 |`);
  console.log(`| socket connections before the refresh / accepted in all | ${connectionsBefore} / ${emu.socket.accepted} | |`);
  console.log(`| bot RSS peak under load | ${peak.toFixed(0)} MB | |`);
} finally {
  child?.kill('SIGTERM');
  await emu.stop();
  await lab.stop();
}
