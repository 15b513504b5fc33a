/**
 * Kafka Connect REST answering badly (an HTML error page, a 500, a hang, a refused connection) is
 * a fact about Connect, named as such, never a crash or a hang.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectRestError, gatherConnect } from '../../src/gather/connect.ts';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const target = (url: string, timeoutMs = 1000) => ({ url, timeoutMs, sourceAlias: 'svl', targetAlias: 'confluent' });

async function failure(url: string, timeoutMs?: number): Promise<ConnectRestError> {
  const err = await gatherConnect(target(url, timeoutMs)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectRestError);
  return err as ConnectRestError;
}

describe('gatherConnect on a misbehaving Connect REST API', () => {
  it('an HTML page (a proxy or login page) is bad-response, naming the content type', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Sign in</body></html>');
    });
    const e = await failure(url);
    expect(e.kind).toBe('bad-response');
    expect(e.message).toContain('text/html');
    expect(e.message).toContain(url);
  });

  it('a 500 is bad-response with the status', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error_code":500,"message":"Request timed out"}');
    });
    const e = await failure(url);
    expect(e.kind).toBe('bad-response');
    expect(e.message).toMatch(/answered 500/);
  });

  it('a 401 is not-authorized', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    expect((await failure(url)).kind).toBe('not-authorized');
  });

  it('a server that never answers is a timeout within the configured time', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const t = Date.now();
    const e = await failure(url, 300);
    expect(e.kind).toBe('timeout');
    expect(Date.now() - t).toBeLessThan(3000);
  });

  it('a body that stops halfway is a timeout too: the limit covers the whole answer', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"svl->confluent.MirrorSourceConnector": {');
      /* never ends */
    });
    const e = await failure(url, 300);
    expect(e.kind).toBe('timeout');
  });

  it('follows a redirect (an ingress sending / to /connect/), and gives up on a loop', async () => {
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/connect/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      } else if (req.url?.startsWith('/loop')) {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else {
        res.writeHead(307, { location: `/connect${req.url}` });
        res.end();
      }
    });
    const facts = await gatherConnect(target(url));
    expect(facts.source).toBeNull(); // answered, after the redirect: no connectors
    const e = await failure(`${url}/loop`);
    expect(e.kind).toBe('bad-response');
    expect(e.message).toMatch(/answered 302/);
  });

  it('a refused connection is unreachable', async () => {
    const url = await serve(() => {});
    server!.close();
    await new Promise((r) => setTimeout(r, 50));
    expect((await failure(url)).kind).toBe('unreachable');
  });

  it('finds Strimzi-named connectors and reads the checkpoint task configs', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/connectors?')) {
        const c = (cls: string) => ({
          status: { connector: { state: 'RUNNING', worker_id: 'w:8083' }, tasks: [{ id: 0, state: 'RUNNING', worker_id: 'w:8083' }] },
          info: { name: `svl->confluent.${cls}`, config: { 'connector.class': `org.apache.kafka.connect.mirror.${cls}` }, tasks: [], type: 'source' },
        });
        res.end(JSON.stringify({ 'svl->confluent.MirrorCheckpointConnector': c('MirrorCheckpointConnector'), 'svl->confluent.MirrorSourceConnector': c('MirrorSourceConnector') }));
      } else if (req.url === '/') {
        res.end(JSON.stringify({ version: '3.8.1', commit: 'abc', kafka_cluster_id: 'id' }));
      } else {
        res.end(JSON.stringify([{ id: { connector: 'x', task: 0 }, config: { 'task.assigned.groups': 'billing,app' } }]));
      }
    });
    const f = await gatherConnect(target(url));
    expect(f.checkpoint?.tasks[0]?.config?.['task.assigned.groups']).toBe('billing,app');
    expect(f.source?.name).toBe('svl->confluent.MirrorSourceConnector');
    expect(f.heartbeat).toBeNull();
    expect(f.version).toBe('3.8.1');
  });
});
