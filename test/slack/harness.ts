/**
 * Starts the real bot (createSlackApp) against the Slack emulator in Socket Mode or HTTP mode, with
 * any Doctor (the fake here; the real createDoctor over the Kafka lab for end-to-end tests), and
 * collects what it writes: audit records and log lines.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/runtime/audit.ts';
import type { AccessConfig } from '../../src/slack/config.ts';
import { createSlackApp, type SlackAppOptions, type SlackBot } from '../../src/slack/app.ts';
import { commandRegistry } from '../../src/composition-root.ts';
import { SlackEmulator, type StartOptions } from '../slack-emulator/index.ts';
import { quietLogger } from '../slack-emulator/helpers.ts';
import type { HttpMode } from '../slack-emulator/http-mode.ts';
import type { Doctor } from '../../src/model/diagnosis.ts';
import { botSchedules, type BotSchedules } from '../../src/schedule/bot.ts';
import type { ProgressTiming } from '../../src/slack/progress.ts';

export interface Harness {
  emu: SlackEmulator;
  bot: SlackBot;
  audit: AuditRecord[];
  logs: string[];
  /** HTTP mode: Slack calling the bot. */
  http?: HttpMode;
  ops: string;
  stateDir: string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  mode?: 'socket' | 'http';
  access?: AccessConfig;
  emulator?: StartOptions;
  config?: SlackAppOptions['config'];
  secrets?: string[];
  stateDir?: string;
  watchIntervalMs?: number;
  now?: () => number;
  emu?: SlackEmulator;
  metrics?: SlackAppOptions['metrics'];
  /** Start history, digests and alerts from `config` as `mm2-doctor serve` does. */
  schedules?: boolean;
  /** When progress shows and how often it changes (default: the product's, 1 s and 2 s). */
  progress?: ProgressTiming;
}

/** A started bot on a started (or given) emulator. */
export async function startBot(doctor: Doctor, opts: HarnessOptions = {}): Promise<Harness> {
  const emu = opts.emu ?? (await SlackEmulator.start({ ackTimeoutMs: 3000, ...opts.emulator }));
  const mode = opts.mode ?? 'socket';
  const audit: AuditRecord[] = [];
  const logger = quietLogger();
  const stateDir = opts.stateDir ?? mkdtempSync(path.join(tmpdir(), 'mm2-slack-'));
  const config = { ...(opts.config ?? {}), ...(opts.access ? { access: opts.access } : {}) };
  const schedules: BotSchedules | undefined = opts.schedules ? await botSchedules({ clusters: {}, ...config } as never, doctor, stateDir) : undefined;
  const bot = createSlackApp({
    doctor: schedules?.doctor ?? doctor,
    registry: commandRegistry(),
    config,
    tokens: mode === 'socket' ? { botToken: emu.botToken, appToken: emu.appToken } : { botToken: emu.botToken, signingSecret: emu.signingSecret },
    mode,
    slackApiUrl: emu.apiUrl,
    logger,
    audit: (r) => audit.push(r),
    secrets: opts.secrets ?? [],
    overrides: { port: 0, healthPort: 0, healthHost: '127.0.0.1', stateDir, watchIntervalMs: opts.watchIntervalMs ?? 60_000, shutdownTimeoutMs: 5000, socketRetryMs: 100, ...(opts.progress ? { progress: opts.progress } : {}) },
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(schedules ? { schedules: schedules.control } : {}),
  });
  await bot.start();
  await schedules?.start(bot.app.client, bot.redactor, logger);
  const http = mode === 'http' ? emu.http(`http://127.0.0.1:${bot.httpPort}/slack/events`) : undefined;
  return {
    emu,
    bot,
    audit,
    logs: logger.lines,
    ...(http ? { http } : {}),
    ops: emu.channelId('mm2-ops'),
    stateDir,
    async stop() {
      await bot.stop();
      await schedules?.stop();
      if (!opts.emu) await emu.stop();
    },
  };
}

/** Every text a workspace member could see or the bot logged, for leak checks. */
export function everything(h: Harness): string {
  const channels = ['mm2-ops', 'kafka-alerts', 'random'];
  const seen = channels.flatMap((c) => h.emu.messages(c).flatMap((m) => [m, ...h.emu.thread(c, m.ts)]));
  const ephemeral = ['alice', 'bob'].flatMap((u) => h.emu.ephemeral(u));
  return JSON.stringify({ seen, ephemeral, files: h.emu.files().map((f) => f.content.toString('utf8')), audit: h.audit, logs: h.logs, calls: h.emu.calls().map((c) => c.args) });
}
