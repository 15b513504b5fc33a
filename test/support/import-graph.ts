/**
 * The import graph of a source file, as dependency-cruiser resolves it (the same tool `npm test`
 * runs for the layer rules): which project files and which packages a module loads.
 * `dynamic: false` follows only static, non-type imports, i.e. what loads as soon as the module is
 * imported; `dynamic: true` also follows `import()` (what can load later) and type-only imports.
 */
import path from 'node:path';
import { cruise, type IModule } from 'dependency-cruiser';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

export interface ImportGraph {
  /** Paths of the project's files reached, relative to the project (the entry included). */
  files: Set<string>;
  /** Packages reached (`kafkajs`, `@slack/bolt`, `node:fs`), with the first file that imports each. */
  packages: Map<string, string>;
}

export async function importGraph(entry: string, opts: { dynamic: boolean }): Promise<ImportGraph> {
  const result = await cruise([path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, entry))], {
    baseDir: PROJECT_ROOT,
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  });
  const byName = new Map((result.output as { modules: IModule[] }).modules.map((m) => [m.source, m]));
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (source: string) => {
    if (files.has(source)) return;
    files.add(source);
    for (const d of byName.get(source)?.dependencies ?? []) {
      const typeOnly = d.dependencyTypes.some((t) => t === 'type-only' || t === 'type-import' || t === 'pre-compilation-only');
      if (!opts.dynamic && (d.dynamic || typeOnly)) continue;
      if (d.coreModule || d.dependencyTypes.some((t) => t.startsWith('npm') || t === 'core')) {
        const name = d.coreModule && !d.module.startsWith('node:') ? `node:${d.module}` : d.module;
        if (!packages.has(name)) packages.set(name, source);
        continue;
      }
      if (d.resolved.startsWith('src/') || d.resolved.startsWith('commands/')) visit(d.resolved);
    }
  };
  visit(path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, entry)));
  return { files, packages };
}
