/**
 * A Socket Mode receiver for Bolt that never leaves the app without a connection when Slack
 * refreshes one. Slack refreshes every connection "once every few hours" with a `disconnect`
 * message (`warning` about 10 s before, then `refresh_requested`), allows up to 10 connections per
 * app and delivers each payload to one of them; its advice is to open the new connection before the
 * old one goes (https://docs.slack.dev/apis/events-api/using-socket-mode, "Using multiple
 * connections"). A slash command that arrives while no connection is open fails for the user with
 * `dispatch_failed` (bolt-js#2216).
 *
 * Why not Bolt's SocketModeReceiver: @slack/socket-mode 3.1.0 closes the socket as soon as any
 * `disconnect` arrives and reconnects `clientPingTimeout × failures` later, 5 s by default
 * (SocketModeClient.js onWebSocketMessage and delayReconnectAttempt); its reconnect promise has no
 * catch, so an `invalid_auth` on reconnect ends the process; and it writes `retryConfig` into the
 * clientOptions object it shares with the App (/work/research/issue11-12.md §1.5). 1.x opened a
 * second connection on `warning` (bolt-js#1061 logs); 3.x does not.
 *
 * What this does instead: each connection is one SocketModeClient with its own reconnects off. The
 * client is subclassed only to see `disconnect` itself (`onWebSocketMessage` is protected, meant for
 * this); on one, a new connection is opened at once. A warned connection stays open and keeps
 * answering until Slack refreshes it; one Slack asked to refresh is closed by Slack, or by this
 * receiver `lingerMs` after its replacement said hello if Slack does not (closing it earlier could
 * drop an envelope already on its way: a client cannot ack once it has sent its close frame). A
 * connection lost without notice is replaced at once too. Failures to open are retried with a doubling delay (1 s to
 * 30 s) and logged; they never reject unhandled. `ready()` is true while a socket that received
 * `hello` is open. Events are handed to `app.processEvent` as Bolt's receiver does.
 */
