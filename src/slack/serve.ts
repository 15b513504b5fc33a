/**
 * `mm2-doctor serve`: resolves the Slack tokens from the config's secret references, starts the bot
 * (Socket Mode when an app token is set, else HTTP) and stops it gracefully on SIGTERM or SIGINT.
 */
import { collectSecrets } from '../runtime/redact.ts';
import type { CommandRegistry } from '../runtime/registry.ts';
import type { SecretRef } from '../config/secrets.ts';
import { resolveSecret, type SecretIO } from '../gather/secrets.ts';
import type { Doctor } from '../model/diagnosis.ts';
import { createSlackApp, type SlackAppOptions, type SlackBot } from './app.ts';
import { slackConfigOf } from './config.ts';
import { boltLogger } from './logger.ts';

/** A running bot and the promise that settles once it has stopped. */
export interface Serving {
  bot: SlackBot;
  stopped: Promise<void>;
  /** Stops the bot (what SIGTERM does). */
  stop(): Promise<void>;
}

/** Options beyond the config and the doctor. */
export interface ServeOptions extends Partial<Omit<SlackAppOptions, 'doctor' | 'registry' | 'config' | 'tokens'>> {
  secretIO?: SecretIO;
  /** Install SIGTERM/SIGINT handlers (default true). */
  signals?: boolean;
  /** The bot's log (src/observe/log.ts): Bolt's own lines go there too, unless `logger` is given. */
  log?: Parameters<typeof boltLogger>[0];
}

type Resolved = Awaited<ReturnType<typeof resolveSecret>>;
const value = (r: Resolved) => (r.ok ? r.secret.reveal() : undefined);
const why = (r: Resolved) => (r.ok ? 'set' : r.error);

/** Starts the bot; throws (before connecting) when the tokens the chosen mode needs are missing. */
export async function serveSlack(config: SlackAppOptions['config'], doctor: Doctor, registry: CommandRegistry, opts: ServeOptions = {}): Promise<Serving> {
  const io = opts.secretIO ?? {};
  const cfg = slackConfigOf(config);
  const [bot, app, signing] = await Promise.all([cfg.botToken, cfg.appToken, cfg.signingSecret].map((r: SecretRef) => resolveSecret(r, io))) as [Resolved, Resolved, Resolved];
  const botToken = value(bot);
  const appToken = value(app);
  const signingSecret = value(signing);
  if (!botToken) throw new Error(`slack.botToken: ${why(bot)}`);
  const mode = opts.mode ?? cfg.mode ?? (appToken ? 'socket' : 'http');
  if (mode === 'socket' && !appToken) throw new Error(`slack.appToken: ${why(app)} (Socket Mode needs the xapp- token)`);
  if (mode === 'http' && !signingSecret) throw new Error(`slack.signingSecret: ${why(signing)} (HTTP mode verifies every request with it; or set slack.appToken for Socket Mode)`);

  const secrets = [...(opts.secrets ?? []), ...(await collectSecrets(config, io))];
  const logger = opts.logger ?? (opts.log && boltLogger(opts.log));
  const slackBot = createSlackApp({ ...opts, ...(logger && { logger }), doctor, registry, config, mode, secrets, tokens: { botToken, ...(appToken ? { appToken } : {}), ...(signingSecret ? { signingSecret } : {}) } });
  await slackBot.start();

  let resolveStopped = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await slackBot.stop();
      await doctor.close();
      resolveStopped();
    })();
    return stopping;
  };
  if (opts.signals !== false) {
    const onSignal = () => void stop();
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    void stopped.then(() => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    });
  }
  return { bot: slackBot, stopped, stop };
}
