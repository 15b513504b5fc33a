/**
 * The `metrics:` section (a config section, listed for the loader by src/config-sections.ts):
 * what the bot's `/metrics` endpoint (on `slack.healthPort`, next to /healthz) exports.
 *
 * ```yaml
 * metrics:
 *   refreshSeconds: 60        # every replica re-diagnoses every mirror this often, so the per-mirror
 *                             # series stay current without anyone asking; 0 = only what users,
 *                             # watches, digests and alerts diagnose
 *   groupSeriesLimit: 50      # most per-group series (predicted re-reads) per mirror
 * ```
 */
import { z } from 'zod';
import { configSection, type SectionValues } from '../config/section.ts';
import { strictMap } from '../config/zod-yaml.ts';

export const metricsSchema = strictMap({
  refreshSeconds: z.int().min(0).max(86_400).default(60),
  groupSeriesLimit: z.int().min(0).max(10_000).default(50),
});

/** The `metrics:` section with defaults applied. */
export type MetricsConfig = z.output<typeof metricsSchema>;

export const METRICS_DEFAULTS: MetricsConfig = metricsSchema.parse({});

export const metricsSection = configSection({ key: 'metrics', schema: metricsSchema });

/** The part of a loaded config that holds `metrics:`. */
export type MetricsSection = SectionValues<[typeof metricsSection]>;
