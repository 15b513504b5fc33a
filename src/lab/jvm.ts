/**
 * Spawns the lab's JVMs and makes sure none outlives its owner.
 *
 * Every lab JVM carries `-Dmm2doctor.lab=<labDir>` and `-Dmm2doctor.owner=<pid>` on its command
 * line. Three guards keep the machine clean:
 * - a watchdog shell per owned JVM kills it when the owning Node process dies, even by SIGKILL;
 * - `stopStaleJvms()` (called at every lab start) finds JVMs whose owner is gone, or that belong
 *   to the same lab folder, by reading /proc, and stops them;
 * - `JvmProcess.stop()` sends SIGTERM (Kafka and Connect have shutdown hooks), then SIGKILL.
 * A persistent lab (`npm run lab -- up`) is owned by pid 0: no watchdog, `lab down` stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';

export interface JvmSpec {
  /** Short name used in logs and errors, e.g. `svl`, `connect`. */
  name: string;
  mainClass: string;
  args: string[];
  classpath: string;
  heapMb: number;
  logFile: string;
  /** -D options for the logging backend. */
  loggingOpts: string[];
  labDir: string;
  /** 0 = persistent (survives this process). */
  ownerPid: number;
}

const MARK_LAB = '-Dmm2doctor.lab=';
const MARK_OWNER = '-Dmm2doctor.owner=';
const MARK_NAME = '-Dmm2doctor.name=';

export function jvmArgs(spec: JvmSpec): string[] {
  return [
    `${MARK_LAB}${spec.labDir}`,
    `${MARK_OWNER}${spec.ownerPid}`,
    `${MARK_NAME}${spec.name}`,
    `-Xms64m`,
    `-Xmx${spec.heapMb}m`,
    // Small, quick-starting JVMs for 2-core machines: serial GC, C1 only.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:MaxMetaspaceSize=160m',
    '-XX:ReservedCodeCacheSize=64m',
    '-Xss512k',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    ...spec.loggingOpts,
    '-cp',
    spec.classpath,
    spec.mainClass,
    ...spec.args,
  ];
}

export class JvmProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly spec: JvmSpec,
    private readonly child: ChildProcess,
    private readonly watchdog: ChildProcess | undefined,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        this.watchdog?.kill('SIGKILL');
        resolve(this.exitCode);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  static async start(spec: JvmSpec): Promise<JvmProcess> {
    const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
    const out = fs.openSync(spec.logFile, 'a');
    const child = spawn(java, jvmArgs(spec), {
      stdio: ['ignore', out, out],
      detached: true, // own process group: a Ctrl-C in the terminal reaches the lab through stop(), not twice
    });
    fs.closeSync(out);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    let watchdog: ChildProcess | undefined;
    if (spec.ownerPid !== 0) {
      // Polls the owner; when it is gone, TERM then KILL the JVM. Survives the owner's SIGKILL.
      watchdog = spawn(
        'bash',
        [
          '-c',
          `while kill -0 ${spec.ownerPid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done;` +
            `kill -0 ${child.pid} 2>/dev/null || exit 0; kill -TERM ${child.pid} 2>/dev/null;` +
            `for i in $(seq 1 20); do kill -0 ${child.pid} 2>/dev/null || exit 0; sleep 0.5; done; kill -KILL ${child.pid} 2>/dev/null`,
        ],
        { stdio: 'ignore', detached: true },
      );
      watchdog.unref();
    }
    return new JvmProcess(spec, child, watchdog);
  }

  /** SIGTERM, wait up to `graceMs` for the shutdown hooks, then SIGKILL. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Lets this process exit while the JVM keeps running (a persistent lab). */
  release(): void {
    this.child.unref();
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

export interface LabJvmInfo {
  pid: number;
  labDir: string;
  ownerPid: number;
  name: string;
}

/** Every lab JVM on this machine, read from /proc. */
export async function findLabJvms(): Promise<LabJvmInfo[]> {
  const found: LabJvmInfo[] = [];
  for (const entry of await fsp.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string[];
    try {
      cmd = (await fsp.readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
    } catch {
      continue; // exited while we looked
    }
    const lab = cmd.find((a) => a.startsWith(MARK_LAB));
    if (!lab) continue;
    if (!/java$/.test(cmd[0] ?? '')) continue; // a shell mentioning the marker is not a JVM
    found.push({
      pid: Number(entry),
      labDir: lab.slice(MARK_LAB.length),
      ownerPid: Number(cmd.find((a) => a.startsWith(MARK_OWNER))?.slice(MARK_OWNER.length) ?? 0),
      name: cmd.find((a) => a.startsWith(MARK_NAME))?.slice(MARK_NAME.length) ?? '?',
    });
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops lab JVMs left behind by an earlier run: those whose owner process is dead, and (when
 * `labDir` is given) any JVM of that lab folder. Returns what it stopped.
 */
export async function stopStaleJvms(labDir?: string, graceMs = 10_000): Promise<LabJvmInfo[]> {
  const stale = (await findLabJvms()).filter(
    (j) => (j.labDir === labDir) || (j.ownerPid !== 0 && !alive(j.ownerPid)),
  );
  for (const j of stale) {
    try {
      process.kill(j.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (stale.some((j) => alive(j.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const j of stale) if (alive(j.pid)) process.kill(j.pid, 'SIGKILL');
  return stale;
}

/**
 * Waits until `pattern` (a regular expression, or a literal text) appears in the log file after
 * byte `from`, or fails with the log's tail.
 */
export async function waitForLog(
  logFile: string,
  pattern: RegExp | string,
  opts: { timeoutMs: number; from?: number; proc?: JvmProcess; what: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const from = opts.from ?? 0;
  const seen = typeof pattern === 'string' ? (text: string) => text.includes(pattern) : (text: string) => pattern.test(text);
  for (;;) {
    const text = await readFrom(logFile, from);
    if (seen(text)) return;
    if (opts.proc && !opts.proc.running) {
      throw new Error(`${opts.what}: the JVM exited before it was ready. Last log lines:\n${tail(text, 15)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${opts.what}: not within ${opts.timeoutMs} ms. Last log lines of ${logFile}:\n${tail(text, 15)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function readFrom(file: string, from: number): Promise<string> {
  try {
    const fh = await fsp.open(file, 'r');
    try {
      const { size } = await fh.stat();
      if (size <= from) return '';
      const buf = Buffer.alloc(size - from);
      await fh.read(buf, 0, buf.length, from);
      return buf.toString('utf8');
    } finally {
      await fh.close();
    }
  } catch {
    return '';
  }
}

export async function fileSize(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch {
    return 0;
  }
}

function tail(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
