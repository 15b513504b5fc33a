/**
 * Every check in the engine is exercised against the real lab at least once: some lab test
 * (`*.lab.test.ts`) asserts one of the finding codes each check emits. A new check without a lab
 * scenario fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

function labTestText(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) text += labTestText(p);
    else if (entry.name.endsWith('.lab.test.ts')) text += fs.readFileSync(p, 'utf8');
  }
  return text;
}

const labText = labTestText(path.join(PROJECT_ROOT, 'test'));

describe('lab coverage of the checks', () => {
  it.each(ALL_CHECKS.map((c) => [c.id, c.emits] as const))('%s has a lab scenario asserting one of its codes', (_id, emits) => {
    const covered = emits.filter((code) => labText.includes(`'${code}'`));
    expect(covered, `none of ${emits.join(', ')} is asserted in a *.lab.test.ts file`).not.toEqual([]);
  });
});
