/**
 * Kubernetes probes on their own port: `/healthz` answers 200 while the process serves requests
 * (liveness), `/readyz` 200 only while the bot is connected to Slack and not shutting down
 * (readiness), 503 otherwise; `/metrics`, when given, is Prometheus's scrape target. Plain text,
 * GET and HEAD only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the probes report. */
export interface Probes {
  ready(): boolean;
  /** Why not ready, for the 503 body (e.g. `connecting to Slack`). */
  state(): string;
}

/** A running health server. */
export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** The Prometheus exposition, for `/metrics`. */
export type MetricsSource = () => Promise<{ contentType: string; body: string }>;

/** Starts the probe server on `port` (0: any free port) and `host`. */
export async function startHealthServer(port: number, probes: Probes, host = '0.0.0.0', metrics?: MetricsSource): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://probe').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const reply = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : `${body}\n`);
    if (path === '/healthz') return reply(200, 'ok');
    if (path === '/readyz') return probes.ready() ? reply(200, 'ready') : reply(503, probes.state());
    if (path === '/metrics' && metrics) {
      metrics().then(
        (m) => res.writeHead(200, { 'content-type': m.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : m.body),
        () => reply(500, 'metrics failed'),
      );
      return;
    }
    reply(404, 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
