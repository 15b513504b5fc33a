/**
 * The schedules of one bot process: coordination (Kafka election and shared state, or a single
 * replica), the scheduler, and the digest control for `/mm2 digest`. Started next to the Slack app
 * by the composition root, with the app's Web API client.
 *
 * @example
 * const schedules = await startSchedules({ config, doctor, history, client: bot.app.client, stateDir, redactor, log });
 * // … on shutdown:
 * await schedules.stop();
 */
import type { Logger, webApi } from '@slack/bolt';
import { errorRef } from '../runtime/runner.ts';
import type { Redactor } from '../runtime/redact.ts';
import type { Config } from '../config/schema.ts';
import type { CoordinationSection } from '../coordination/config.ts';
import { startCoordination, type Coordination } from '../coordination/start.ts';
import type { Doctor } from '../model/diagnosis.ts';
import { recordingDoctor, type HistoryStore } from '../history/store.ts';
import type { ScheduleSections } from './config.ts';
import { MONITOR_DEFAULTS, reusingDoctor, type MonitorSection } from '../monitor/reuse.ts';
import type { DigestControl } from '../runtime/command.ts';
import { digestControl } from './control.ts';
import type { JobDeps } from './jobs.ts';
import { slackPoster, type Poster } from './poster.ts';
import { ChannelMembership } from '../slack/membership.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';

/** Options of {@link startSchedules}. */
export interface ScheduleRuntimeOptions {
  config: Pick<Config, 'clusters'> & ScheduleSections & CoordinationSection & Partial<MonitorSection>;
  /** The plain Doctor; digest and alert diagnoses are recorded in `history` with their origin. */
  doctor: Doctor;
  history?: HistoryStore;
  client: webApi.WebClient;
  /** Where the single-replica state file lives. */
  stateDir: string;
  redactor: Redactor;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
  /** Tests: a poster other than Slack, a shorter alert interval, a hook per digest run. */
  poster?: Poster;
  alertIntervalMs?: number;
  onDigest?: SchedulerOptions['onDigest'];
  /** Told when this replica gains or loses the poster role (the `poster` metric). */
  onPoster?: SchedulerOptions['onPoster'];
}

/** Running schedules. */
export interface ScheduleRuntime {
  scheduler: Scheduler;
  coordination: Coordination;
  digests: DigestControl;
  stop(): Promise<void>;
}

/** Starts coordination and the scheduler. */
export async function startSchedules(opts: ScheduleRuntimeOptions): Promise<ScheduleRuntime> {
  const { config, log } = opts;
  const ref = (e: unknown): string => {
    const r = errorRef();
    log.error(`internal error ref=${r}: ${opts.redactor.text(e instanceof Error ? (e.stack ?? e.message) : String(e))}`);
    return r;
  };
  const coordination = await startCoordination(config, { stateDir: opts.stateDir, onError: (e) => log.warn(`coordination: ${opts.redactor.text(String(e))}`) });
  const membership = new ChannelMembership({ warn: (m) => log.warn(m) });
  const poster = opts.poster ?? slackPoster(opts.client, { redactor: opts.redactor, warn: (m) => log.warn(m) }, membership);
  // Every channel digests and alerts post to, checked now: a missing invite is found before the first post.
  await membership.check(opts.client, [
    ...(config.digests ?? []).map((d) => ({ channel: d.channel, what: `digest ${d.name}` })),
    ...Object.entries(config.alerts?.channels ?? {}).map(([mirror, channel]) => ({ channel, what: `alerts for ${mirror}` })),
  ]);
  const base = { state: coordination.state, leadership: coordination.leadership, poster, now: opts.now ?? Date.now, log, errorRef: ref };
  // An alert round and a digest slot moments apart share one reading of the clusters (monitor.reuseSeconds).
  const reusing = reusingDoctor(opts.doctor, (config.monitor ?? MONITOR_DEFAULTS).reuseSeconds * 1000);
  const withOrigin = (origin: 'digest' | 'alert'): Doctor => (opts.history ? recordingDoctor(reusing, opts.history, origin, { onError: (e) => log.warn(`history: ${String(e)}`) }) : reusing);
  const digestDeps: JobDeps = { ...base, doctor: withOrigin('digest') };
  const scheduler = new Scheduler({
    digests: config.digests ?? [],
    alerts: config.alerts,
    // A digest job diagnoses with origin `digest`, an alert round with origin `alert`.
    deps: digestDeps,
    alertDeps: { ...base, doctor: withOrigin('alert') },
    catchUpMs: coordination.catchUpMs,
    ...(opts.alertIntervalMs !== undefined && { alertIntervalMs: opts.alertIntervalMs }),
    ...(opts.onDigest && { onDigest: opts.onDigest }),
    ...(opts.onPoster && { onPoster: opts.onPoster }),
  });
  scheduler.start();
  log.info(`schedules: ${(config.digests ?? []).length} digest(s), ${Object.keys(config.alerts?.channels ?? {}).length} mirror(s) with alerts, ${coordination.mode === 'kafka' ? `coordinated through ${config.coordination?.cluster}` : 'single replica'}`);
  return {
    scheduler,
    coordination,
    digests: digestControl(config.digests ?? [], digestDeps),
    async stop() {
      await scheduler.stop();
      await coordination.close();
    },
  };
}
