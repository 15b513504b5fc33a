/**
 * Mutual TLS in the bot config, and Strimzi `authentication` imported from a KafkaMirrorMaker2:
 * `tls` needs the bot's own certificate files, and the error says which Secret holds MM2's and how
 * to extract it; `oauth` and unsupported `custom` SASL load with a warning and leave that cluster
 * unusable; key material written inline is refused without being repeated.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigError, type ConfigError } from '../../src/config/errors.ts';
import { parseConfig, type LoadResult } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';

const FILE = '/etc/mm2-doctor/mm2-doctor.yaml';
const CR = '/etc/mm2-doctor/kmm2.yaml';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const load = (text: string, cr?: string): LoadResult =>
  parseConfig(text, FILE, {
    readFile: (p) => {
      if (p === CR && cr !== undefined) return cr;
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    },
  });
function ok(text: string, cr?: string): Config {
  const r = load(text, cr);
  if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'));
  return r.config;
}
function errors(text: string, cr?: string): ConfigError[] {
  const r = load(text, cr);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

/** A v1beta2 KafkaMirrorMaker2 whose source uses `auth` (YAML lines, indented for a cluster entry). */
function kmm2(auth: string[], opts: { namespace?: string; tls?: boolean } = {}): string {
  return yaml(
    'apiVersion: kafka.strimzi.io/v1beta2',
    'kind: KafkaMirrorMaker2',
    'metadata:',
    '  name: mm2',
    ...(opts.namespace ? [`  namespace: ${opts.namespace}`] : []),
    'spec:',
    '  connectCluster: tgt',
    '  clusters:',
    '    - alias: src',
    '      bootstrapServers: src-kafka-bootstrap:9093',
    ...(opts.tls === false ? [] : ['      tls:', '        trustedCertificates:', '          - secretName: src-cluster-ca-cert', '            pattern: "*.crt"']),
    ...auth.map((l) => `      ${l}`),
    '    - alias: tgt',
    '      bootstrapServers: tgt-kafka-bootstrap:9092',
    '  mirrors:',
    '    - sourceCluster: src',
    '      targetCluster: tgt',
    '      checkpointConnector: {}',
  );
}
const TLS_AUTH = ['authentication:', '  type: tls', '  certificateAndKey:', '    secretName: my-user-source', '    certificate: source.crt', '    key: source.key'];

describe('bot config: a client certificate', () => {
  it('takes cert + key (+ keyPassword) or pkcs12 + pkcs12Password under tls', () => {
    const c = ok(
      yaml(
        'clusters:',
        '  a: { bootstrap: a:9093, tls: { ca: { file: /c/ca.crt }, cert: { file: /c/user.crt }, key: { file: /c/user.key }, keyPassword: { env: KP } } }',
        '  b: { bootstrap: b:9093, tls: { pkcs12: { file: /c/user.p12 }, pkcs12Password: { file: /c/user.password } } }',
        'mirrors: [{ source: a, target: b }]',
      ),
    );
    expect(c.clusters.a?.tls).toEqual({ ca: { file: '/c/ca.crt' }, cert: { file: '/c/user.crt' }, key: { file: '/c/user.key' }, keyPassword: { env: 'KP' }, rejectUnauthorized: true });
    expect(c.clusters.b?.tls).toMatchObject({ pkcs12: { file: '/c/user.p12' }, pkcs12Password: { file: '/c/user.password' } });
  });

  it('refuses a key or certificate written inline, without repeating it', () => {
    const key = '-----BEGIN PRIVATE KEY-----MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg-----END PRIVATE KEY-----';
    const e = errors(yaml('clusters:', `  a: { bootstrap: a:9093, tls: { cert: "-----BEGIN CERTIFICATE-----MIIB", key: "${key}", keyPassword: hunter2 } }`, 'mirrors: [{ source: a, target: a }]'));
    const text = e.map(formatConfigError).join('\n');
    expect(text).toMatch(/clusters\.a\.tls\.cert: certificates and keys are not written in the config; use \{ file: PATH \}/);
    expect(text).toMatch(/clusters\.a\.tls\.key: inline secrets are not allowed; use \{ env: NAME \} or \{ file: PATH \}/);
    expect(text).toMatch(/clusters\.a\.tls\.keyPassword: inline secrets are not allowed/);
    for (const s of ['MIGHAgEA', 'MIIB', 'hunter2']) expect(text).not.toContain(s);
  });

  it.each([
    ['cert: { file: /c.crt }', 'clusters.a.tls.cert', /needs its private key: set 'key' too/],
    ['key: { file: /c.key }', 'clusters.a.tls.key', /needs its client certificate: set 'cert' too/],
    ['pkcs12Password: { env: P }', 'clusters.a.tls.pkcs12Password', /opens 'pkcs12', which is not set/],
    ['pkcs12: { file: /u.p12 }, cert: { file: /c.crt }, key: { file: /c.key }', 'clusters.a.tls.pkcs12', /either 'cert' and 'key' \(PEM\) or 'pkcs12'/],
  ])('says what is missing or doubled: %s', (tls, path, message) => {
    const e = errors(yaml('clusters:', `  a: { bootstrap: a:9093, tls: { ${tls} } }`, 'mirrors: [{ source: a, target: a }]'));
    expect(e).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });
});

