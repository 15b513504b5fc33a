/** A Bolt-compatible logger whose every line is redacted (Bolt logs payloads and errors itself). */
import { LogLevel, type Logger } from '@slack/bolt';
import type { Redactor } from '../runtime/redact.ts';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

const asText = (m: unknown): string => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : (JSON.stringify(m) ?? String(m)));

/** Wraps `inner` (default: `[LEVEL] mm2-doctor …` lines on stderr) so every line is redacted. */
export function redactingLogger(redactor: Redactor, inner?: Logger): Logger {
  let level = inner?.getLevel() ?? LogLevel.INFO;
  let name = 'mm2-doctor';
  const at = (l: LogLevel) => (...msg: unknown[]) => {
    const line = redactor.text(msg.map(asText).join(' '));
    if (inner) {
      inner[l](line);
      return;
    }
    if (ORDER.indexOf(l) >= ORDER.indexOf(level)) process.stderr.write(`[${l.toUpperCase()}] ${name} ${line}\n`);
  };
  return {
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (l) => {
      level = l;
      inner?.setLevel(l);
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
      inner?.setName(n);
    },
  };
}

/** Bolt's Logger over the bot's log (src/observe/log.ts): Bolt's own lines end up where the bot's go. */
export function boltLogger(log: { debug(...m: unknown[]): void; info(...m: unknown[]): void; warn(...m: unknown[]): void; error(...m: unknown[]): void; setLevel(l: 'debug' | 'info' | 'warn' | 'error'): void; getLevel(): 'debug' | 'info' | 'warn' | 'error' }): Logger {
  const levels: Record<string, LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };
  return {
    debug: (...m) => log.debug(...m),
    info: (...m) => log.info(...m),
    warn: (...m) => log.warn(...m),
    error: (...m) => log.error(...m),
    setLevel: (l) => log.setLevel(l),
    getLevel: () => levels[log.getLevel()] ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
