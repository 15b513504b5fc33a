/** Timing whole processes for the benchmarks: wall time from spawn to exit, and peak RSS. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

/** GNU time, when installed: its `%M` is the child's peak RSS in KiB, read from the kernel at exit. */
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export interface ProcessRun {
  ms: number;
  /** Peak RSS (MB), when GNU time is installed. */
  rssMb?: number;
  /** CPU time (user + system, ms), when GNU time is installed: what a loaded machine does not inflate. */
  cpuMs?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` to its end; `ms` is what a user waits, from spawn to exit. */
export function timeProcess(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'PEAK_RSS_KB=%M CPU_S=%U+%S', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - t;
      let stderr = Buffer.concat(err).toString();
      const m = /PEAK_RSS_KB=(\d+) CPU_S=([\d.]+)\+([\d.]+)\s*$/.exec(stderr);
      if (m) stderr = stderr.slice(0, m.index);
      resolve({ ms, code, stdout: Buffer.concat(out).toString(), stderr, ...(m && { rssMb: Number(m[1]) / 1024, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 }) });
    });
  });
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const spread = (xs: number[]): string => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
export const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
