/**
 * zod for values read from YAML (the bot config and the Strimzi files it imports), with two
 * conventions the schemas rely on:
 *
 * - A key written without a value (`tls:`) is absent, so an optional key takes its default
 *   ({@link strictMap}, {@link nullAsAbsent}); a required one "requires a value".
 * - Messages ({@link configErrorMap}) say what was expected and what KIND of value was found
 *   ("expected an integer >= 1, got a string"), never the value, so a secret written under the
 *   wrong key is not repeated in an error. What was expected is the schema's description
 *   (`.describe('a cluster alias (letters, digits, ., _, -)')`), else its type ("a map",
 *   "an integer >= 1"). The exceptions are words a reader has to find again and that a
 *   did-you-mean needs: unknown keys, and a word that is not one of an enum's options.
 */
import { z } from 'zod';
import { suggestionSuffix } from './suggest.ts';

/** What a value is, for "got …" (never the value itself). */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
    case 'bigint':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a map';
    default:
      return 'an unsupported value';
  }
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** The noun phrase a schema expects: its description, else what its type says. */
function expectedOf(schema: z.core.$ZodType | undefined): string {
  if (schema === undefined) return 'a valid value';
  const description = z.globalRegistry.get(schema)?.description;
  if (schema instanceof z.ZodEnum) return `${description === undefined ? '' : `${description} `}(one of ${schema.options.join(', ')})`.trim();
  if (description !== undefined) return description;
  if (schema instanceof z.ZodNumber) {
    const bounds = [schema.minValue !== null && schema.minValue > -SAFE && `>= ${schema.minValue}`, schema.maxValue !== null && schema.maxValue < SAFE && `<= ${schema.maxValue}`].filter(Boolean).join(' and ');
    return `${schema.isInt ? 'an integer' : 'a number'}${bounds === '' ? '' : ` ${bounds}`}`;
  }
  if (schema instanceof z.ZodString) return 'a string';
  if (schema instanceof z.ZodBoolean) return 'true or false';
  if (schema instanceof z.ZodObject || schema instanceof z.ZodRecord) return 'a map';
  if (schema instanceof z.ZodArray) return 'a list';
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return expectedOf(schema.unwrap());
  // A preprocessed schema (z.preprocess) expects what its target expects; a transformed one what its input does.
  if (schema instanceof z.ZodPipe) return expectedOf(schema.in instanceof z.ZodTransform ? schema.out : schema.in);
  return 'a valid value';
}

/**
 * Keys that a {@link strictMap} accepts without reading them (Strimzi fields mm2-doctor does not
 * use). They count for did-you-mean but are not listed as expected keys.
 */
export const unread = z.unknown().optional();

function unknownKey(key: string, shape: Record<string, z.core.$ZodType>): string {
  const names = Object.keys(shape);
  const listed = names.filter((k) => shape[k] !== unread);
  return `unknown key '${key}'${suggestionSuffix(key, names) || `; expected one of ${listed.join(', ')}`}`;
}

/**
 * The messages of every issue, following the conventions at the top of this file. Pass it to
 * each parse: `schema.safeParse(data, { error: configErrorMap })`. An `unrecognized_keys` issue
 * names all unknown keys of one map; its message has one line per key, in the order of `keys`.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  const expected = expectedOf(issue.schema ?? (issue.inst instanceof z.ZodType ? issue.inst : undefined));
  const key = issue.path?.at(-1);
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union':
      if (issue.input === undefined && key !== undefined) return `missing required key '${String(key)}' (${expected})`;
      if (issue.input === null && key !== undefined) return `requires a value (${expected})`;
      return `expected ${expected}, got ${kindOf(issue.input)}`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (issue.schema instanceof z.ZodEnum && typeof issue.input === 'string') {
        const what = z.globalRegistry.get(issue.schema)?.description ?? 'value';
        return `unknown ${what} '${issue.input}'${suggestionSuffix(issue.input, options)}; expected one of ${options.join(', ')}`;
      }
      return `expected ${expected}, got ${kindOf(issue.input)}`;
    }
    case 'unrecognized_keys': {
      const shape = issue.inst instanceof z.ZodObject ? (issue.inst.shape as Record<string, z.core.$ZodType>) : {};
      return issue.keys.map((k) => unknownKey(k, shape)).join('\n');
    }
    case 'too_small':
      if (issue.origin === 'array' && issue.minimum === 1) return 'expected at least one entry';
      return `expected ${expected}`;
    default:
      return `expected ${expected}`;
  }
};

/**
 * `object`, reading a key with no value (`key:` or `key: ~`) as absent when the key is optional,
 * as YAML users expect. Required keys keep the null, which is then an error at that key.
 */
export function nullAsAbsent<T extends z.ZodObject>(object: T) {
  const optional = new Set(Object.entries(object.shape as Record<string, z.ZodType>).filter(([, s]) => s.isOptional()).map(([k]) => k));
  return z.preprocess((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([k, v]) => !(v === null && optional.has(k))));
  }, object);
}

/** A map with exactly these keys (unknown ones are errors with a did-you-mean); see {@link nullAsAbsent}. */
export function strictMap<const S extends z.core.$ZodLooseShape>(shape: S, params?: { description?: string; error?: z.core.$ZodErrorMap }) {
  const object = z.strictObject(shape, params?.error ? { error: params.error } : undefined);
  return nullAsAbsent(params?.description === undefined ? object : object.describe(params.description));
}

/** A string with something other than white space in it. */
export const nonEmptyString = z.string().refine((s) => s.trim() !== '', 'expected a string, got an empty string');

/** A scalar taken as text: `kafkaVersion: 3.9` is "3.9", `enabled: false` is "false". */
export const scalarText = z.union([z.string(), z.number(), z.boolean()]).describe('a string').transform(String);
