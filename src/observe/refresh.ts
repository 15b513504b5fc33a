/**
 * Keeps the per-mirror metrics current: every `metrics.refreshSeconds`, each replica re-diagnoses
 * every configured mirror through the measured Doctor (the one re-diagnose loop, src/monitor), so
 * a Prometheus scraping any replica sees verdicts at most one interval old even when nobody asks.
 * A diagnosis only reads, so replicas refreshing side by side do no harm beyond the reads.
 */
import type { Doctor } from '../model/diagnosis.ts';
import { Monitor } from '../monitor/loop.ts';
import type { AppLog } from './log.ts';

/** The refresh loop, started; undefined when `refreshSeconds` is 0. */
export function startMetricsRefresh(doctor: Doctor, refreshSeconds: number, log: Pick<AppLog, 'warn'>): Monitor | undefined {
  if (refreshSeconds <= 0) return undefined;
  const monitor = new Monitor({
    doctor,
    intervalMs: refreshSeconds * 1000,
    immediate: true,
    round: () => doctor.mirrors().map((m) => m.name),
    // The measured Doctor has recorded the result; nothing else to do with it.
    consume: (r) => {
      if (!r.ok) log.warn(`metrics refresh: diagnosing ${r.mirror} failed: ${String(r.error)}`, { mirror: r.mirror });
    },
    onError: (e, mirror) => log.warn(`metrics refresh failed: ${String(e)}`, { ...(mirror && { mirror }) }),
  });
  monitor.start();
  return monitor;
}
