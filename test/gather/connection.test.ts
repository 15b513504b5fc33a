/**
 * Key material at use time: certificate, key and PKCS12 files read and checked once, each problem
 * said precisely (which file, which password), the principal the brokers will see, and no key or
 * password in anything printable. Uses the test-only material in test/fixtures/tls/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ClusterConfig, TlsConfig } from '../../src/config/schema.ts';
import { resolveConnection, sslPrincipal } from '../../src/gather/connection.ts';
import { classifyKafkaError, kafkajsConfig } from '../../src/kafka/connection.ts';

const dir = path.resolve(import.meta.dirname, '../fixtures/tls');
const f = (name: string) => path.join(dir, name);
const KEY = fs.readFileSync(f('client.key'), 'utf8');
const KEY_LINES = KEY.split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'));
const env = { KP: 'test-key-password', PP: 'test-p12-password', WRONG: 'not-the-password' };

function cluster(tls: Partial<TlsConfig>, extra: Partial<ClusterConfig> = {}): ClusterConfig {
  return { alias: 'svl', bootstrap: ['svl:9093'], timeoutMs: 1000, tls: { rejectUnauthorized: true, ...tls }, definedAt: [], ...extra };
}

/** Everything a connection could leak through: JSON, inspection, string interpolation. */
function printable(x: unknown): string {
  return `${JSON.stringify(x)}\n${inspect(x, { depth: 10 })}\n${String(x)}`;
}

