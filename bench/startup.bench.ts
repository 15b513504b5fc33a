/**
 * `npm run bench:startup`: what starting mm2-doctor costs, as whole processes, median of
 * BENCH_RUNS (20) with min–max, beside `node -e 1` (Node's own floor on this machine) and the
 * TypeScript entry run through tsx (what the bin did before issue 13). Needs `npm run build`.
 * Target (issue 13): `mm2-doctor --version` ≤ 150 ms.
 */
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/lab/versions.ts';
import { fmt, median, spread, timeProcess } from './whole-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const bin = path.join(PROJECT_ROOT, 'bin/mm2-doctor.js');
const cases: [string, string, string[]][] = [
  ['node -e 1 (floor)', process.execPath, ['-e', '1']],
  ['mm2-doctor --version (bin, compiled)', process.execPath, [bin, '--version']],
  ['mm2-doctor --help (bin, compiled)', process.execPath, [bin, '--help']],
  ['tsx src/cli.ts --version (before: TypeScript compiled at every run)', path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [path.join(PROJECT_ROOT, 'src/cli.ts'), '--version']],
];
const rows: string[] = [];
for (const [name, cmd, args] of cases) {
  const ms: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await timeProcess(cmd, args, { cwd: PROJECT_ROOT, env: { ...process.env, MM2_DOCTOR_CLI: '1' } });
    if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr}`);
    ms.push(r.ms);
    if (r.rssMb) rss.push(r.rssMb);
    if (r.cpuMs !== undefined) cpu.push(r.cpuMs);
  }
  rows.push(`| ${name} | ${fmt(median(ms))} | ${spread(ms)} | ${cpu.length ? fmt(median(cpu)) : 'n/a'} | ${rss.length ? `${median(rss).toFixed(0)} MB` : 'n/a'} |`);
}
console.log(`\n${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${RUNS}\n`);
console.log('| whole process | median | min–max | CPU (user + system), median | peak RSS |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
