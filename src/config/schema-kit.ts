/**
 * A small typed, table-driven validator over `yaml` document nodes. A schema is data (`object({…})`
 * of fields); validating walks the YAML AST, so every problem carries the node's line and column
 * and all problems are collected, not just the first: objects and lists come back with their valid
 * parts, and the caller treats the result as valid only when `ctx.errors` is empty. Type errors
 * never echo the offending value, so a misplaced secret cannot leak into an error message.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import type { ConfigError } from './errors.ts';
import { suggestionSuffix } from './suggest.ts';

/** A key path inside a document: map keys and sequence indexes. */
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

/** Marks a value that failed validation (its errors are already recorded). */
export const INVALID: unique symbol = Symbol('invalid');
/** A validated value or {@link INVALID}. */
export type Result<T> = T | typeof INVALID;

/** Collects errors and warnings for one file and turns nodes into positions. */
export class ParseContext {
  readonly errors: ConfigError[] = [];
  readonly warnings: ConfigError[] = [];
  readonly #origins = new WeakMap<object, { node: Node; path: Path }>();

  constructor(
    readonly file: string,
    private readonly lineCounter: LineCounter,
    readonly doc: Document,
  ) {}

  /** 1-based line and column of a node (or of the document start when unknown). */
  position(node: Node | null | undefined): { line: number; col: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, col: 1 };
    return this.lineCounter.linePos(offset);
  }

  /** The problem as a {@link ConfigError} without recording it. */
  at(node: Node | null | undefined, path: Path, message: string): ConfigError {
    return { file: this.file, ...this.position(node), path: formatPath(path), message };
  }

  error(node: Node | null | undefined, path: Path, message: string): typeof INVALID {
    this.errors.push(this.at(node, path, message));
    return INVALID;
  }

  warn(node: Node | null | undefined, path: Path, message: string): void {
    this.warnings.push(this.at(node, path, message));
  }

  /** Follows YAML aliases (`*anchor`) to the node they name. */
  deref(node: unknown): Node | null {
    let n = node;
    for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(this.doc);
    return (n as Node | undefined) ?? null;
  }

  /** Remembers where a parsed object came from (done by `object()` and `record()`). */
  setOrigin(value: object, node: Node, path: Path): void {
    this.#origins.set(value, { node, path });
  }

  /** The node and path a parsed object came from, for errors found after validation. */
  originOf(value: object): { node: Node; path: Path } | undefined {
    return this.#origins.get(value);
  }

  /** Whether an error was already reported at or under `path` (to avoid follow-up errors). */
  hasErrorsUnder(path: Path): boolean {
    const p = formatPath(path);
    return this.errors.some((e) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`));
  }

  /** The node at a path of this document, for positioning cross-field errors. */
  nodeAt(path: Path): Node | null {
    return this.deref(this.doc.getIn(path as Array<string | number>, true));
  }
}

/** Validates one node into a `T`. */
export interface Schema<T> {
  /** Noun phrase for messages: "a string", "a map". */
  readonly expected: string;
  parse(node: Node | null, path: Path, ctx: ParseContext): Result<T>;
}

/** What a node is, for "expected …, got …" messages (never its value). */
export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return 'a string';
    if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
  }
  return 'an unsupported value';
}

const isNullScalar = (node: Node | null) => node === null || (isScalar(node) && node.value === null);

function expectedError(ctx: ParseContext, node: Node | null, path: Path, expected: string): typeof INVALID {
  return ctx.error(node, path, `expected ${expected}, got ${describeNode(node)}`);
}

/** Options of {@link string}. */
export interface StringOptions {
  pattern?: RegExp;
  /** Describes the pattern in messages, e.g. "a cluster alias ([a-zA-Z0-9._-]{1,100})". */
  expected?: string;
  nonEmpty?: boolean;
  /** Accept YAML numbers/booleans and keep their source text (`kafkaVersion: 3.9` → "3.9"). */
  coerce?: boolean;
}

/** A string scalar. */
export function string(opts: StringOptions = {}): Schema<string> {
  const expected = opts.expected ?? 'a string';
  return {
    expected,
    parse(node, path, ctx) {
      if (!isScalar(node)) return expectedError(ctx, node, path, expected);
      let v: string;
      if (typeof node.value === 'string') v = node.value;
      else if (opts.coerce && (typeof node.value === 'number' || typeof node.value === 'boolean' || typeof node.value === 'bigint')) {
        v = (node as Scalar & { source?: string }).source ?? String(node.value);
      } else return expectedError(ctx, node, path, expected);
      if (opts.nonEmpty && v.trim() === '') return ctx.error(node, path, `expected ${expected}, got an empty string`);
      if (opts.pattern && !opts.pattern.test(v)) return ctx.error(node, path, `expected ${expected}`);
      return v;
    },
  };
}

/** An integer scalar within bounds. */
export function integer(opts: { min?: number; max?: number } = {}): Schema<number> {
  const bounds = [opts.min !== undefined ? `>= ${opts.min}` : '', opts.max !== undefined ? `<= ${opts.max}` : ''].filter(Boolean).join(' and ');
  const expected = bounds ? `an integer ${bounds}` : 'an integer';
  return {
    expected,
    parse(node, path, ctx) {
      if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return expectedError(ctx, node, path, expected);
      if ((opts.min !== undefined && node.value < opts.min) || (opts.max !== undefined && node.value > opts.max)) {
        return ctx.error(node, path, `expected ${expected}, got ${node.value}`);
      }
      return node.value;
    },
  };
}

/** A boolean scalar. */
export function boolean(): Schema<boolean> {
  return {
    expected: 'true or false',
    parse(node, path, ctx) {
      if (!isScalar(node) || typeof node.value !== 'boolean') return expectedError(ctx, node, path, 'true or false');
      return node.value;
    },
  };
}

/** One of a fixed set of strings; unknown values get a did-you-mean. */
export function oneOf<const V extends string>(values: readonly V[], what: string): Schema<V> {
  const expected = `one of ${values.join(', ')}`;
  return {
    expected,
    parse(node, path, ctx) {
      if (!isScalar(node) || typeof node.value !== 'string') return expectedError(ctx, node, path, `${what} (${expected})`);
      const v = node.value;
      if ((values as readonly string[]).includes(v)) return v as V;
      return ctx.error(node, path, `unknown ${what} '${v}'${suggestionSuffix(v, values)}; expected ${expected}`);
    },
  };
}

/** Any scalar, kept as its JS value (`null` included). */
export function scalar(): Schema<string | number | boolean | null> {
  return {
    expected: 'a scalar',
    parse(node, path, ctx) {
      if (node === null) return null;
      if (!isScalar(node)) return expectedError(ctx, node, path, 'a scalar');
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      if (typeof v === 'bigint') return Number(v);
      return expectedError(ctx, node, path, 'a scalar');
    },
  };
}

/** Any value, converted to plain JS (for fields only passed through). */
export function anything(): Schema<unknown> {
  return {
    expected: 'any value',
    parse(node, _path, ctx) {
      return node === null ? null : (node.toJSON(ctx.doc) as unknown);
    },
  };
}

/** A list of items. */
export function list<T>(item: Schema<T>, opts: { nonEmpty?: boolean } = {}): Schema<T[]> {
  const expected = `a list of ${item.expected.replace(/^an? /, '')}s`;
  return {
    expected,
    parse(node, path, ctx) {
      if (!isSeq(node)) return expectedError(ctx, node, path, 'a list');
      if (opts.nonEmpty && node.items.length === 0) return ctx.error(node, path, 'expected at least one entry');
      // Invalid items are left out (their errors are recorded); objects keep their origin path.
      const out: T[] = [];
      node.items.forEach((raw, i) => {
        const v = item.parse(ctx.deref(raw), [...path, i], ctx);
        if (v !== INVALID) out.push(v);
      });
      return out;
    },
  };
}

/** Checks a record key; returns false after reporting. */
export type KeyCheck = (key: string, keyNode: Node | null, path: Path, ctx: ParseContext) => boolean;

/** A map with free-form keys (e.g. cluster aliases) and uniformly typed values. */
export function record<T>(value: Schema<T>, opts: { key?: KeyCheck } = {}): Schema<Record<string, T>> {
  return {
    expected: 'a map',
    parse(node, path, ctx) {
      if (!isMap(node)) return expectedError(ctx, node, path, 'a map');
      const out: Record<string, T> = {};
      for (const pair of node.items) {
        const keyNode = ctx.deref(pair.key);
        if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
          ctx.error(keyNode, path, 'keys must be strings');
          continue;
        }
        const key = String(keyNode.value);
        if (opts.key && !opts.key(key, keyNode, [...path, key], ctx)) continue;
        const v = value.parse(ctx.deref(pair.value), [...path, key], ctx);
        if (v !== INVALID) out[key] = v;
      }
      ctx.setOrigin(out, node, path);
      return out;
    },
  };
}

/** A field of an {@link object} schema. */
export interface Field<T, Opt extends boolean> {
  readonly schema: Schema<T>;
  readonly optional: Opt;
  readonly default?: T;
}

/** A field that must be present. */
export function required<T>(schema: Schema<T>): Field<T, false> {
  return { schema, optional: false };
}
/** A field that may be absent (or null). */
export function optional<T>(schema: Schema<T>): Field<T, true> {
  return { schema, optional: true };
}
/** A field that takes `value` when absent. */
export function withDefault<T>(schema: Schema<T>, value: T): Field<T, false> {
  return { schema, optional: false, default: value };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- field tables are heterogeneous
type AnyField = Field<any, boolean>;
/** The output type of an object schema built from a field table. */
export type ObjectOf<F extends Record<string, AnyField>> = {
  [K in keyof F as F[K] extends Field<unknown, false> ? K : never]: F[K] extends Field<infer T, boolean> ? T : never;
} & {
  [K in keyof F as F[K] extends Field<unknown, false> ? never : K]?: F[K] extends Field<infer T, boolean> ? T : never;
};

/** Options of {@link object}. */
export interface ObjectOptions {
  /** What to do with keys not in the table; default `error` (with a did-you-mean). */
  unknownKeys?: 'error' | 'warn' | 'ignore';
  /** With `unknownKeys: 'warn'`, these extra keys are known and silently accepted. */
  alsoKnown?: readonly string[];
  /** Explains why unknown keys matter, appended to their message. */
  unknownKeyNote?: string;
}

/** A map with a fixed table of fields. */
export function object<F extends Record<string, AnyField>>(fields: F, opts: ObjectOptions = {}): Schema<ObjectOf<F>> {
  const names = Object.keys(fields);
  return {
    expected: 'a map',
    parse(node, path, ctx) {
      if (!isMap(node)) return expectedError(ctx, node, path, 'a map');
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = ctx.deref(pair.key);
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) {
          ctx.error(keyNode, path, 'keys must be strings');
          continue;
        }
        const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
        if (field === undefined) {
          const mode = opts.unknownKeys ?? 'error';
          if (mode === 'ignore' || opts.alsoKnown?.includes(key)) continue;
          const msg = `unknown key '${key}'${suggestionSuffix(key, [...names, ...(opts.alsoKnown ?? [])]) || `; expected one of ${names.join(', ')}`}${opts.unknownKeyNote ? `. ${opts.unknownKeyNote}` : ''}`;
          if (mode === 'warn') ctx.warn(keyNode, [...path, key], msg);
          else ctx.error(keyNode, [...path, key], msg);
          continue;
        }
        seen.add(key);
        const valueNode = ctx.deref(pair.value);
        if (isNullScalar(valueNode)) {
          if (!field.optional && field.default === undefined) {
            ctx.error(valueNode ?? keyNode, [...path, key], `requires a value (${field.schema.expected})`);
          } else if (field.default !== undefined) out[key] = field.default;
          continue;
        }
        const v = field.schema.parse(valueNode, [...path, key], ctx);
        if (v !== INVALID) out[key] = v;
      }
      for (const [key, field] of Object.entries(fields)) {
        if (seen.has(key)) continue;
        if (field.default !== undefined) out[key] = field.default;
        else if (!field.optional) {
          ctx.error(node, path, `missing required key '${key}' (${field.schema.expected})`);
        }
      }
      // Field errors are recorded; the object is returned with the valid fields (callers check ctx.errors).
      ctx.setOrigin(out, node, path);
      return out as ObjectOf<F>;
    },
  };
}

/** Picks a schema by the node's shape, e.g. `tls: true` or `tls: { ca: … }`. */
export function byShape<T>(expected: string, shapes: { scalar?: Schema<T>; map?: Schema<T>; list?: Schema<T> }): Schema<T> {
  return {
    expected,
    parse(node, path, ctx) {
      const s = isMap(node) ? shapes.map : isSeq(node) ? shapes.list : isScalar(node) ? shapes.scalar : undefined;
      if (!s) return expectedError(ctx, node, path, expected);
      return s.parse(node, path, ctx);
    },
  };
}

/** Validates with `schema`, then converts or checks the value (report with `ctx.error` and return INVALID). */
export function refine<A, B>(schema: Schema<A>, fn: (value: A, node: Node | null, path: Path, ctx: ParseContext) => Result<B>, expected = schema.expected): Schema<B> {
  return {
    expected,
    parse(node, path, ctx) {
      const before = ctx.errors.length;
      const v = schema.parse(node, path, ctx);
      // Refinements only see fully valid values, so one mistake yields one error.
      return v === INVALID || ctx.errors.length > before ? INVALID : fn(v, node, path, ctx);
    },
  };
}
