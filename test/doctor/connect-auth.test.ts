/**
 * Kafka Connect REST behind basic auth (`mirrors[].connect.auth`): the diagnosis sends the
 * credentials the config names, and a password reference that does not resolve is reported as a
 * finding, never a request sent without them (issue 8: the header used to be dropped silently).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { unreachableMirrorDoctor } from '../support/unreachable-mirror.ts';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A Connect REST API with no connectors that records the Authorization header of every request. */
async function connectApi(): Promise<{ url: string; auth: (string | undefined)[] }> {
  const auth: (string | undefined)[] = [];
  server = http.createServer((req, res) => {
    auth.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url === '/' ? '{"version":"3.9.0","commit":"x","kafka_cluster_id":"y"}' : '{}');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth };
}

async function diagnoseWith(url: string, env: NodeJS.ProcessEnv) {
  const doctor = await unreachableMirrorDoctor([`    connect: { url: "${url}", timeoutMs: 2000, auth: { username: admin, password: { env: CONNECT_PW } } }`], env);
  return doctor.diagnose(doctor.resolve('svl'));
}

describe('Kafka Connect REST with basic auth', () => {
  it('sends the configured credentials on every request', async () => {
    const api = await connectApi();
    const d = await diagnoseWith(api.url, { CONNECT_PW: 's3cret-pw' });
    expect(d.facts.connect?.ok).toBe(true);
    expect(api.auth.length).toBeGreaterThan(0);
    const expected = `Basic ${Buffer.from('admin:s3cret-pw').toString('base64')}`;
    expect(api.auth.every((a) => a === expected)).toBe(true);
  });

  it('a password reference that does not resolve is a finding, and no request goes out without it', async () => {
    const api = await connectApi();
    const d = await diagnoseWith(api.url, {});
    expect(api.auth).toEqual([]);
    expect(d.facts.connect).toMatchObject({ ok: false, error: { kind: 'auth-failed' } });
    const f = d.report.findings.find((x) => x.code === 'connect-unreachable');
    expect(f?.title).toMatch(/could not authenticate/);
    const error = f?.evidence.find((e) => e.label === 'error')?.value;
    expect(error).toContain('environment variable CONNECT_PW is not set');
    expect(error).toContain('"admin"');
  });
});