describe('Strimzi authentication.type: tls', () => {
  it('is an error until the bot config names certificate files, saying which Secret has them and how to extract them', () => {
    const e = errors(yaml('mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(TLS_AUTH, { namespace: 'kafka' }));
    expect(e).toHaveLength(1);
    const err = e[0]!;
    expect(err).toMatchObject({ file: FILE, line: 2, path: 'clusters.src' });
    expect(err.message).toMatch(
      /^cluster 'src' \(imported from \/etc\/mm2-doctor\/kmm2\.yaml:\d+:\d+ spec\.clusters\[0\]\) authenticates with a TLS client certificate \(authentication\.type: tls\), and mm2-doctor cannot read Kubernetes Secrets: set clusters\.src\.tls\.cert and clusters\.src\.tls\.key \(PEM files\), or clusters\.src\.tls\.pkcs12 and clusters\.src\.tls\.pkcs12Password$/,
    );
    expect(err.message).not.toMatch(/\.sasl/);
    const hint = err.hint!.join('\n');
    expect(hint).toContain("Strimzi keeps MM2's certificate and key in the Secret my-user-source (keys source.crt and source.key)");
    expect(hint).toContain("kubectl -n kafka get secret my-user-source -o jsonpath='{.data.source\\.crt}' | base64 -d > src-user.crt");
    expect(hint).toContain("kubectl -n kafka get secret my-user-source -o jsonpath='{.data.source\\.key}' | base64 -d > src-user.key");
    expect(hint).toMatch(/Secret mm2-doctor holds user\.crt and user\.key \(PEM\) and user\.p12 with user\.password/);
    expect(hint).toContain("kubectl -n kafka get secret src-cluster-ca-cert -o jsonpath='{.data.ca\\.crt}' | base64 -d > src-ca.crt");
    expect(hint).toMatch(/ca\.crt of a user's Secret .* clients CA/);
    expect(hint).toContain('cert: { file: src-user.crt }');
    expect(formatConfigError(err)).toContain('\n    Strimzi keeps');
  });

  it('loads once the bot config gives the certificate, keeping the bootstrap and TLS from the resource', () => {
    const c = ok(yaml('clusters:', '  src: { tls: { ca: { file: /c/ca.crt }, cert: { file: /c/user.crt }, key: { file: /c/user.key } } }', 'mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(TLS_AUTH));
    expect(c.clusters.src).toMatchObject({ bootstrap: ['src-kafka-bootstrap:9093'], tls: { cert: { file: '/c/user.crt' }, key: { file: '/c/user.key' } }, sasl: undefined });
    expect(c.clusters.src?.unsupported).toBeUndefined();
    expect(c.warnings).toEqual([]);
  });

  it('warns that the system CAs are used when the resource trusts a Secret and the bot config names no CA, with the command', () => {
    const c = ok(yaml('clusters:', '  src: { tls: { cert: { file: /c/user.crt }, key: { file: /c/user.key } } }', 'mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(TLS_AUTH));
    expect(c.warnings).toHaveLength(1);
    expect(formatConfigError(c.warnings[0]!)).toMatch(/trusts CA certificates from a Kubernetes Secret; the system CAs are used unless clusters\.src\.tls\.ca is set\n[\s\S]*kubectl get secret src-cluster-ca-cert/);
  });

  it('accepts the bot\'s own SASL credentials instead', () => {
    const c = ok(yaml('clusters:', '  src: { bootstrap: src:9094, sasl: { mechanism: scram-sha-512, username: doc, password: { env: P } } }', 'mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(TLS_AUTH));
    expect(c.clusters.src).toMatchObject({ bootstrap: ['src:9094'], sasl: { mechanism: 'scram-sha-512', username: 'doc' } });
  });

  it('a custom keystore is a client certificate too', () => {
    const e = errors(yaml('mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(['authentication:', '  type: custom', '  sasl: false', '  config:', '    ssl.keystore.location: /mnt/ks.p12', '    ssl.keystore.type: PKCS12']));
    expect(e[0]?.message).toMatch(/authenticates with a TLS client certificate \(authentication\.type: custom with ssl\.keystore\.\* keys\)/);
  });

});

describe('Strimzi oauth and custom authentication', () => {
  const OAUTH = ['authentication:', '  type: oauth', '  tokenEndpointUri: https://sso/token', '  clientId: my-client-id', '  clientSecret: { secretName: my-client-oauth-secret, key: client-secret }'];

  it('oauth loads with a warning that says what is not supported, and marks the cluster unusable', () => {
    const c = ok(yaml('mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(OAUTH));
    expect(c.clusters.src?.unsupported).toMatch(/^cluster 'src' uses OAuth 2\.0 \(SASL OAUTHBEARER .*\), which mm2-doctor does not support \(it speaks SASL PLAIN and SCRAM, and TLS client certificates\); checks that need src will not run$/);
    expect(c.clusters.tgt?.unsupported).toBeUndefined();
    expect(c.warnings.map(formatConfigError).join('\n')).toMatch(/clusters\.src: cluster 'src' uses OAuth 2\.0 .* does not support .*give mm2-doctor credentials of its own .* clusters\.src\.sasl or clusters\.src\.tls\.cert and clusters\.src\.tls\.key/);
    expect(c.mirrors.map((m) => m.id)).toEqual(['src->tgt']);
  });

  it('custom SASL with another mechanism is unsupported; with PLAIN or SCRAM it is SASL', () => {
    const iam = ok(yaml('mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(['authentication:', '  type: custom', '  sasl: true', '  config:', '    sasl.mechanism: AWS_MSK_IAM', '    sasl.jaas.config: software.amazon.msk.auth.iam.IAMLoginModule required;'], { tls: true }));
    expect(iam.clusters.src?.unsupported).toMatch(/uses SASL mechanism AWS_MSK_IAM \(custom authentication\), which mm2-doctor does not support/);
    const scram = errors(yaml('mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(['authentication:', '  type: custom', '  sasl: true', '  config:', '    sasl.mechanism: SCRAM-SHA-512', '    sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="${strimzisecrets:ns/s:pw}";']));
    expect(scram[0]?.message).toMatch(/cluster 'src' .* uses SASL but has no password/);
  });

  it('the bot\'s own credentials make an oauth cluster usable', () => {
    const c = ok(yaml('clusters:', '  src: { bootstrap: src:9094, sasl: { mechanism: plain, username: doc, password: { env: P } } }', 'mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), kmm2(OAUTH));
    expect(c.clusters.src?.unsupported).toBeUndefined();
    expect(c.warnings.map((w) => w.message).join('\n')).not.toMatch(/does not support/);
  });
});
