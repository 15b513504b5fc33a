// Test-side helpers: real Bolt apps wired to the emulator, and a logger that keeps Bolt quiet while
// remembering what it said (reconnect tests assert on it when they fail).
import { App, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import type { SlackEmulator } from './emulator.ts';

export function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (...msg: unknown[]) => {
    lines.push(`${level} ${msg.map(String).join(' ')}`);
  };
  return {
    lines,
    debug: () => undefined,
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

/**
 * A Socket Mode app whose receiver reconnects after `clientPingTimeout` ms (Slack's client waits
 * clientPingTimeout × consecutive failures before reconnecting; its default of 5 s would slow tests).
 */
export function socketModeApp(emu: SlackEmulator, clientPingTimeout = 500): App {
  const logger = quietLogger();
  const receiver = new SocketModeReceiver({
    appToken: emu.appToken,
    clientPingTimeout,
    logger,
    installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } },
  });
  return new App({ token: emu.botToken, receiver, logger, clientOptions: { slackApiUrl: emu.apiUrl } });
}

/** Resolves when `release()` is called; lets a test hold a handler mid-flight. */
export function gate(): { wait: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { wait, release };
}
