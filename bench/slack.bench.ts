/**
 * `npm run bench:slack`: 200 `/mm2 diagnose` slash commands at concurrency 20 through the Slack
 * emulator (Socket Mode) while the diagnoses run against the real lab. The bot runs alone in a
 * child process. Reports ack latency p50/p99 (target p99 ≤ 100 ms) and the bot's RSS idle and
 * under that load (target idle ≤ 120 MB).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../src/lab/lab.ts';
import { startSeedMirror, writeLabFiles } from '../src/lab/dev-lab.ts';
import { PROJECT_ROOT } from '../src/lab/versions.ts';
import { SlackEmulator } from '../test/slack-emulator/index.ts';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const rss = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await fs.readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const lab = await Lab.start({ log: (l) => console.error(`lab: ${l}`) });
const emu = await SlackEmulator.start({ rateLimit: false, ackTimeoutMs: 3000 });
let child: ReturnType<typeof spawn> | undefined;
try {
  await startSeedMirror(lab);
  const configFile = await writeLabFiles(lab.dir, lab, lab.mirrors[0]!);
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-bench-slack-'));
  child = spawn(path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [path.join(PROJECT_ROOT, 'bench/slack-bot.ts'), configFile, emu.apiUrl, emu.botToken, emu.appToken, stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child!.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
    child!.once('exit', (c) => reject(new Error(`bot exited ${c}`)));
  });
  // tsx runs the script in a child node process: measure that one (the bot), not the loader.
  const botPid = Number((await fs.readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(/\s+/)[0] || child.pid);
  await new Promise((r) => setTimeout(r, 2000));
  const idle = await rss(botPid);

  const acks: number[] = [];
  let peak = idle;
  const sampler = setInterval(() => void rss(botPid).then((m) => (peak = Math.max(peak, m)), () => {}), 50);
  const answers = () => emu.ephemeral('alice').filter((m) => m.text.includes('critical')).length;
  let sent = 0;
  const t0 = performance.now();
  // Each worker keeps one command in flight: at most CONCURRENCY unanswered at any time.
  const worker = async () => {
    while (sent < COMMANDS) {
      const mine = ++sent;
      const at = Date.now();
      const cmd = emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: emu.channelId('mm2-ops') });
      await emu.waitFor(() => cmd.delivery.ack !== undefined, 10_000);
      acks.push(cmd.delivery.ack!.at - at);
      await emu.waitFor(() => answers() >= mine - CONCURRENCY + 1, 60_000);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await emu.waitFor(() => answers() >= COMMANDS, 120_000).catch(() => undefined);
  const wall = performance.now() - t0;
  clearInterval(sampler);
  await emu.waitFor(() => emu.ephemeral('alice').filter((m) => m.text.includes('critical')).length >= COMMANDS, 60_000).catch(() => undefined);
  const answered = answers();
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  console.log(`\n${COMMANDS} × /mm2 diagnose svl at concurrency ${CONCURRENCY}, Socket Mode, real lab (Kafka ${lab.version}), ${os.cpus().length} cores\n`);
  console.log('| measure | value | target |');
  console.log('|---|---|---|');
  console.log(`| ack latency p50 | ${q(acks, 0.5).toFixed(0)} ms | |`);
  console.log(`| ack latency p99 | ${q(acks, 0.99).toFixed(0)} ms | ≤ 100 ms |`);
  console.log(`| ack latency max | ${Math.max(...acks).toFixed(0)} ms | < 3000 ms (Slack's limit) |`);
  console.log(`| answers delivered | ${answered} / ${COMMANDS} | all |`);
  console.log(`| wall time for all commands | ${(wall / 1000).toFixed(1)} s | |`);
  console.log(`| bot RSS idle | ${idle.toFixed(0)} MB | ≤ 120 MB |`);
  console.log(`| bot RSS peak under load | ${peak.toFixed(0)} MB | |`);
} finally {
  child?.kill('SIGTERM');
  await emu.stop();
  await lab.stop();
}
