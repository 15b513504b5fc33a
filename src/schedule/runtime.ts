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
import type { DigestControl } from '../runtime/command.ts';
import { digestControl } from './control.ts';
import type { JobDeps } from './jobs.ts';
import { slackPoster, type Poster } from './poster.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';

/** Options of {@link startSchedules}. */
export interface ScheduleRuntimeOptions {
  config: Pick<Config, 'clusters'> & ScheduleSections & CoordinationSection;
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
  const poster = opts.poster ?? slackPoster(opts.client, { redactor: opts.redactor, warn: (m) => log.warn(m) });
  const base = { state: coordination.state, leadership: coordination.leadership, poster, now: opts.now ?? Date.now, log, errorRef: ref };
  const withOrigin = (origin: 'digest' | 'alert'): Doctor => (opts.history ? recordingDoctor(opts.doctor, opts.history, origin, { onError: (e) => log.warn(`history: ${String(e)}`) }) : opts.doctor);
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
