/** Runs one fact's gathering with its own clock, turning any failure into a `Gathered` error. */
import type { GatherError, Gathered } from '../model/facts.ts';

export async function timed<T>(fn: () => Promise<T>, classify: (err: unknown) => GatherError): Promise<Gathered<T>> {
  const start = performance.now();
  try {
    const value = await fn();
    return { ok: true, value, ms: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, error: classify(err), ms: Math.round(performance.now() - start) };
  }
}

/** A fact that depends on another one that failed: same error, zero time. */
export function failedBecause<T>(dep: Gathered<unknown>, what: string): Gathered<T> {
  if (dep.ok) throw new Error('failedBecause called with a successful fact');
  return { ok: false, error: { ...dep.error, message: `${what}: ${dep.error.message}` }, ms: 0 };
}
