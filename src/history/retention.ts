/** How long history is kept, and the pure rule that applies it. */
import type { HistoryEntry } from './entry.ts';

/** Retention bounds; both apply. */
export interface RetentionPolicy {
  /** Entries kept per mirror (the newest). */
  maxEntriesPerMirror: number;
  /** Entries older than this are dropped (ms). */
  maxAgeMs: number;
}

/** Default: 30 days, at most 2000 entries per mirror. */
export const DEFAULT_RETENTION: RetentionPolicy = { maxEntriesPerMirror: 2000, maxAgeMs: 30 * 86_400_000 };

/** The entries `policy` keeps at `now`, in their original order. Pure. */
export function retain(entries: readonly HistoryEntry[], policy: RetentionPolicy, now: number): HistoryEntry[] {
  const oldest = now - policy.maxAgeMs;
  const perMirror = new Map<string, number>();
  const keep = new Array<boolean>(entries.length).fill(false);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.at < oldest) continue;
    const n = perMirror.get(e.mirror) ?? 0;
    if (n >= policy.maxEntriesPerMirror) continue;
    perMirror.set(e.mirror, n + 1);
    keep[i] = true;
  }
  return entries.filter((_, i) => keep[i]);
}
