/**
 * `npm run bench:logs`: the whole log explainer (paste reader, rules, whole-log judgements) and
 * its terminal rendering on the bad inputs of issue 9, plus realistic pastes. Target: every input
 * answered within 1 s, or refused as too large at once. Each input runs 5 times in this process
 * after one warm-up; the table shows the median and the slowest run (wall clock), and the median
 * CPU time, which other processes on a shared machine do not inflate.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { MAX_LOG_CHARS, explainLogs } from '../src/logs/explain.ts';
import { renderLogExplanation } from '../src/render/text/logs.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const fixtures = new URL('../test/logs/fixtures/', import.meta.url);
const corpusDir = new URL('../test/logs/corpus/', import.meta.url);
const realLog = readFileSync(new URL('seed-case-strimzi.txt', fixtures), 'utf8') + readFileSync(new URL('lab-connect-3.9.0-zero-groups.txt', fixtures), 'utf8');
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(new URL(f, corpusDir), 'utf8'))
  .join('\n');

/** `text` repeated up to `chars` characters (whole lines). */
function upTo(text: string, chars: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let n = 0;
  for (let i = 0; ; i++) {
    const l = lines[i % lines.length] ?? '';
    if (n + l.length + 1 > chars) break;
    out.push(l);
    n += l.length + 1;
  }
  return out.join('\n');
}

function binary(chars: number): string {
  let s = '';
  let x = 12345;
  const parts: string[] = [];
  for (let i = 0; i < chars; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x % 65536);
    if (s.length >= 4096) {
      parts.push(s);
      s = '';
    }
  }
  parts.push(s);
  return parts.join('');
}

/** A status dump and no log line: a KafkaMirrorMaker2 status with 300 connectors, half FAILED. */
function statusOnly(): string {
  const lines = ['status:', '  connectors:'];
  for (let i = 0; i < 300; i++) {
    lines.push(
      '  - connector:',
      `      state: ${i % 2 ? 'FAILED' : 'RUNNING'}`,
      '      trace: "org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\\n\\tat',
      '        org.apache.kafka.connect.mirror.MirrorCheckpointConnector.start(MirrorCheckpointConnector.java:73)"',
      '      worker_id: 10.0.0.5:8083',
      `    name: a${i}->b.MirrorCheckpointConnector`,
      '    tasks: []',
      '    type: source',
    );
  }
  return lines.join('\n');
}

/** Latin-1 bytes and UTF-16 text read as UTF-8, between real lines. */
function mixedEncodings(): string {
  const latin1 = Buffer.from('2024-11-12 10:42:01,123 WARN Ünknown térm – ça (org.example.X) [t]\n', 'latin1').toString('utf8');
  const utf16 = Buffer.from(upTo(realLog, 200_000), 'utf16le').toString('utf8');
  return `${upTo(realLog, 200_000)}\n${latin1.repeat(2000)}\n${utf16}`;
}

const inputs: [string, string][] = [
  ['binary garbage, 1 MiB', binary(1024 * 1024)],
  ['binary garbage, 4 MiB (the limit)', binary(MAX_LOG_CHARS - 1)],
  ['a 20 MB paste (refused: too large)', upTo(realLog, 20 * 1000 * 1000)],
  ['a single 1 MB line', `2024-11-12 10:42:01,123 ERROR ${'Started x with consumer groups: [a, '.repeat(28_000)} (a.b.C) [t]`],
  ['mixed encodings (Latin-1, UTF-16 read as UTF-8), 1 MB', mixedEncodings()],
  ['status only, no log: 300 connectors', statusOnly()],
  ['real Connect log, 1 MiB', upTo(realLog, 1024 * 1024)],
  ['real Connect log, 4 MiB (the limit)', upTo(realLog, MAX_LOG_CHARS - 1)],
  ['the 36 corpus pastes, concatenated', corpus],
  ['40,000 "key: value" lines (YAML-shaped, no status)', Array.from({ length: 40_000 }, (_, i) => `Some key ${i}: some value ${i}`).join('\n')],
  ['20,000 JSON lines that are not log events', Array.from({ length: 20_000 }, (_, i) => `{"a": ${i}, "b": "x"}`).join('\n')],
];

const rows: string[] = [];
for (const [name, text] of inputs) {
  explainLogs(text);
  const times: number[] = [];
  const cpus: number[] = [];
  let result = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const x = explainLogs(text);
    renderLogExplanation(x);
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpus.push((c.user + c.system) / 1000);
    const causes = x.entries.filter((e) => e.kind === 'cause').length;
    result = x.tooLarge ? 'too large' : `${x.lines} lines, ${causes} cause${causes === 1 ? '' : 's'}`;
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const max = times[times.length - 1]!;
  const cpu = cpus[Math.floor(cpus.length / 2)]!;
  const mb = (text.length / 1e6).toFixed(1);
  rows.push(`| ${name} | ${mb} M chars | ${median.toFixed(0)} ms | ${max.toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${result} | ${max <= 1000 ? 'yes' : '**NO**'} |`);
  console.error(`${name}: median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms`);
}
console.log(`Node ${process.version}, ${RUNS} runs each after one warm-up, ${new Date().toISOString().slice(0, 10)}:\n`);
console.log(`Load average at the end: ${(await import('node:os')).loadavg()[0]?.toFixed(1)} on ${(await import('node:os')).cpus().length} cores.\n`);
console.log('| input | size | median | slowest | CPU (median) | answer | ≤ 1 s |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
