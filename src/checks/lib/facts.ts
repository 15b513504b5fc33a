/** Small readers over `Facts` shared by checks; pure, no MM2 semantics. */
import type { ConnectFacts, ConnectorFacts, Gathered } from '../../model/facts.ts';
import type { Facts } from '../../model/facts.ts';

/** The value of a fact, or `undefined` when it was not gathered (checks never see a thrown error). */
export function valueOf<T>(g: Gathered<T> | undefined): T | undefined {
  return g?.ok ? g.value : undefined;
}

/** Connect facts when a Connect URL was configured and answered. */
export function connectOf(facts: Facts): ConnectFacts | undefined {
  return valueOf(facts.connect);
}

/** The live checkpoint connector, when Connect answered and it exists. */
export function checkpointConnectorOf(facts: Facts): ConnectorFacts | undefined {
  return connectOf(facts)?.checkpoint ?? undefined;
}

/**
 * `build` computed once per facts object: several checks read the same analysis of one diagnosis's
 * facts (10,000 groups, tens of thousands of partitions), and facts are never changed after
 * gathering. Held weakly: it goes with the facts.
 */
export function oncePerFacts<T>(build: (facts: Facts) => T): (facts: Facts) => T {
  const cache = new WeakMap<Facts, { value: T }>();
  return (facts) => {
    let c = cache.get(facts);
    if (!c) cache.set(facts, (c = { value: build(facts) }));
    return c.value;
  };
}

/** First line of a Java stack trace: the exception and its message. */
export function firstLine(trace: string | undefined): string | null {
  if (!trace) return null;
  const line = trace.split('\n', 1)[0]?.trim();
  return line ? line : null;
}

/** `n thing` / `n things`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** At most `max` items, with a count of the rest: `a, b, c (+4 more)`. */
export function capList(items: readonly string[], max = 10): string[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), `(+${items.length - max} more)`];
}
