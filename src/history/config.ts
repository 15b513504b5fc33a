/**
 * The `history:` section (an entry of `sections` in src/config/schema.ts).
 *
 * ```yaml
 * history:
 *   file: /var/lib/mm2-doctor/history.jsonl   # default: <slack.stateDir>/history.jsonl; relative to this file
 *   retentionDays: 30                         # entries older than this are dropped
 *   maxEntriesPerMirror: 2000                 # and at most this many per mirror are kept
 * ```
 */
import { integer, object, optional, string, withDefault, type Schema } from '../config/schema-kit.ts';
import type { RetentionPolicy } from './retention.ts';

/** The `history:` section with defaults applied. */
export interface HistoryConfig {
  /** Absolute path once loaded; absent = `<stateDir>/history.jsonl`. */
  file?: string | undefined;
  retentionDays: number;
  maxEntriesPerMirror: number;
}

/** Defaults of `history:` when the section is absent. */
export const HISTORY_DEFAULTS: HistoryConfig = { retentionDays: 30, maxEntriesPerMirror: 2000 };

/** Schema of `history:`. */
export const historySchema = object({
  file: optional(string({ nonEmpty: true })),
  retentionDays: withDefault(integer({ min: 1, max: 3650 }), HISTORY_DEFAULTS.retentionDays),
  maxEntriesPerMirror: withDefault(integer({ min: 10, max: 1_000_000 }), HISTORY_DEFAULTS.maxEntriesPerMirror),
}) as Schema<HistoryConfig>;

/** The retention policy a history config asks for. */
export function retentionOf(c: HistoryConfig): RetentionPolicy {
  return { maxEntriesPerMirror: c.maxEntriesPerMirror, maxAgeMs: c.retentionDays * 86_400_000 };
}
