/**
 * One parsed YAML document of a config file: its data, for zod to validate, and the position of
 * every key path, so that each problem names file, line, column and key path. zod reports paths
 * (`['mirrors', 0, 'source']`); this maps them back to the YAML nodes they came from.
 */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import type { ConfigError } from './errors.ts';

/** A key path inside a document: map keys and list indexes. */
export type Path = ReadonlyArray<string | number>;

/** `clusters.svl.sasl`, `mirrors[0].source`, `settings["emit.checkpoints.enabled"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Whether `errors` has one at `path` or below it. */
export function hasErrorsUnder(errors: readonly ConfigError[], path: Path): boolean {
  const p = formatPath(path);
  return errors.some((e) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`));
}

/** Options of {@link ConfigDocument.error}. */
export interface ErrorPlace {
  /** Position the error at this path instead (e.g. where an import was asked for). */
  at?: Path;
  /** At the key rather than its value (unknown keys). */
  key?: boolean;
}

export class ConfigDocument {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly base: Path,
  ) {}

  /** A parsed document (without syntax errors), ready for zod. */
  static of(file: string, doc: Document, lines: LineCounter): ConfigDocument {
    // zod sees numbers as numbers, except where JS would write them differently from the file:
    // `kafkaVersion: 4.0` must stay "4.0", not 4. No schema takes a fraction, so nothing is lost.
    visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === 'number' && node.source !== undefined && String(node.value) !== node.source) node.value = node.source;
      },
    });
    return new ConfigDocument(file, doc, lines, []);
  }

  /** The same document, with paths relative to `base` (a resource at `['items', 1]` of a `kind: List`). */
  at(base: Path): ConfigDocument {
    return new ConfigDocument(this.file, this.doc, this.lines, [...this.base, ...base]);
  }

  /** The value as plain data (aliases resolved; `undefined` when the document is empty), or why there is none. */
  data(): { ok: true; value: unknown } | { ok: false; error: ConfigError } {
    const node = this.find([])?.value;
    try {
      return { ok: true, value: node ? node.toJS(this.doc, { maxAliasCount: 100 }) : undefined };
    } catch (e) {
      // yaml refuses to expand an alias bomb
      return { ok: false, error: this.error([], `YAML: ${(e as Error).message.split('\n')[0]}`) };
    }
  }

  /** Whether the document has `path` (a key written without a value counts). */
  has(path: Path): boolean {
    return this.find(path) !== undefined;
  }

  /** An error at `path`; positioned at the closest enclosing node the document has. */
  error(path: Path, message: string, place: ErrorPlace = {}): ConfigError {
    return { ...this.location(place.at ?? path, place.key), path: formatPath(path), message };
  }

  /** File, 1-based line and column, and formatted path of `path`. */
  location(path: Path, key = false): { file: string; line: number; col: number; path: string } {
    for (let n = path.length; n >= 0; n--) {
      const found = this.find(path.slice(0, n));
      if (!found) continue;
      const node = (key && n === path.length ? found.key : found.value) ?? found.key;
      const offset = node?.range?.[0];
      if (offset !== undefined) return { file: this.file, ...this.lines.linePos(offset), path: formatPath(path) };
    }
    return { file: this.file, line: 1, col: 1, path: formatPath(path) };
  }

  /** zod's issues as errors at the nodes they are about. */
  errorsOf(issues: readonly z.core.$ZodIssue[], prefix: Path = []): ConfigError[] {
    return issues.flatMap((issue) => {
      const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      switch (issue.code) {
        case 'invalid_union': {
          // A union of shapes (`tls: true` or `tls: { ca: … }`): the branch the value has the shape
          // of tells what is wrong inside it; otherwise the value has none of the shapes.
          const fits = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
          if (fits.length === 1 && fits[0]) return this.errorsOf(fits[0], path);
          break;
        }
        case 'invalid_key':
          return issue.issues.map((i) => this.error(path, i.message, { key: true }));
        case 'unrecognized_keys': {
          const lines = issue.message.split('\n');
          return issue.keys.map((k, i) => this.error([...path, k], lines[i] ?? issue.message, { key: true }));
        }
        default:
      }
      // A required key that is not there: the map that lacks it is the place to fix.
      const missing = (issue.code === 'invalid_type' || issue.code === 'invalid_union') && path.length > 0 && !this.has(path);
      if (missing) return [this.error(path.slice(0, -1), issue.message)];
      return [this.error(path, issue.message)];
    });
  }

  /** The key and value nodes at `path` (following aliases), or undefined when the document lacks it. */
  private find(path: Path): { key: Node | null; value: Node | null } | undefined {
    let key: Node | null = null;
    let value = this.deref(this.doc.contents);
    for (const segment of [...this.base, ...path]) {
      if (isMap(value)) {
        const pair = value.items.find((p) => {
          const k = this.deref(p.key);
          return isScalar(k) && String(k.value) === String(segment);
        });
        if (!pair) return undefined;
        key = this.deref(pair.key);
        value = this.deref(pair.value);
      } else if (isSeq(value) && typeof segment === 'number' && segment < value.items.length) {
        key = null;
        value = this.deref(value.items[segment]);
      } else {
        return undefined;
      }
    }
    return { key, value };
  }

  private deref(node: unknown): Node | null {
    let n = node;
    for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(this.doc);
    return (n as Node | null | undefined) ?? null;
  }
}
