/**
 * Watches, alerts, digests and the metrics refresh ask about the same mirrors within seconds of each
 * other (an alert round right before a digest slot, several watches on one mirror, every replica's
 * refresh). They reuse a diagnosis younger than `monitor.reuseSeconds` instead of reading the
 * clusters again (issue 13); the diagnosis says how old its facts are (`ageMs`), and digests and
 * alerts show it. Interactive commands never go through this: `/mm2 diagnose` always reads anew.
 *
 * ```yaml
 * monitor:
 *   reuseSeconds: 30     # 0: every watch, alert and digest diagnosis reads the clusters itself
 * ```
 */
import { z } from 'zod';
import { configSection, type SectionValues } from '../config/section.ts';
import { strictMap } from '../config/zod-yaml.ts';
import type { Doctor } from '../model/diagnosis.ts';

export const monitorSchema = strictMap({
  reuseSeconds: z.int().min(0).max(3600).default(30),
});

/** The `monitor:` section with defaults applied. */
export type MonitorConfig = z.output<typeof monitorSchema>;

export const MONITOR_DEFAULTS: MonitorConfig = monitorSchema.parse({});

export const monitorSection = configSection({ key: 'monitor', schema: monitorSchema });

/** The part of a loaded config that holds `monitor:`. */
export type MonitorSection = SectionValues<[typeof monitorSection]>;

/** A Doctor whose diagnoses reuse one younger than `maxAgeMs` (a caller's own `maxAgeMs` wins); `doctor` itself when 0. */
export function reusingDoctor(doctor: Doctor, maxAgeMs: number): Doctor {
  if (maxAgeMs <= 0) return doctor;
  return {
    mirrors: () => doctor.mirrors(),
    resolve: (name) => doctor.resolve(name),
    diagnose: (mirror, opts) => doctor.diagnose(mirror, { maxAgeMs, ...opts }),
    close: () => doctor.close(),
  };
}
