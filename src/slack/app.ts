/**
 * The Bolt app: receivers (Socket Mode with an app-level token, else HTTP with signing-secret
 * verification), the listeners, health probes, watches, and a graceful stop that lets replies in
 * flight finish. Everything is parameterised by the Doctor and the command registry.
 *
 * @example
 * const bot = await createSlackApp({ doctor, registry, config, tokens: { botToken, appToken } });
 * await bot.start();
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type HTTPReceiver, type Logger } from '@slack/bolt';
import { createAccessPolicy } from '../runtime/access.ts';
import { jsonLineAudit, type AuditSink } from '../runtime/audit.ts';
import { createRedactor, type Redactor } from '../runtime/redact.ts';
import type { CommandRegistry } from '../runtime/registry.ts';
import type { RunnerDeps } from '../runtime/runner.ts';
import type { Doctor } from '../model/diagnosis.ts';
import { explainLogs as defaultExplainLogs } from '../logs/explain.ts';
import type { LogExplanation } from '../model/log-explanation.ts';
import { ACTION_IDS } from '../render/slack/buttons.ts';
import { slackConfigOf, type BotConfig } from './config.ts';
import { onCommand, onDirectMessage, onMention, onRerun, onShare, onShowCommands, type SlackDeps } from './handlers.ts';
import { startHealthServer, type HealthServer, type MetricsSource } from './health.ts';
import { createHttpReceiver } from './http-receiver.ts';
import { InFlight } from './inflight.ts';
import { MONITOR_DEFAULTS, reusingDoctor } from '../monitor/reuse.ts';
import { redactingLogger } from './logger.ts';
import { ResultCache } from './result-cache.ts';
import { RefreshingSocketModeReceiver } from './socket-receiver.ts';
import { DIAGNOSE_STEP, onDiagnoseStep } from './step.ts';
import { UserGroups } from './usergroups.ts';
import { WatchManager } from './watch/manager.ts';
import { WatchStore } from './watch/store.ts';
import { ChannelSurface } from './reply.ts';
import { HomeTab, homeErrorRef } from './home.ts';
import { HOME_DIAGNOSE_ACTION } from '../render/slack/home.ts';
import { HomeBoard, NO_ACTIVITY } from '../monitor/home.ts';
import type { ProgressTiming } from './progress.ts';
import type { ScheduleControl } from '../runtime/command.ts';

/** The slash command the app registers (manifest.yml declares the same). */
export const SLASH_COMMAND = '/mm2';

/** Tokens, resolved from the config's secret references. */
export interface SlackTokens {
  botToken: string;
  /** xapp-…: Socket Mode. */
  appToken?: string;
  /** HTTP mode request verification. */
  signingSecret?: string;
}

/** Options of {@link createSlackApp}. */
export interface SlackAppOptions {
  doctor: Doctor;
  registry: CommandRegistry;
  /** The loaded config; only `slack:` and `access:` are read here. */
  config: BotConfig;
  tokens: SlackTokens;
  /** Default: `socket` when an app token is given, else `http`. */
  mode?: 'socket' | 'http';
  /** Secrets to keep out of messages and logs besides the tokens (from {@link collectSecrets}). */
  secrets?: readonly string[];
  /** Slack Web API base URL; default `slack.apiUrl`, else Slack's (tests: the emulator). */
  slackApiUrl?: string;
  logger?: Logger;
  audit?: AuditSink;
  explainLogs?: (text: string) => LogExplanation;
  /** Socket Mode heartbeat: how long to wait for a pong (ms); default 5000. */
  clientPingTimeout?: number;
  /** Overrides of `slack:` values (tests: ports 0, short intervals, quick reconnects). */
  overrides?: { port?: number; healthPort?: number | false; stateDir?: string; watchIntervalMs?: number; shutdownTimeoutMs?: number; healthHost?: string; socketRetryMs?: number; progress?: ProgressTiming };
  now?: () => number;
  /** Digests and history for `/mm2 digest` and `/mm2 history` (src/schedule/bot.ts). */
  schedules?: ScheduleControl;
  /** `/metrics` on the health port, and where Slack ack latencies go (src/observe/metrics.ts). */
  metrics?: { exposition: MetricsSource; observeSlackAck(kind: string, seconds: number): void };
}

/** What a Slack request is, for the ack-latency metric. */
function ackKind(body: Record<string, unknown>): string {
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'block_actions' || body.type === 'interactive_message') return 'action';
  if (body.type === 'event_callback') return 'event';
  if (body.type === 'view_submission' || body.type === 'view_closed') return 'view';
  if (body.type === 'shortcut' || body.type === 'message_action') return 'shortcut';
  if (body.type === 'block_suggestion') return 'options';
  return 'other';
}

