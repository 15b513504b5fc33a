/**
 * Modules a command does not need are not loaded (issue 13): the CLI's entry loads only Node's own
 * modules (so `--version` and `--help` are quick), Bolt loads only for `serve`, and the lab never
 * outside tests and the demo. Read from the static import graph dependency-cruiser resolves: what loads on import.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';
import { importGraph } from '../support/import-graph.ts';

const at = (f: string) => path.join(PROJECT_ROOT, f);
const rel = (files: Set<string>) => [...files];

describe('lazy loading', () => {
  it('the CLI entry statically loads no project module and no package but Node built-ins', async () => {
    const g = await importGraph(at('src/cli.ts'), { dynamic: false });
    expect(rel(g.files)).toEqual(['src/cli.ts']);
    expect([...g.packages.keys()].filter((p) => !p.startsWith('node:'))).toEqual([]);
  });

  it('the shell and the doctor load without Bolt; serve loads it', async () => {
    for (const entry of ['src/composition-root.ts', 'src/doctor/create-doctor.ts', 'src/shell/shell.ts']) {
      const g = await importGraph(at(entry), { dynamic: false });
      expect([...g.packages.keys()].filter((p) => p.startsWith('@slack/')), entry).toEqual([]);
    }
    expect((await importGraph(at('src/slack/serve.ts'), { dynamic: false })).packages.has('@slack/bolt')).toBe(true);
  });

  it('nothing the CLI can load, even lazily, reaches the lab', async () => {
    const g = await importGraph(at('src/cli.ts'), { dynamic: true });
    expect(rel(g.files)).toEqual(expect.arrayContaining(['src/doctor/create-doctor.ts', 'src/slack/serve.ts', 'src/composition-root.ts']));
    expect(rel(g.files).filter((f) => f.startsWith('src/lab/') || f === 'src/demo.ts')).toEqual([]);
  });
});
