/**
 * Kafka `ConfigDef` value parsing, reproduced for the types MM2 settings use.
 * Mirrors `org.apache.kafka.common.config.ConfigDef.parseType` (3.9): every string value is
 * `String.trim()`-ed before it is interpreted.
 */

/** Result of interpreting one config value: the typed value, or why Kafka would reject it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Java's `String.trim()`: strips code units <= U+0020 only (not Unicode spaces, unlike JS `trim`). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

// ConfigDef.COMMA_WITH_WHITESPACE is Pattern.compile("\\s*,\\s*"); Java's \s is ASCII-only.
const COMMA_WITH_WHITESPACE = /[ \t\n\v\f\r]*,[ \t\n\v\f\r]*/;

/**
 * Parses a Kafka `LIST` value. An all-blank value is the empty list. Otherwise Kafka splits with
 * limit -1, so empty entries (`"a,,b"`, a trailing comma) are KEPT as empty strings.
 */
export function parseList(raw: string): string[] {
  const trimmed = javaTrim(raw);
  if (trimmed === '') return [];
  return trimmed.split(COMMA_WITH_WHITESPACE);
}

/** Parses a Kafka `BOOLEAN` value: `true`/`false` in any case, anything else is invalid. */
export function parseBoolean(raw: string): Parsed<boolean> {
  const t = javaTrim(raw).toLowerCase();
  if (t === 'true') return { ok: true, value: true };
  if (t === 'false') return { ok: true, value: false };
  return { ok: false, error: `Expected value to be either true or false` };
}

/** Java's lenient `Boolean.parseBoolean`: only `true` (any case, untrimmed) is true. */
export function javaParseBoolean(raw: string): boolean {
  return raw.toLowerCase() === 'true';
}

function parseIntegral(raw: string, min: bigint, max: bigint, what: string): Parsed<bigint> {
  const t = javaTrim(raw);
  if (!/^[+-]?\d+$/.test(t)) return { ok: false, error: `Not a number of type ${what}` };
  const v = BigInt(t);
  if (v < min || v > max) return { ok: false, error: `Not a number of type ${what}` };
  return { ok: true, value: v };
}

/** Parses a Kafka `LONG` value (Long.parseLong after trim). */
export function parseLong(raw: string): Parsed<bigint> {
  return parseIntegral(raw, -(2n ** 63n), 2n ** 63n - 1n, 'LONG');
}

/** Parses a Kafka `INT` value. */
export function parseInt32(raw: string): Parsed<number> {
  const r = parseIntegral(raw, -(2n ** 31n), 2n ** 31n - 1n, 'INT');
  return r.ok ? { ok: true, value: Number(r.value) } : r;
}

/** Parses a Kafka `SHORT` value. */
export function parseShort(raw: string): Parsed<number> {
  const r = parseIntegral(raw, -(2n ** 15n), 2n ** 15n - 1n, 'SHORT');
  return r.ok ? { ok: true, value: Number(r.value) } : r;
}

/** Parses a Kafka `STRING` value (trimmed). */
export function parseString(raw: string): Parsed<string> {
  return { ok: true, value: javaTrim(raw) };
}
