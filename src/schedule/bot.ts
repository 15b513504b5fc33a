/**
 * History and schedules as a bot process composes them (src/composition-root.ts): the Doctor that
 * records chat diagnoses, the control `/mm2 digest` and `/mm2 history` use, and the scheduler,
 * started once the Slack app has a Web API client.
 */
import type { Logger, webApi } from '@slack/bolt';
import type { Redactor } from '../runtime/redact.ts';
import type { Config } from '../config/schema.ts';
import type { CoordinationSection } from '../coordination/config.ts';
import type { Doctor } from '../model/diagnosis.ts';
import { decodeLog } from '../history/codec.ts';
import { HISTORY_DEFAULTS, retentionOf, type HistorySection } from '../history/config.ts';
import { HistoryLockedError } from '../history/lock.ts';
import { openHistory } from '../history/open.ts';
import { retain } from '../history/retention.ts';
import { recordingDoctor, type HistoryStore } from '../history/store.ts';
import type { ScheduleSections } from './config.ts';
import type { ScheduleControl } from '../runtime/command.ts';
import { historyView } from './history-view.ts';
import { scheduleActivity } from './activity.ts';
import { startSchedules, type ScheduleRuntime } from './runtime.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What a bot process gets: a recording Doctor, the command control, start and stop. */
export interface BotSchedules {
  /** Records every chat diagnosis (commands, watches, threads) in history. */
  doctor: Doctor;
  control: ScheduleControl;
  /** Starts digests and alerts with the Slack app's client (Bolt's `app.client`, `app.logger`). */
  start(client: webApi.WebClient, redactor: Redactor, log: Pick<Logger, 'info' | 'warn' | 'error'>, opts?: { onPoster?: (poster: boolean) => void }): Promise<void>;
  stop(): Promise<void>;
}

type ScheduleConfig = Pick<Config, 'clusters'> & ScheduleSections & CoordinationSection & HistorySection;

/** Opens history for a bot process in `stateDir`; schedules start with {@link BotSchedules.start}. */
export async function botSchedules(config: ScheduleConfig, doctor: Doctor, stateDir: string): Promise<BotSchedules> {
  const history = await openHistory(config, stateDir);
  const control: ScheduleControl = { history: historyView(history) };
  let runtime: ScheduleRuntime | undefined;
  return {
    doctor: recordingDoctor(doctor, history, 'chat'),
    control,
    async start(client, redactor, log, opts = {}) {
      runtime = await startSchedules({ config, doctor, history, client, stateDir, redactor, log, ...(opts.onPoster && { onPoster: opts.onPoster }) });
      control.digests = runtime.digests;
      control.history = historyView(history, runtime.coordination.state);
      control.activity = scheduleActivity(config.digests ?? [], Object.keys(config.alerts?.channels ?? {}), runtime.coordination.state);
    },
    async stop() {
      await runtime?.stop();
      await history.close();
    },
  };
}

/** A history file another process (the running bot) holds, read without taking its lock. */
function readOnlyHistory(file: string, retention = retentionOf(HISTORY_DEFAULTS)): HistoryStore {
  return {
    append: () => Promise.resolve(),
    async list(mirror, opts = {}) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      const mine = retain(decodeLog(bytes).entries, retention, Date.now()).filter((e) => e.mirror === mirror);
      return opts.limit !== undefined ? mine.slice(-opts.limit) : mine;
    },
    close: () => Promise.resolve(),
  };
}

/** History for the terminal shell: recorded with origin `cli`, or read only while a bot holds the file. */
export async function shellSchedules(config: ScheduleConfig, doctor: Doctor, stateDir: string): Promise<{ doctor: Doctor; control: ScheduleControl; close(): Promise<void> }> {
  try {
    const history = await openHistory(config, stateDir);
    return { doctor: recordingDoctor(doctor, history, 'cli'), control: { history: historyView(history) }, close: () => history.close() };
  } catch (e) {
    if (!(e instanceof HistoryLockedError)) throw e;
    const h = config.history ?? HISTORY_DEFAULTS;
    const store = readOnlyHistory(h.file ?? path.join(stateDir, 'history.jsonl'), retentionOf(h));
    return { doctor, control: { history: historyView(store) }, close: () => Promise.resolve() };
  }
}
