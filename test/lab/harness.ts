/** Helpers for lab test files: the shared lab, unique names, polling. */
import { inject } from 'vitest';
import { waitForLog } from '../../src/lab/jvm.ts';
import { Lab } from '../../src/lab/lab.ts';

let shared: Lab | undefined;

/** The lab started by global-setup.ts, attached (clients and mirrors; no process control). */
export function useLab(): Lab {
  shared ??= Lab.attach(inject('lab'));
  return shared;
}

let seq = 0;
/** A short unique name for a scenario's aliases, topics and groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}${process.pid.toString(36)}${(seq++).toString(36)}${Date.now().toString(36).slice(-3)}`;
}

export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
      lastErr = undefined; // an error from an earlier poll no longer says what is wrong
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${lastErr ? ` (last error: ${(lastErr as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the shared lab's Connect worker logs `pattern` after byte `from`; fails with the log's tail. */
export function waitForConnectLog(what: string, pattern: RegExp | string, from: number, timeoutMs = 30_000): Promise<void> {
  return waitForLog(useLab().info.connectLog!, pattern, { from, timeoutMs, what });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