describe('resolveConnection with a client certificate', () => {
  it('reads PEM certificate and key, and names the principal Kafka gives the certificate', async () => {
    const c = await resolveConnection(cluster({ ca: { file: f('ca.crt') }, cert: { file: f('client.crt') }, key: { file: f('client.key') } }), { env });
    expect(c.unusable).toBeUndefined();
    expect(c.principal).toBe('User:OU=diag,CN=mm2-doctor');
    expect(c.clientCertificate).toMatchObject({ source: f('client.crt'), subject: 'CN=mm2-doctor, OU=diag' });
    const ssl = kafkajsConfig(c).ssl as { cert: string; key: string; ca: string[] };
    expect(ssl.key).toBe(KEY.replace(/\n$/, '')); // one trailing newline dropped, as for every file secret
    expect(ssl.cert).toContain('BEGIN CERTIFICATE');
    expect(ssl.ca[0]).toContain('BEGIN CERTIFICATE');
  });

  it('decrypts an encrypted key with keyPassword', async () => {
    const c = await resolveConnection(cluster({ cert: { file: f('client.crt') }, key: { file: f('client.enc.key') }, keyPassword: { env: 'KP' } }), { env });
    expect(c.unusable).toBeUndefined();
    expect(kafkajsConfig(c).ssl).toMatchObject({ passphrase: 'test-key-password' });
  });

  it('reads a PKCS12 store and finds its certificate for the principal', async () => {
    const c = await resolveConnection(cluster({ pkcs12: { file: f('client.p12') }, pkcs12Password: { env: 'PP' } }), { env });
    expect(c.unusable).toBeUndefined();
    expect(c.principal).toBe('User:OU=diag,CN=mm2-doctor');
    expect(Buffer.isBuffer((kafkajsConfig(c).ssl as { pfx: Buffer }).pfx)).toBe(true);
  });

  it('takes the key from an environment variable', async () => {
    const c = await resolveConnection(cluster({ cert: { file: f('client.crt') }, key: { env: 'THE_KEY' } }), { env: { THE_KEY: KEY } });
    expect(c.unusable).toBeUndefined();
  });

  it.each<[string, Partial<TlsConfig>, RegExp]>([
    ['a wrong keyPassword', { cert: { file: f('client.crt') }, key: { file: f('client.enc.key') }, keyPassword: { env: 'WRONG' } }, /keyPassword \(environment variable WRONG\) does not decrypt the private key from file .*client\.enc\.key \(bad decrypt\)/],
    ['no keyPassword for an encrypted key', { cert: { file: f('client.crt') }, key: { file: f('client.enc.key') } }, /the private key from file .*client\.enc\.key is encrypted and keyPassword is not set/],
    ['a key of another certificate', { cert: { file: f('client.crt') }, key: { file: f('other.key') } }, /does not belong to the client certificate .*client\.crt \(key values mismatch\)/],
    ['a certificate where the key should be', { cert: { file: f('client.crt') }, key: { file: f('client.crt') } }, /the private key from file .*client\.crt is not a PEM private key/],
    ['a key where the certificate should be', { cert: { file: f('client.key') }, key: { file: f('client.key') } }, /the client certificate file .*client\.key holds no PEM certificate/],
    ['a wrong pkcs12Password', { pkcs12: { file: f('client.p12') }, pkcs12Password: { env: 'WRONG' } }, /pkcs12Password \(environment variable WRONG\) does not open the PKCS12 store .*client\.p12 \(mac verify failure\)/],
    ['no pkcs12Password', { pkcs12: { file: f('client.p12') } }, /the PKCS12 store .*client\.p12 needs a password and pkcs12Password is not set/],
    ['a PKCS12 store as the CA', { ca: { file: f('client.p12') }, cert: { file: f('client.crt') }, key: { file: f('client.key') } }, /the CA file .*client\.p12 holds no PEM certificate \(it looks binary: a PKCS12 store\?/],
    ['a missing certificate file', { cert: { file: f('nope.crt') }, key: { file: f('client.key') } }, /the client certificate file .*nope\.crt is not readable \(ENOENT\)/],
    ['an unset key variable', { cert: { file: f('client.crt') }, key: { env: 'NO_SUCH_KEY' } }, /the private key reference \(environment variable NO_SUCH_KEY\) failed: environment variable NO_SUCH_KEY is not set/],
  ])('says precisely what is wrong with %s, and shows no key material', async (_what, tls, message) => {
    const c = await resolveConnection(cluster(tls), { env });
    expect(c.unusable).toMatch(/^cannot use TLS for svl: /);
    expect(c.unusable).toMatch(message);
    const error = classifyKafkaError(new (await import('../../src/kafka/connection.ts')).UnusableConnectionError(c.unusable!), c, 'describeCluster');
    expect(error.kind).toBe('unusable');
    const text = printable([c, error]);
    for (const secret of [KEY, ...KEY_LINES, 'test-key-password', 'test-p12-password', 'not-the-password']) expect(text).not.toContain(secret);
  });

  it('refuses a client certificate that has expired, saying when', async () => {
    const c = await resolveConnection(cluster({ cert: { file: f('client.crt') }, key: { file: f('client.key') } }), { env, now: () => Date.parse('2200-01-01T00:00:00Z') });
    expect(c.unusable).toMatch(/the client certificate .*client\.crt \(subject CN=mm2-doctor, OU=diag\) expired on 21\d\d-/);
  });

  it('keeps the key, the PKCS12 store and their passwords out of anything printable', async () => {
    for (const tls of [
      { cert: { file: f('client.crt') }, key: { file: f('client.enc.key') }, keyPassword: { env: 'KP' } },
      { pkcs12: { file: f('client.p12') }, pkcs12Password: { env: 'PP' } },
      { cert: { file: f('client.crt') }, key: { file: f('client.key') } },
    ] satisfies Partial<TlsConfig>[]) {
      const c = await resolveConnection(cluster(tls), { env });
      expect(c.unusable).toBeUndefined();
      const text = printable(c);
      for (const secret of [KEY, ...KEY_LINES, 'test-key-password', 'test-p12-password']) expect(text).not.toContain(secret);
      expect(text).not.toContain(fs.readFileSync(f('client.p12')).toString('base64').slice(0, 40));
    }
  });

  it('reports an authentication mm2-doctor does not speak as unusable, without trying', async () => {
    const c = await resolveConnection({ alias: 'oa', bootstrap: ['oa:9093'], timeoutMs: 1000, unsupported: "cluster 'oa' uses OAuth 2.0, which mm2-doctor does not support", definedAt: [] });
    expect(c.unusable).toMatch(/OAuth 2\.0, which mm2-doctor does not support/);
  });

  it('names SASL users as their principal', async () => {
    const c = await resolveConnection({ alias: 's', bootstrap: ['s:9092'], timeoutMs: 1000, sasl: { mechanism: 'scram-sha-512', username: 'mm2-doctor', password: { env: 'PW' } }, definedAt: [] }, { env: { PW: 'x' } });
    expect(c.principal).toBe('User:mm2-doctor');
  });

  it('names the unauthenticated principal when neither SASL nor a client certificate is given', async () => {
    const plain = await resolveConnection({ alias: 'p', bootstrap: ['p:9092'], timeoutMs: 1000, definedAt: [] });
    expect(plain.principal).toBe('User:ANONYMOUS');
    const tlsOnly = await resolveConnection(cluster({ ca: { file: f('ca.crt') } }));
    expect(tlsOnly.principal).toBe('User:ANONYMOUS');
    const withCert = await resolveConnection(cluster({ ca: { file: f('ca.crt') }, cert: { file: f('client.crt') }, key: { file: f('client.key') } }));
    expect(withCert.principal).toBe('User:OU=diag,CN=mm2-doctor');
  });
});

describe('sslPrincipal', () => {
  it('is the RFC 2253 subject, last RDN first, as Kafka\'s default principal builder has it', () => {
    expect(sslPrincipal('CN=mm2-doctor')).toBe('User:CN=mm2-doctor');
    expect(sslPrincipal('CN=mm2-doctor\nOU=diag\nO=Acme\\, Inc')).toBe('User:O=Acme\\, Inc,OU=diag,CN=mm2-doctor');
  });
});

describe('a reference that fails names where it is written in the config', () => {
  // Seen on a real lab: `check-config` and the diagnosis said "the password reference (file
  // /nonexistent/svl-password) failed" without the config file, line or key to fix.
  const text = [
    'clusters:',
    '  svl:',
    '    bootstrap: svl:9092',
    '    sasl: { mechanism: scram-sha-512, username: mm2-doctor, password: { file: /nonexistent/svl-password } }',
    '  confluent:',
    '    bootstrap: confluent:9093',
    '    tls:',
    '      ca: { file: /nonexistent/confluent-ca.crt }',
    'mirrors:',
    '  - { source: svl, target: confluent }',
  ].join('\n');

  it('a SASL password: file, line, column and key path of the reference, and no secret', async () => {
    const { parseConfig } = await import('../../src/config/load.ts');
    const r = parseConfig(text, '/etc/mm2-doctor/mm2-doctor.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const c = await resolveConnection(r.config.clusters.svl!, { env: {} });
    expect(c.unusable).toMatch(/clusters\.svl\.sasl\.password at \/etc\/mm2-doctor\/mm2-doctor\.yaml:4:71\b/);
    expect(c.unusable).toMatch(/\/nonexistent\/svl-password cannot be read \(ENOENT\)/);
  });

  it('a TLS file: the tls entry of that cluster, with file and line', async () => {
    const { parseConfig } = await import('../../src/config/load.ts');
    const r = parseConfig(text, '/etc/mm2-doctor/mm2-doctor.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const c = await resolveConnection(r.config.clusters.confluent!, { env: {} });
    expect(c.unusable).toMatch(/^cannot use TLS for confluent: /);
    expect(c.unusable).toMatch(/clusters\.confluent\.tls at \/etc\/mm2-doctor\/mm2-doctor\.yaml:8:\d+/);
  });
});
