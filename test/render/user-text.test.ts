// Words users read never carry the project's internal reference marks (C1…C17 name cases in the
// research notes, /work/research): they stay in comments. Scans every string in the code that
// builds findings, evidence, steps and log explanations.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const REFERENCE = /\bC\d{1,2}\b(?=[,)])/;

/** The file without its comments (block, JSDoc and line comments outside strings, roughly). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
}

describe('user-facing text', () => {
  it('has no internal reference marks such as (C5) or (C8, C9) outside comments', () => {
    const hits: string[] = [];
    for (const dir of ['src/checks', 'src/runbook', 'src/logs', 'src/render', 'src/doctor', 'src/gather', 'commands']) {
      for (const f of readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((x) => x.endsWith('.ts'))) {
        code(readFileSync(path.join(root, dir, f), 'utf8')).split('\n').forEach((line) => {
          if (REFERENCE.test(line)) hits.push(`${dir}/${f}: ${line.trim()}`);
        });
      }
    }
    expect(hits).toEqual([]);
  });
});
