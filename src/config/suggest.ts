/**
 * "Did you mean …?" suggestions for unknown keys, aliases and mirror names, by optimal string
 * alignment distance (Levenshtein plus adjacent transpositions, so `bootstrpa` finds `bootstrap`).
 */

/** Edit distance between two strings (insert, delete, substitute, swap adjacent). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The closest candidates to `input` (case-insensitive, small edit distance), or none. */
export function didYouMean(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = input.toLowerCase();
  const max = Math.max(1, Math.floor(input.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    if (c === input) continue;
    const dist = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (dist <= max) scored.push([c, dist]);
  }
  const best = Math.min(...scored.map(([, d]) => d));
  // Only the closest candidates: "scram-sha512" suggests scram-sha-512, not also scram-sha-256.
  return scored.filter(([, d]) => d === best).sort((x, y) => x[0].localeCompare(y[0])).slice(0, limit).map(([c]) => c);
}

/** ` (did you mean 'x'?)` / ` (did you mean 'x' or 'y'?)`, or an empty string. */
export function suggestionSuffix(input: string, candidates: Iterable<string>): string {
  const s = didYouMean(input, candidates);
  if (s.length === 0) return '';
  return ` (did you mean ${s.map((x) => `'${x}'`).join(' or ')}?)`;
}
