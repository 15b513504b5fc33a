// src/config/ is a bottom layer: features own their sections and the composition root assembles
// them, so nothing in config/ reaches up into a feature, an adapter or the diagnosis.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

const dir = path.join(PROJECT_ROOT, 'src/config');

describe('src/config/', () => {
  it('imports only from config/, mm2/ and util/, and the yaml, zod and node: packages', () => {
    const outside: string[] = [];
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
        const spec = m[1] ?? m[2]!;
        const ok = spec.startsWith('.') ? /^\.\/|^\.\.\/(mm2|util)\//.test(spec) : /^(yaml|zod|node:.+)$/.test(spec);
        if (!ok) outside.push(`${name}: ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
