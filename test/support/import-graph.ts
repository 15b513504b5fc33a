/**
 * The import graph of a source file, read from the sources themselves: which project files and
 * which packages a module loads. `dynamic: false` follows only the static imports, i.e. what loads
 * as soon as the module is imported; type-only imports are erased and never followed.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ImportGraph {
  /** Absolute paths of the project's .ts files reached (the entry included). */
  files: Set<string>;
  /** Bare specifiers reached (`kafkajs`, `@slack/bolt`, `node:fs`), with the first file that imports each. */
  packages: Map<string, string>;
}

const STATIC = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;
const DYNAMIC = /\bimport\('([^']+)'\)/g;

export function importGraph(entry: string, opts: { dynamic: boolean }): ImportGraph {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const specs = [...code.matchAll(STATIC)].map((m) => m[1]!);
    if (opts.dynamic) specs.push(...[...code.matchAll(DYNAMIC)].map((m) => m[1]!));
    for (const spec of specs) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, file);
        continue;
      }
      const target = path.resolve(path.dirname(file), spec);
      if (target.endsWith('.ts') && fs.existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}
