/**
 * The Dockerfile's build, without Docker (base images cannot be pulled here): clones this
 * repository's HEAD into a temporary directory, runs the Dockerfile's instructions stage by stage
 * (each stage's filesystem is a directory; the base image's Node is this machine's), then starts
 * the final stage's ENTRYPOINT as its USER against the Slack emulator and checks that it answers
 * /healthz, /readyz and /metrics, and that SIGTERM drains a reply in flight before it exits 0.
 *
 *   npm run -s image:check        (.ci/run runs it after npm test)
 *
 * Supports the instructions the Dockerfile uses: FROM [AS], WORKDIR, COPY [--from], RUN, ENV,
 * USER, EXPOSE, ENTRYPOINT and CMD in exec form. Anything else fails, naming the line.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { freePort } from '../src/lab/ports.ts';
import { SlackEmulator } from '../test/slack-emulator/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const say = (s: string) => process.stdout.write(`image-steps: ${s}\n`);
function fail(s: string): never {
  process.stderr.write(`image-steps: FAILED: ${s}\n`);
  process.exit(1);
}

interface Stage {
  name: string;
  root: string;
  cwd: string;
  env: Record<string, string>;
  user?: string;
  entrypoint: string[];
  cmd: string[];
}

/** Dockerfile lines: comments dropped, continuations joined, each with its first line number. */
function instructions(text: string): { line: number; op: string; args: string }[] {
  const out: { line: number; op: string; args: string }[] = [];
  let acc = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const l = raw.trim();
    if (acc === '' && (l === '' || l.startsWith('#'))) return;
    if (acc === '') start = i + 1;
    acc += (acc ? ' ' : '') + l.replace(/\\$/, '').trim();
    if (l.endsWith('\\')) return;
    const [op, ...rest] = acc.split(/\s+/);
    out.push({ line: start, op: op!.toUpperCase(), args: rest.join(' ') });
    acc = '';
  });
  return out;
}

