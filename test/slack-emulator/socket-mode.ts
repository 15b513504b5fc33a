// Slack's Socket Mode server side (https://api.slack.com/apis/socket-mode,
// https://api.slack.com/apis/connections/socket-implement; protocol summary in slack.md §4.4):
// - apps.connections.open hands out ws://…/link/?ticket=… ; a ticket opens one connection;
// - on connect the server sends `hello` with num_connections, debug_info and connection_info;
// - envelopes `{envelope_id, type, accepts_response_payload, payload, retry_attempt?, retry_reason?}`;
//   the app acks with `{envelope_id, payload?}`;
// - no ack within the ack timeout: an `events_api` envelope is sent again with retry_attempt + 1 and
//   retry_reason "timeout" (up to maxEventRetries); commands and interactions are not retried, they fail
//   (the hooks decide what the user sees); with no open connection they fail at once ("dispatch_failed");
// - `{type:"disconnect", reason}`: the server closes the socket disconnectGraceMs later unless the reason
//   is "warning"; abrupt drops (TCP reset) and half-open sockets ("freeze": no pongs, nothing delivered,
//   acks ignored) are fault injections. Slack refreshes each connection on its own schedule
//   ("connection refreshes once every few hours", a `warning` "about 10 seconds before",
//   https://docs.slack.dev/apis/events-api/using-socket-mode), so `disconnect` can name one connection;
// - several connections per app (up to 10): "each payload may be sent to any of the connections"
//   (same page, "Using multiple connections"). Each envelope goes to ONE open connection, round robin.
//   Where envelopes go after a connection was told to disconnect is not documented; Slack's advice to
//   open the new connection before the old one closes only works if Slack stops routing to the old
//   one, so the emulator prefers connections that were not told to disconnect and falls back to one
//   that was (it is still open) only when there is no other. With no open connection at all a slash
//   command or interaction fails at once: the user sees `dispatch_failed` (bolt-js#2216: "Your Bolt app
//   is no longer connected"); events are retried like unacked ones;
// - WebSocket ping/pong control frames, answered and sent by the server;
// - at most maxConnections (10) at once: one more gets disconnect "too_many_websockets" and is closed.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Core } from './core.ts';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled' | 'too_many_websockets';

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
  /** Arrived after Slack stopped waiting (or for an envelope it never sent). */
  late: boolean;
}

export interface Delivery {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** Times the envelope was sent (or attempted with no connection). */
  attempts: number;
  outcome: 'pending' | 'acked' | 'timed_out' | 'dispatch_failed';
  ack?: Ack;
  connectionIds: number[];
}

export interface DeliveryHooks {
  onAck?: (ack: Ack) => void;
  onFail?: (outcome: 'timed_out' | 'dispatch_failed') => void;
}

interface Connection {
  id: number;
  ws: WebSocket;
  frozen: boolean;
  /** Told to disconnect (other than "warning"): Slack closes it soon and routes elsewhere while it can. */
  retiring: boolean;
  timers: NodeJS.Timeout[];
}

interface Pending {
  delivery: Delivery;
  hooks: DeliveryHooks;
  timer?: NodeJS.Timeout;
}

const HOST = 'applink-emulator-1';