/** A created (not yet started) bot. */
export interface SlackBot {
  app: App;
  mode: 'socket' | 'http';
  watches: WatchManager;
  redactor: Redactor;
  /** Connects to Slack (or listens for it), starts probes and resumes watches. */
  start(): Promise<void>;
  /** Stops taking work, lets replies in flight finish (up to the shutdown timeout), then closes. */
  stop(): Promise<void>;
  ready(): boolean;
  /** HTTP mode: the port Slack's requests arrive on. */
  readonly httpPort: number | undefined;
  readonly healthPort: number | undefined;
}

const DEDUP_MS = 10 * 60_000;

/** Remembers event keys for a while; Slack redelivers events that were acked late. */
function dedup(now: () => number): (key: string) => boolean {
  const seen = new Map<string, number>();
  return (key) => {
    const t = now();
    for (const [k, at] of seen) if (t - at > DEDUP_MS) seen.delete(k);
    if (seen.has(key)) return true;
    seen.set(key, t);
    return false;
  };
}

/**
 * The App Home: its diagnoses reuse results younger than `monitor.reuseSeconds`; digests and
 * incidents come from the schedules (started after the app, so asked on each open) and the watches.
 */
function homeTab(deps: SlackDeps, opts: SlackAppOptions, logger: Logger): HomeTab {
  const reuseSeconds = (opts.config.monitor ?? MONITOR_DEFAULTS).reuseSeconds;
  const logError = homeErrorRef((ref, m) => deps.runner.logError(ref, m), (t) => deps.runner.redactor.text(t));
  return new HomeTab(deps, {
    board: new HomeBoard({ doctor: reusingDoctor(opts.doctor, reuseSeconds * 1000), reuseSeconds, logError, ...(opts.now ? { now: opts.now } : {}) }),
    activity: () => opts.schedules?.activity?.() ?? Promise.resolve(NO_ACTIVITY),
    watches: () => deps.watches.list().map((w) => ({ kind: 'watch' as const, mirror: w.mirror, channel: w.channel, ts: w.threadTs, since: w.startedAt, until: w.endsAt })),
    warn: (m) => logger.warn(m),
  });
}

