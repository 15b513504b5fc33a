/**
 * Resolves secret references (`{ env: NAME }` or `{ file: PATH }`) at use time. The resolved value is
 * wrapped so that logging, JSON or string interpolation print `[secret]`; errors name the
 * reference, never the value. The one place secrets are read.
 */
import { readFile } from 'node:fs/promises';
import { describeSecretRef, type SecretRef } from '../config/secrets.ts';

const REDACTED = '[secret]';

/** A resolved secret (a password, a private key, a PKCS12 store); only {@link Secret.reveal} returns the value. */
export class Secret<T extends string | Buffer = string> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  /** The secret value, for handing to a client library. */
  reveal(): T {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/** The outcome of resolving a reference. */
export type SecretResult = { ok: true; secret: Secret } | { ok: false; error: string };

/** Where secrets are read from (injectable for tests). */
export interface SecretIO {
  env?: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => Promise<string>;
}

/**
 * Resolves a reference at use time. A file's single trailing newline is dropped (`echo pw > f`);
 * an unset or empty variable and an empty or unreadable file are errors.
 */
export async function resolveSecret(ref: SecretRef, io: SecretIO = {}): Promise<SecretResult> {
  if ('env' in ref) {
    const value = (io.env ?? process.env)[ref.env];
    if (value === undefined) return { ok: false, error: `${describeSecretRef(ref)} is not set` };
    if (value === '') return { ok: false, error: `${describeSecretRef(ref)} is empty` };
    return { ok: true, secret: new Secret(value) };
  }
  let text: string;
  try {
    text = await (io.readFile ?? ((p: string) => readFile(p, 'utf8')))(ref.file);
  } catch (e) {
    // Only the error code: fs messages contain the path, never the content, but stay minimal.
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'read error';
    return { ok: false, error: `${describeSecretRef(ref)} cannot be read (${code})` };
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, error: `${describeSecretRef(ref)} is empty` };
  return { ok: true, secret: new Secret(value) };
}