function runDockerfile(clone: string, work: string): Stage {
  const stages: Stage[] = [];
  const at = (s: Stage, p: string) => path.join(s.root, path.resolve(s.cwd, p));
  const file = path.join(clone, 'Dockerfile');
  if (!fs.existsSync(file)) fail('no Dockerfile in the clone (is it committed?)');
  for (const { line, op, args } of instructions(fs.readFileSync(file, 'utf8'))) {
    const where = `Dockerfile:${line} ${op}`;
    const s = stages.at(-1);
    if (op === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      const root = path.join(work, `stage${stages.length}`);
      fs.mkdirSync(root, { recursive: true });
      stages.push({ name: as?.toUpperCase() === 'AS' ? name! : String(stages.length), root, cwd: '/', env: {}, entrypoint: [], cmd: [] });
      say(`FROM ${image}: this machine's Node ${process.version} stands for the base image`);
      continue;
    }
    if (!s) fail(`${where}: before FROM`);
    switch (op) {
      case 'WORKDIR':
        s.cwd = path.resolve(s.cwd, args);
        fs.mkdirSync(at(s, '.'), { recursive: true });
        break;
      case 'ENV':
        for (const m of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) s.env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
        break;
      case 'COPY': {
        const parts = args.split(/\s+/);
        const from = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : undefined;
        const dest = parts.pop()!;
        const base = from === undefined ? clone : stages.find((x) => x.name === from)?.root;
        if (!base) fail(`${where}: no stage ${from}`);
        const fromStage = from === undefined ? undefined : stages.find((x) => x.name === from)!;
        for (const src of parts) {
          const source = fromStage ? path.join(fromStage.root, path.resolve(fromStage.cwd, src)) : path.join(clone, src);
          if (!fs.existsSync(source)) fail(`${where}: ${src} does not exist`);
          const target = dest.endsWith('/') || parts.length > 1 ? path.join(at(s, dest), path.basename(src)) : at(s, dest);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.cpSync(source, target, { recursive: true, verbatimSymlinks: true });
        }
        break;
      }
      case 'RUN': {
        say(`RUN ${args}`);
        const started = Date.now();
        const r = spawnSync('sh', ['-c', args], { cwd: at(s, '.'), env: { ...process.env, ...s.env }, stdio: 'inherit' });
        if (r.status !== 0) fail(`${where} exited ${r.status}`);
        say(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        break;
      }
      case 'USER':
        s.user = args;
        break;
      case 'EXPOSE':
        break;
      case 'ENTRYPOINT':
      case 'CMD': {
        let v: unknown;
        try {
          v = JSON.parse(args);
        } catch {
          fail(`${where}: only the exec form (a JSON array) is supported`);
        }
        if (op === 'ENTRYPOINT') s.entrypoint = v as string[];
        else s.cmd = v as string[];
        break;
      }
      default:
        fail(`${where}: instruction not supported by this script`);
    }
  }
  const last = stages.at(-1);
  if (!last) fail('Dockerfile has no FROM');
  return last;
}

async function get(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const r = await fetch(url);
    return { status: r.status, body: await r.text() };
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, ms: number, f: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mm2-image-'));
fs.chmodSync(work, 0o755);
const emu = await SlackEmulator.start();
let code = 1;
try {
  const clone = path.join(work, 'clone');
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  say(`cloning ${ROOT} at ${head}`);
  if (spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { stdio: 'inherit' }).status !== 0) fail('git clone failed');
  const final = runDockerfile(clone, work);
  const app = path.join(final.root, final.cwd);
  if (fs.existsSync(path.join(app, 'node_modules', 'typescript')) || fs.existsSync(path.join(app, 'node_modules', 'vitest'))) fail('development dependencies in the final stage');
  if (fs.existsSync(path.join(app, 'src')) || fs.existsSync(path.join(app, 'test'))) fail('sources or tests in the final stage');

  // Config, state dir: what deploy/ mounts. The image's own files stay root's and read-only to the user.
  const [uid, gid] = (final.user ?? '').split(':').map(Number);
  const asUser = process.getuid?.() === 0 && uid !== undefined && !Number.isNaN(uid);
  const state = path.join(work, 'state');
  fs.mkdirSync(state);
  if (asUser) fs.chownSync(state, uid, gid ?? uid);
  const healthPort = await freePort();
  // A "broker" that accepts connections and never answers: a diagnosis against it stays in flight
  // until its timeout, so SIGTERM below lands while a reply is truly pending. (A refused port
  // answered in 0.1 s, before the test could send SIGTERM.)
  const silent = net.createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const hang = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  const config = path.join(work, 'mm2-doctor.yaml');
  fs.writeFileSync(config, YAML.stringify({
    clusters: { svl: { bootstrap: hang, timeoutMs: 5000 }, confluent: { bootstrap: hang, timeoutMs: 5000 } },
    mirrors: [{ source: 'svl', target: 'confluent' }],
    slack: { apiUrl: emu.apiUrl, healthPort, stateDir: state, shutdownTimeoutSeconds: 20 },
    metrics: { refreshSeconds: 0 },
  }));
  fs.chmodSync(config, 0o644);
  const args = [...final.entrypoint, ...final.cmd.map((a) => (a.endsWith('mm2-doctor.yaml') ? config : a)), '--log-format', 'json'];
  say(`starting ${args.join(' ')} in the final stage as ${asUser ? `uid ${uid}` : 'this user (not root: USER not applied)'}`);
  const child = spawn(args[0]!, args.slice(1), {
    cwd: app,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...final.env, HOME: state, SLACK_BOT_TOKEN: emu.botToken, SLACK_APP_TOKEN: emu.appToken },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asUser && { uid, gid: gid ?? uid }),
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  child.once('exit', (c) => {
    if (c !== 0 && c !== null) process.stderr.write(out);
  });

  const base = `http://127.0.0.1:${healthPort}`;
  await until('/healthz', 60_000, async () => (await get(`${base}/healthz`))?.status === 200);
  say('/healthz: 200 ok');
  await until('/readyz (connected to Slack)', 30_000, async () => (await get(`${base}/readyz`))?.status === 200);
  say('/readyz: 200 ready');
  const metrics = await until('/metrics', 10_000, async () => {
    const r = await get(`${base}/metrics`);
    return r?.status === 200 && r.body.includes('mm2doctor_process_resident_memory_bytes') ? r.body : undefined;
  });
  const rss = Number(/^mm2doctor_process_resident_memory_bytes (\S+)$/m.exec(metrics)?.[1]);
  say(`/metrics: 200, ${metrics.split('\n').filter((l) => l.startsWith('mm2doctor_')).length} series, RSS ${(rss / 1e6).toFixed(0)} MB idle`);
  if (!out.split('\n').some((l) => l.startsWith('{') && (JSON.parse(l) as { level?: string }).level)) fail(`--log-format json wrote no JSON line:\n${out}`);

  // SIGTERM while a reply is in flight (a diagnosis waiting on clusters that never answer): it is
  // sent, then the process exits 0. The progress message (shown after about a second) proves the
  // diagnosis is still running when the signal arrives.
  const ops = emu.channelId('mm2-ops');
  emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: ops });
  await until('the progress message', 10_000, async () => emu.ephemeral('alice').length > 0 || emu.messages(ops).length > 0 || undefined);
  const seen = () => [...emu.ephemeral('alice'), ...emu.messages(ops)].map((m) => JSON.stringify(m));
  const before = seen();
  child.kill('SIGTERM');
  const exit = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
  if (exit === 'timeout') fail('still running 30 s after SIGTERM');
  if (exit !== 0) fail(`exited ${exit} after SIGTERM:\n${out}`);
  const after = seen().filter((m) => !before.includes(m));
  const answered = after.map((m) => String((JSON.parse(m) as { text?: unknown }).text ?? '')).some((t) => t.includes('svl') && !t.startsWith('Diagnosing'));
  if (!answered) fail(`the diagnosis in flight at SIGTERM was not answered; before: ${before.join('\n')}`);
  say('SIGTERM: the reply in flight was sent, exit 0');
  say(`OK: the image's build steps ran on a clean clone of ${head}; the process answered /healthz, /readyz and /metrics`);
  code = 0;
} finally {
  await emu.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(code);
