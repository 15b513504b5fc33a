/**
 * Keeps secrets out of everything the bot says or logs. The secrets are the resolved values of
 * the config's secret references (cluster and Connect passwords, Slack tokens); every audit line,
 * log line and outgoing message passes through {@link Redactor.text} or {@link Redactor.deep}.
 */
import type { SecretRef } from '../config/secrets.ts';
import { resolveSecret, type SecretIO } from '../gather/secrets.ts';

const MASK = '[redacted]';
// Shorter values would mask ordinary words; real passwords and tokens are longer.
const MIN_SECRET = 4;

/** Replaces known secret values. */
export interface Redactor {
  text(s: string): string;
  /** A copy of a JSON-like value with every string redacted. */
  deep<T>(value: T): T;
}

/** A redactor for these secret values (empty or very short values are ignored). */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const list = [...new Set([...secrets].filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
  const text = (s: string): string => {
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  };
  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return text(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => deep(v)) as T;
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
    }
    return value;
  };
  return { text, deep };
}

const isRef = (v: unknown): v is SecretRef => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  return keys.length === 1 && ((keys[0] === 'env' && typeof o.env === 'string') || (keys[0] === 'file' && typeof o.file === 'string'));
};

const SECRET_KEY = /pass(word)?|secret|token|credential|api.?key|jaas/i;

/**
 * Every secret a config holds: values of `{ env }` / `{ file }` references found anywhere under a
 * secret-like key (password, token, secret…), and plain strings under such keys (hand-built configs).
 */
export async function collectSecrets(config: unknown, io: SecretIO = {}): Promise<string[]> {
  const refs: SecretRef[] = [];
  const plain: string[] = [];
  const walk = (v: unknown, key: string, depth: number): void => {
    if (depth > 12 || v === null || typeof v !== 'object') {
      if (typeof v === 'string' && SECRET_KEY.test(key)) plain.push(v);
      return;
    }
    if (SECRET_KEY.test(key) && isRef(v)) {
      refs.push(v);
      return;
    }
    for (const [k, child] of Object.entries(v)) walk(child, Array.isArray(v) ? key : k, depth + 1);
  };
  walk(config, '', 0);
  const resolved = await Promise.all(refs.map((r) => resolveSecret(r, io)));
  return [...plain, ...resolved.flatMap((r) => (r.ok ? [r.secret.reveal()] : []))];
}