/** Builds the Bolt app and everything around it; nothing connects until `start()`. */
export function createSlackApp(opts: SlackAppOptions): SlackBot {
  const cfg = slackConfigOf(opts.config);
  const o = opts.overrides ?? {};
  const now = opts.now ?? Date.now;
  const mode = opts.mode ?? cfg.mode ?? (opts.tokens.appToken ? 'socket' : 'http');
  const redactor = createRedactor([opts.tokens.botToken, opts.tokens.appToken ?? '', opts.tokens.signingSecret ?? '', ...(opts.secrets ?? [])]);
  const logger = redactingLogger(redactor, opts.logger);
  const audit = opts.audit ?? jsonLineAudit((line) => process.stdout.write(`${line}\n`), redactor);
  const apiUrl = opts.slackApiUrl ?? cfg.apiUrl;
  const clientOptions = apiUrl ? { slackApiUrl: apiUrl } : {};

  let started = false;
  let draining = false;
  let receiver: RefreshingSocketModeReceiver | HTTPReceiver;
  let socket: RefreshingSocketModeReceiver | undefined;
  if (mode === 'socket') {
    if (!opts.tokens.appToken) throw new Error('Socket Mode needs an app-level token (slack.appToken, xapp-…)');
    socket = new RefreshingSocketModeReceiver({
      appToken: opts.tokens.appToken,
      logger,
      clientOptions,
      connections: cfg.socketConnections,
      ...(opts.clientPingTimeout ? { clientPingTimeout: opts.clientPingTimeout } : {}),
      ...(o.socketRetryMs !== undefined ? { retryBaseMs: o.socketRetryMs } : {}),
    });
    receiver = socket;
  } else {
    if (!opts.tokens.signingSecret) throw new Error('HTTP mode needs the signing secret (slack.signingSecret) to verify requests');
    receiver = createHttpReceiver({ signingSecret: opts.tokens.signingSecret, logger, port: o.port ?? cfg.port });
  }
  const app = new App({ token: opts.tokens.botToken, receiver, logger, clientOptions });
  const metrics = opts.metrics;
  if (metrics) {
    // Every receiver hands each request to app.processEvent with its ack; timing that ack from here
    // is the latency Slack's 3-second rule sees, less the network. (Global middleware cannot do it:
    // Bolt gives middleware a copy of the listener arguments, so a wrapped ack would not be used.)
    const process = app.processEvent.bind(app);
    app.processEvent = (event) => {
      const started = performance.now();
      const ack = event.ack;
      const kind = ackKind(event.body as Record<string, unknown>);
      return process({ ...event, ack: async (response) => {
        try {
          await ack(response);
        } finally {
          metrics.observeSlackAck(kind, (performance.now() - started) / 1000);
        }
      } });
    };
  }

  const policy = createAccessPolicy(opts.config.access?.rules);
  const usergroups = new UserGroups(app.client, policy.usergroups, (g, e) => logger.warn(`usergroups.users.list ${g} failed: ${String((e as { data?: { error?: string } }).data?.error ?? e)}`), now);
  const inflight = new InFlight((e) => logger.error('reply failed:', e));
  const surface = { redactor, warn: (m: string) => logger.warn(m) };
  const watches = new WatchManager({
    // Several watches on one mirror (or a watch beside an alert round) share one reading.
    doctor: reusingDoctor(opts.doctor, (opts.config.monitor ?? MONITOR_DEFAULTS).reuseSeconds * 1000),
    store: new WatchStore(o.stateDir ?? cfg.stateDir),
    intervalMs: o.watchIntervalMs ?? cfg.watchIntervalSeconds * 1000,
    post: (w, draft) => new ChannelSurface(app.client, w.channel, surface, { threadTs: w.threadTs }).show(draft),
    logError: (e) => logger.error('watch check failed:', e),
    now,
  });
  const runner: RunnerDeps = {
    doctor: opts.doctor,
    registry: opts.registry,
    policy,
    audit,
    explainLogs: opts.explainLogs ?? defaultExplainLogs,
    redactor,
    logError: (ref, message) => logger.error(`internal error ref=${ref}: ${message}`),
    now,
    ...(opts.schedules ? { schedules: opts.schedules } : {}),
  };
  const deps: SlackDeps = {
    runner,
    registry: opts.registry,
    cache: new ResultCache(now),
    inflight,
    surface,
    watches,
    groups: (user) => usergroups.of(user),
    seen: dedup(now),
    ...(o.progress ? { progress: o.progress } : {}),
  };

  app.command(SLASH_COMMAND, onCommand(deps));
  app.event('app_mention', onMention(deps));
  app.event('message', onDirectMessage(deps));
  app.action(ACTION_IDS.share, onShare(deps));
  app.action(ACTION_IDS.rerun, onRerun(deps));
  app.action(ACTION_IDS.commands, onShowCommands(deps));
  // The Workflow Builder step (manifest `functions`); Bolt acks function_executed itself.
  app.function(DIAGNOSE_STEP, onDiagnoseStep(deps));
  const home = homeTab(deps, opts, logger);
  app.event('app_home_opened', home.onOpened());
  app.action(HOME_DIAGNOSE_ACTION, home.onDiagnose());
  app.error(async (error) => logger.error('unhandled:', error));

  let health: HealthServer | undefined;
  let httpPort: number | undefined;
  const healthPort = o.healthPort ?? cfg.healthPort;
  // HTTP mode is ready once it listens; Socket Mode while a socket to Slack is open.
  const ready = () => started && !draining && (socket?.ready() ?? true);
  const state = () => (draining ? 'shutting down' : !started ? 'starting' : (socket?.state() ?? 'starting'));

  return {
    app,
    mode,
    watches,
    redactor,
    get httpPort() {
      return httpPort;
    },
    get healthPort() {
      return health?.port;
    },
    ready,
    async start() {
      if (healthPort !== false) {
        health = await startHealthServer(healthPort, { ready, state }, o.healthHost, metrics && (() => metrics.exposition()));
      }
      if (mode === 'http') {
        const server = (await app.start(o.port ?? cfg.port)) as Server;
        httpPort = (server.address() as AddressInfo).port;
      } else {
        await app.start();
      }
      await watches.start();
      started = true;
      logger.info(`started in ${mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${httpPort}`}`);
    },
    async stop() {
      draining = true;
      await app.stop().catch((e: unknown) => logger.warn('receiver stop:', e));
      const finished = await inflight.drain(o.shutdownTimeoutMs ?? cfg.shutdownTimeoutSeconds * 1000);
      if (!finished) logger.warn(`${inflight.size} repl(ies) still running at shutdown`);
      await watches.stop();
      await health?.close();
      health = undefined;
      started = false;
    },
  };
}