import { defaultProcessEventErrorHandler, type App, type Logger, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';

/** The Web API options the Socket Mode client uses for apps.connections.open (slackApiUrl, agent). */
export type ConnectionOptions = NonNullable<ConstructorParameters<typeof SocketModeClient>[0]>['clientOptions'];

/** Options of {@link RefreshingSocketModeReceiver}. */
export interface SocketReceiverOptions {
  appToken: string;
  logger: Logger;
  /** For apps.connections.open; copied, never written to (the App keeps its own). */
  clientOptions?: ConnectionOptions;
  /** Connections to keep open (Slack allows 10 per app across replicas); default 1. */
  connections?: number;
  /** How long a connection Slack asked to refresh may stay open after its replacement said hello; default 10 000 ms. */
  lingerMs?: number;
  /** First retry delay after a failed open, doubling up to 30 s; default 1000 ms. */
  retryBaseMs?: number;
  /** Socket Mode heartbeat: how long to wait for a pong (ms); the client's default is 5000. */
  clientPingTimeout?: number;
}

/** `warned`: Slack will refresh it soon (still answering); `retiring`: Slack asked to refresh it. */
type State = 'connecting' | 'open' | 'warned' | 'retiring' | 'closed';

interface Connection {
  id: number;
  link: RefreshAwareClient;
  state: State;
  /** Hello received and not closed since. */
  live: boolean;
  timer?: NodeJS.Timeout;
}

const MAX_RETRY_MS = 30_000;
const DISCONNECT = 'slack_disconnect';

/** A SocketModeClient that reports Slack's `disconnect` instead of closing on it. */
class RefreshAwareClient extends SocketModeClient {
  protected override async onWebSocketMessage(data: string | ArrayBuffer, isBinary: boolean): Promise<void> {
    if (!isBinary) {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
      if (text.includes('"disconnect"')) {
        try {
          const msg = JSON.parse(text) as { type?: string; reason?: string };
          if (msg.type === 'disconnect') {
            this.emit(DISCONNECT, msg.reason ?? 'unknown');
            return;
          }
        } catch {
          // Not JSON: the client's own handler logs and ignores it.
        }
      }
    }
    return super.onWebSocketMessage(data, isBinary);
  }
}

/** What a `disconnect` reason means for the operator, when it is more than a routine refresh. */
function explain(reason: string): { level: 'info' | 'warn' | 'error'; text: string } {
  switch (reason) {
    case 'warning':
    case 'refresh_requested':
      return { level: 'info', text: `Slack refreshes a Socket Mode connection (${reason}); opening its replacement first` };
    case 'link_disabled':
      return { level: 'error', text: 'Socket Mode was turned off for this app in its Slack settings (disconnect link_disabled): turn it on again under Socket Mode, or run in HTTP mode' };
    case 'too_many_websockets':
      return { level: 'warn', text: 'Slack refused a Socket Mode connection: this app has 10 open already (too_many_websockets); fewer replicas or slack.socketConnections' };
    default:
      return { level: 'warn', text: `Slack closes a Socket Mode connection (disconnect ${reason}); opening another` };
  }
}

/** A Bolt receiver over one or more Socket Mode connections that overlap across refreshes. */
export class RefreshingSocketModeReceiver implements Receiver {
  private app: App | undefined;
  private readonly conns = new Set<Connection>();
  private readonly target: number;
  private nextId = 0;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopping = true;
  private lastError: string | undefined;

  constructor(private readonly opts: SocketReceiverOptions) {
    this.target = Math.max(1, opts.connections ?? 1);
  }

  init(app: App): void {
    this.app = app;
  }

  /** Opens the connections; resolves once the first one is open, rejects if it cannot be opened. */
  async start(): Promise<void> {
    this.stopping = false;
    await this.connect(true);
    this.fill();
  }

  /** Closes every connection; nothing reconnects afterwards. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await Promise.all([...this.conns].map((c) => this.close(c)));
  }

  /** True while at least one socket is open and greeted by Slack. */
  ready(): boolean {
    return [...this.conns].some((c) => c.live);
  }

  /** Why not ready, for /readyz. */
  state(): string {
    return `no Socket Mode connection to Slack${this.failures > 0 ? ` (reconnecting, ${this.failures} failed attempt(s)${this.lastError ? `: ${this.lastError}` : ''})` : ' (connecting)'}`;
  }

  /** Open connections, retiring ones included. */
  get openConnections(): number {
    return [...this.conns].filter((c) => c.live).length;
  }

  private active(): Connection[] {
    return [...this.conns].filter((c) => c.state === 'connecting' || c.state === 'open');
  }

  /** Opens connections until `target` are open or opening (retiring ones do not count). */
  private fill(): void {
    if (this.stopping || this.retryTimer) return;
    const missing = this.target - this.active().length;
    for (let i = 0; i < missing; i++) void this.connect(false);
  }

  private scheduleRetry(): void {
    if (this.stopping || this.retryTimer) return;
    const base = this.opts.retryBaseMs ?? 1000;
    const delay = Math.min(MAX_RETRY_MS, base * 2 ** Math.max(0, this.failures - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.fill();
    }, delay);
  }

  /** Opens one connection. `first`: the start-up one, whose failure rejects start(). */
  private async connect(first: boolean): Promise<void> {
    const conn: Connection = { id: ++this.nextId, link: this.client(), state: 'connecting', live: false };
    this.conns.add(conn);
    this.wire(conn);
    try {
      await conn.link.start();
    } catch (error) {
      this.conns.delete(conn);
      this.failures += 1;
      this.lastError = errorText(error);
      if (first) throw error;
      this.opts.logger.warn(`Socket Mode: apps.connections.open failed (${this.lastError}); retrying`);
      this.scheduleRetry();
    }
  }

  /** One Socket Mode client, its own reconnects off: this receiver decides when to connect. */
  private client(): RefreshAwareClient {
    return new RefreshAwareClient({
      appToken: this.opts.appToken,
      logger: this.opts.logger,
      autoReconnectEnabled: false,
      ...(this.opts.clientPingTimeout ? { clientPingTimeout: this.opts.clientPingTimeout } : {}),
      // A copy with explicit retries: the client would otherwise write `retries: 100` into the
      // object (SocketModeClient constructor); a failed open is retried here, with a delay.
      clientOptions: { ...this.opts.clientOptions, retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 100 } },
    });
  }

  private wire(conn: Connection): void {
    const { link } = conn;
    link.on('connected', () => this.onOpen(conn));
    link.on(DISCONNECT, (reason: string) => this.onDisconnectMessage(conn, reason));
    link.on('disconnected', () => this.onClosed(conn));
    link.on('slack_event', (args: SlackEventArgs) => void this.dispatch(args));
  }

  private onOpen(conn: Connection): void {
    if (this.stopping) {
      // Opened while stop() ran (apps.connections.open was under way): close it again.
      void this.close(conn);
      return;
    }
    this.failures = 0;
    this.lastError = undefined;
    conn.live = true;
    if (conn.state === 'connecting') conn.state = 'open';
    // The replacement is up: the retiring connections can go once envelopes on the way were acked.
    if (this.active().filter((c) => c.live).length >= this.target) {
      for (const old of this.conns) {
        if (old.state === 'retiring' && !old.timer) old.timer = setTimeout(() => void this.close(old), this.opts.lingerMs ?? 10_000);
      }
    }
  }

  private onDisconnectMessage(conn: Connection, reason: string): void {
    const { level, text } = explain(reason);
    this.opts.logger[level](`Socket Mode: ${text}`);
    if (reason === 'too_many_websockets') {
      // Slack closes it right away; opening another at once would be refused the same way.
      this.lastError = reason;
      conn.state = 'closed';
      return;
    }
    if (conn.state !== 'closed') conn.state = reason === 'warning' && conn.state !== 'retiring' ? 'warned' : 'retiring';
    this.fill();
    // Its replacement may be up already (after a warning): then the linger starts now.
    if (conn.state === 'retiring' && this.active().some((c) => c.live)) this.onOpen(this.active().find((c) => c.live)!);
  }

  private onClosed(conn: Connection): void {
    clearTimeout(conn.timer);
    const { live, state } = conn;
    conn.state = 'closed';
    conn.live = false;
    this.conns.delete(conn);
    // A connection that never said hello failed to open: connect() retries it, with a delay.
    if (this.stopping || !live) return;
    if (state === 'closed') {
      this.scheduleRetry();
      return;
    }
    if (state === 'open') this.opts.logger.warn('Socket Mode: a connection to Slack closed without notice; opening another');
    this.fill();
  }

  private async close(conn: Connection): Promise<void> {
    clearTimeout(conn.timer);
    if (conn.state !== 'closed') conn.state = 'retiring';
    await conn.link.disconnect().catch(() => undefined);
  }

  /** An envelope from Slack to Bolt, as SocketModeReceiver hands it over (SocketModeReceiver.js). */
  private async dispatch(args: SlackEventArgs): Promise<void> {
    const { logger } = this.opts;
    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) {
        logger.warn('ack() was already called; the second call is ignored');
        return;
      }
      acked = true;
      await args.ack(response);
    };
    const event: ReceiverEvent = { body: args.body, ack, retryNum: args.retry_num, retryReason: args.retry_reason, customProperties: {} };
    try {
      await this.app?.processEvent(event);
    } catch (error) {
      if (await defaultProcessEventErrorHandler({ error: error as Error, logger, event })) await ack();
    }
  }
}

/** What the Socket Mode client emits as `slack_event` (SocketModeClient.js onWebSocketMessage). */
interface SlackEventArgs {
  ack(response?: unknown): Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

function errorText(error: unknown): string {
  const data = (error as { data?: { error?: string } } | undefined)?.data;
  return data?.error ?? (error instanceof Error ? error.message : String(error));
}