export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly tickets = new Set<string>();
  private readonly open: Connection[] = [];
  private readonly pending = new Map<string, Pending>();
  readonly deliveries: Delivery[] = [];
  readonly acks: Ack[] = [];
  /** Connections accepted so far, and those turned away for exceeding the limit. */
  accepted = 0;
  rejected = 0;
  private nextConnection = 0;
  private roundRobin = 0;

  constructor(private readonly core: Core, private readonly notify: () => void) {}

  openUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.core.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.core.workspace.seed.appId}`;
  }

  get openConnections(): number {
    return this.open.length;
  }

  /** Ids of the open connections, oldest first. */
  get connectionIds(): number[] {
    return this.open.map((c) => c.id);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    ws.on('error', () => undefined); // resets from clients that vanish are expected
    if (this.open.length >= this.core.options.maxConnections) {
      this.rejected += 1;
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'too_many_websockets', debug_info: { host: HOST } }));
      ws.close(1000);
      this.notify();
      return;
    }
    const conn: Connection = { id: ++this.nextConnection, ws, frozen: false, retiring: false, timers: [] };
    this.open.push(conn);
    this.accepted += 1;
    ws.on('ping', (data) => {
      if (!conn.frozen) ws.pong(data);
    });
    ws.on('message', (data, isBinary) => {
      if (!conn.frozen && !isBinary) this.receive(data);
    });
    ws.on('close', () => {
      conn.timers.forEach(clearTimeout);
      const index = this.open.indexOf(conn);
      if (index >= 0) this.open.splice(index, 1);
      this.notify();
    });
    const { pingIntervalMs } = this.core.options;
    if (pingIntervalMs > 0) {
      conn.timers.push(setInterval(() => {
        if (!conn.frozen) ws.ping();
      }, pingIntervalMs));
    }
    ws.send(JSON.stringify({
      type: 'hello', num_connections: this.open.length,
      debug_info: { host: HOST, build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.core.workspace.seed.appId },
    }));
    this.notify();
  }

  private receive(data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || !('envelope_id' in message)) return;
    const { envelope_id, payload } = message as { envelope_id: string; payload?: Record<string, unknown> };
    const p = this.pending.get(envelope_id);
    const ack: Ack = { envelope_id, payload, at: Date.now(), late: !p };
    this.acks.push(ack);
    if (p) {
      clearTimeout(p.timer);
      this.pending.delete(envelope_id);
      p.delivery.outcome = 'acked';
      p.delivery.ack = ack;
      p.hooks.onAck?.(ack);
    }
    this.notify();
  }

  send(type: EnvelopeType, payload: Record<string, unknown>, hooks: DeliveryHooks = {}): Delivery {
    const delivery: Delivery = { envelope_id: randomUUID(), type, payload, attempts: 0, outcome: 'pending', connectionIds: [] };
    this.deliveries.push(delivery);
    const p: Pending = { delivery, hooks };
    this.pending.set(delivery.envelope_id, p);
    this.attempt(p);
    return delivery;
  }

  private attempt(p: Pending): void {
    const { delivery } = p;
    const live = this.open.filter((c) => !c.retiring);
    const candidates = live.length > 0 ? live : this.open;
    const conn = candidates[this.roundRobin++ % Math.max(1, candidates.length)];
    if (!conn && delivery.type !== 'events_api') return this.fail(p, 'dispatch_failed');
    const retry = delivery.type === 'events_api' ? { retry_attempt: delivery.attempts, retry_reason: delivery.attempts > 0 ? 'timeout' : '' } : {};
    const envelope = { envelope_id: delivery.envelope_id, type: delivery.type, accepts_response_payload: delivery.type === 'slash_commands', payload: delivery.payload, ...retry };
    delivery.attempts += 1;
    if (conn) {
      delivery.connectionIds.push(conn.id);
      if (!conn.frozen) conn.ws.send(JSON.stringify(envelope));
    }
    p.timer = setTimeout(() => this.expire(p), this.core.options.ackTimeoutMs);
    this.notify();
  }

  private expire(p: Pending): void {
    if (p.delivery.type === 'events_api' && p.delivery.attempts <= this.core.options.maxEventRetries) this.attempt(p);
    else this.fail(p, 'timed_out');
  }

  private fail(p: Pending, outcome: 'timed_out' | 'dispatch_failed'): void {
    this.pending.delete(p.delivery.envelope_id);
    p.delivery.outcome = outcome;
    p.hooks.onFail?.(outcome);
    this.notify();
  }

  /**
   * Sends `disconnect` on one open connection (by id) or on every one; Slack then closes them
   * disconnectGraceMs later unless it is only a warning.
   */
  disconnect(reason: DisconnectReason, connection?: number): void {
    for (const conn of this.open.filter((c) => connection === undefined || c.id === connection)) {
      conn.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: HOST } }));
      if (reason === 'warning') continue;
      conn.retiring = true;
      conn.timers.push(setTimeout(() => conn.ws.close(1000), this.core.options.disconnectGraceMs));
    }
  }

  /** Resets every open connection's TCP socket without a close frame. */
  drop(): void {
    for (const conn of [...this.open]) conn.ws.terminate();
  }

  /** Makes every open connection half-open: it stays up, but nothing flows either way. */
  freeze(): void {
    for (const conn of this.open) conn.frozen = true;
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const conn of [...this.open]) {
      conn.timers.forEach(clearTimeout);
      conn.ws.terminate();
    }
    this.wss.close();
  }
}
