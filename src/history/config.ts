/**
 * The `history:` section of the bot config (a config section, listed for the loader by
 * src/config-sections.ts).
 *
 * ```yaml
 * history:
 *   file: /var/lib/mm2-doctor/history.jsonl   # default: <slack.stateDir>/history.jsonl; relative to this file
 *   retentionDays: 30                         # entries older than this are dropped
 *   maxEntriesPerMirror: 2000                 # and at most this many per mirror are kept
 * ```
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { configSection, type SectionValues } from '../config/section.ts';
import { nonEmptyString, strictMap } from '../config/zod-yaml.ts';
import type { RetentionPolicy } from './retention.ts';

/** Schema of `history:`. */
export const historySchema = strictMap({
  /** Absolute path once loaded; absent = `<stateDir>/history.jsonl`. */
  file: nonEmptyString.optional(),
  retentionDays: z.int().min(1).max(3650).default(30),
  maxEntriesPerMirror: z.int().min(10).max(1_000_000).default(2000),
});

/** The `history:` section with defaults applied. */
export type HistoryConfig = z.output<typeof historySchema>;

/** Defaults of `history:` when the section is absent. */
export const HISTORY_DEFAULTS: HistoryConfig = historySchema.parse({});

/** `history:`, with `file` made absolute (relative to the config file). */
export const historySection = configSection({
  key: 'history',
  schema: historySchema,
  crossCheck: (history, ctx): HistoryConfig => {
    const f = history.file;
    return { ...history, ...(f !== undefined && { file: isAbsolute(f) ? f : resolve(dirname(ctx.config.file), f) }) };
  },
});

/** The part of a loaded config that holds `history:`. */
export type HistorySection = SectionValues<[typeof historySection]>;

/** The retention policy a history config asks for. */
export function retentionOf(c: HistoryConfig): RetentionPolicy {
  return { maxEntriesPerMirror: c.maxEntriesPerMirror, maxAgeMs: c.retentionDays * 86_400_000 };
}
