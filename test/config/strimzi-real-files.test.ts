/**
 * Real KafkaMirrorMaker2 files: Strimzi's own examples and documentation (0.45 to 1.2, v1beta2 and
 * v1) and resources users pasted into Strimzi issues (test/fixtures/strimzi/, each with its source
 * address on line 1). Valid ones load; what is truly wrong (paste leftovers, a truncated
 * certificateAndKey, no mirrors) gets one clear error, never a cascade. Strimzi's full reference
 * example (tls authentication on both clusters) passes `check-config` once the bot config names
 * the certificate files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, main, type Io } from '../../src/cli.ts';
import { formatConfigError } from '../../src/config/errors.ts';
import { parseConfig } from '../../src/config/load.ts';
import { parseStrimziFile } from '../../src/config/strimzi-file.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/strimzi');
const TLS = path.resolve(import.meta.dirname, '../fixtures/tls');

/**
 * The AsciiDoc attributes in the documentation's examples, replaced the way a user copying them
 * would: the API version and default Kafka version of that release
 * (documentation/shared/attributes.adoc and version-dependent-attrs.adoc at the tag).
 */
const ATTRIBUTES: Record<string, Record<string, string>> = {
  '01': { KafkaMirrorMaker2ApiVersion: 'kafka.strimzi.io/v1beta2', DefaultKafkaVersion: '3.9.0' },
  '23': { KafkaMirrorMaker2ApiVersion: 'kafka.strimzi.io/v1', DefaultKafkaVersion: '4.3.1' },
  '24': { KafkaMirrorMaker2ApiVersion: 'kafka.strimzi.io/v1beta2', DefaultKafkaVersion: '4.0.0' },
};

function fixture(prefix: string): { name: string; text: string } {
  const name = fs.readdirSync(FIXTURES).find((f) => f.startsWith(`${prefix}-`));
  if (!name) throw new Error(`no fixture ${prefix}-*`);
  let text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  for (const [k, v] of Object.entries(ATTRIBUTES[prefix] ?? {})) text = text.replaceAll(`{${k}}`, v);
  return { name, text };
}

/** The fixture written where a user keeps it, and a bot config importing every mirror of it. */
function setup(prefix: string, clusters = ''): { dir: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm2-doctor-real-'));
  fs.writeFileSync(path.join(dir, 'kmm2.yaml'), fixture(prefix).text);
  const config = path.join(dir, 'mm2-doctor.yaml');
  fs.writeFileSync(config, `${clusters}mirrors:\n  - strimzi: { file: kmm2.yaml, mirror: "*" }\n`);
  return { dir, config };
}

function io(env: NodeJS.ProcessEnv = {}): Io & { stdout: string; stderr: string } {
  const r = { stdout: '', stderr: '', out: (s: string) => void (r.stdout += `${s}\n`), err: (s: string) => void (r.stderr += `${s}\n`), readStdin: async () => '', env, cwd: os.tmpdir() };
  return r;
}

/** A bot-config `clusters:` giving each alias the test certificate files (a user's extracted copies). */
function certificateClusters(aliases: string[]): string {
  const f = (n: string) => path.join(TLS, n);
  return `clusters:\n${aliases.map((a) => `  ${a}:\n    tls:\n      ca: { file: ${f('ca.crt')} }\n      cert: { file: ${f('client.crt')} }\n      key: { file: ${f('client.key')} }\n`).join('')}`;
}

describe("Strimzi's full reference example (tls authentication on both clusters)", () => {
  it('passes check-config once the bot config names the certificate files', async () => {
    const { config } = setup('01', certificateClusters(['my-cluster-source', 'my-cluster-target']));
    const r = io();
    expect(await main(['check-config', '--config', config], r), r.stderr).toBe(0);
    expect(r.stdout).toContain('ok — 2 cluster(s), 1 mirror(s): my-cluster-source->my-cluster-target');
    expect(r.stdout).toMatch(/ {2}my-cluster-source: my-cluster-source-kafka-bootstrap:9092, TLS \(CA .*ca\.crt\), client certificate .*client\.crt \(subject CN=mm2-doctor, OU=diag, valid until 21\d\d-\d\d-\d\d\), principal User:OU=diag,CN=mm2-doctor/);
    expect(r.stdout).toMatch(/ {2}my-cluster-target: my-cluster-target-kafka-bootstrap:9092, TLS/);
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY');
  });

  it('without them, check-config says where Strimzi keeps each certificate and which keys take it, and exits 3', async () => {
    const { config } = setup('01');
    const r = io();
    expect(await main(['check-config', '--config', config], r)).toBe(EXIT.error);
    expect(r.stderr).toMatch(/clusters\.my-cluster-source: cluster 'my-cluster-source' \(imported from .*kmm2\.yaml:\d+:\d+ spec\.clusters\[0\]\) authenticates with a TLS client certificate/);
    expect(r.stderr).toContain("kubectl get secret my-user-source -o jsonpath='{.data.source\\.crt}' | base64 -d > my-cluster-source-user.crt");
    expect(r.stderr).toContain("kubectl get secret my-user-target -o jsonpath='{.data.target\\.key}' | base64 -d > my-cluster-target-user.key");
    expect(r.stderr).toContain("kubectl get secret my-cluster-target-cluster-ca-cert -o jsonpath='{.data.ca\\.crt}' | base64 -d > my-cluster-target-ca.crt");
    expect(r.stderr).toContain('set clusters.my-cluster-target.tls.cert and clusters.my-cluster-target.tls.key');
    expect(r.stderr).not.toMatch(/\.sasl/);
  });

  it('reports a certificate file that cannot be used as a warning naming it (exit 1)', async () => {
    const { config, dir } = setup('01', certificateClusters(['my-cluster-source', 'my-cluster-target']));
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(path.join(TLS, 'client.key'), path.join(TLS, 'other.key')));
    const r = io();
    expect(await main(['check-config', '--config', config], r)).toBe(EXIT.warning);
    expect(r.stderr).toMatch(/warning: cluster my-cluster-source cannot be used by mm2-doctor: cannot use TLS for my-cluster-source: the private key from file .*other\.key does not belong to the client certificate .*client\.crt/);
    expect(dir).toBeTruthy();
  });
});

describe('real KafkaMirrorMaker2 files', () => {
  // Loads with every mirror imported; `clusters` gives what the bot config must add (credentials).
  const LOADS: [string, string, string[]][] = [
    ['02', 'example tls 0.45.0', ['cluster-a->cluster-b']],
    ['03', 'example custom replication policy 0.45.0', ['cluster-a->cluster-b']],
    ['04', 'example sync groups 0.45.0', ['cluster-a->cluster-b']],
    ['05', 'example 0.45.0', ['cluster-a->cluster-b']],
    ['06', 'example tls, v1', ['cluster-a->cluster-b']],
    ['07', 'example custom replication policy, v1', ['cluster-a->cluster-b']],
    ['08', 'example sync groups, v1', ['cluster-a->cluster-b']],
    ['09', 'example, v1', ['cluster-a->cluster-b']],
    ['10', 'security/tls-auth 0.45.0 (multi-document)', ['cluster-a->cluster-b']],
    ['12', 'security/tls-auth, v1 (multi-document)', ['cluster-a->cluster-b']],
    ['23', 'docs: securing the connection, v1, 1.2.0', ['my-source-cluster->my-cluster-target']],
    ['24', 'docs: full example 0.47.0', ['my-cluster-source->my-cluster-target']],
  ];
  it.each(LOADS)('%s (%s) loads, with certificate files where it uses tls authentication', (prefix, _what, mirrors) => {
    const parsed = parseStrimziFile(fixture(prefix).text, 'kmm2.yaml');
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    const { config } = setup(prefix);
    const first = parseConfig(fs.readFileSync(config, 'utf8'), config);
    const aliases = first.ok ? [] : [...new Set(first.errors.filter((e) => /TLS client certificate/.test(e.message)).map((e) => e.path.replace(/^clusters\./, '')))];
    if (!first.ok) expect(first.errors.filter((e) => !/TLS client certificate/.test(e.message)).map(formatConfigError)).toEqual([]);
    const { config: withCerts } = setup(prefix, aliases.length > 0 ? certificateClusters(aliases) : '');
    const loaded = parseConfig(fs.readFileSync(withCerts, 'utf8'), withCerts);
    expect(loaded.ok ? [] : loaded.errors.map(formatConfigError)).toEqual([]);
    if (loaded.ok) expect(loaded.config.mirrors.map((m) => m.id)).toEqual(mirrors);
  });

  it.each([['11'], ['13']])('%s (security/scram-sha-512-auth) needs only the password references', (prefix) => {
    const { config } = setup(prefix, 'clusters:\n  cluster-a: { sasl: { password: { env: A_PW } } }\n  cluster-b: { sasl: { password: { env: B_PW } } }\n');
    const loaded = parseConfig(fs.readFileSync(config, 'utf8'), config);
    expect(loaded.ok ? [] : loaded.errors.map(formatConfigError)).toEqual([]);
    if (loaded.ok) expect(loaded.config.clusters['cluster-a']?.sasl).toMatchObject({ mechanism: 'scram-sha-512', username: 'cluster-a-user' });
  });

  // Users' pastes: leftovers of the web page they came from are named as such, in one error.
  it.each<[string, number, RegExp]>([
    ['14', 2, /a Markdown backtick \(`\) left from a paste/],
    ['15', 7, /documentation callout markers such as '\(1\)' are left at the end of lines 7, 8, 9, .*; remove them/],
    ['16', 2, /a Markdown quote marker \('> '\) left from a paste/],
  ])('%s: paste leftovers are one clear error at line %i', (prefix, line, message) => {
    const parsed = parseStrimziFile(fixture(prefix).text, 'kmm2.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([expect.objectContaining({ line, message: expect.stringMatching(message) })]);
  });

  it.each([['17'], ['18'], ['20'], ['21']])('%s: a resource without spec.mirrors is read (the CRD allows it); asking it for mirrors says it has none', (prefix) => {
    expect(parseStrimziFile(fixture(prefix).text, 'kmm2.yaml').ok).toBe(true);
    const { config } = setup(prefix);
    const loaded = parseConfig(fs.readFileSync(config, 'utf8'), config);
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.message)).toEqual([expect.stringMatching(/kmm2\.yaml defines no spec\.mirrors; nothing to diagnose there$/)]);
  });

  it('20 with its mirror: the redacted bootstrap is not host:port, said once, and the bot config can give it', () => {
    const text = `${fixture('20').text}  connectCluster: confluent\n  mirrors:\n    - { sourceCluster: svl, targetCluster: confluent, checkpointConnector: {} }\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm2-doctor-real-'));
    fs.writeFileSync(path.join(dir, 'kmm2.yaml'), text.replace(/^(\s+)username:.*$/m, '$1username: redacted'));
    const config = path.join(dir, 'mm2-doctor.yaml');
    const bad = parseConfig('clusters:\n  confluent: { sasl: { password: { env: CC } } }\nmirrors:\n  - strimzi: { file: kmm2.yaml }\n', config);
    expect(bad.ok ? [] : bad.errors.map((e) => e.message)).toEqual([expect.stringMatching(/cluster 'confluent' \(imported from .*\) has bootstrap server 'Redacted', which is not host:port; set clusters\.confluent\.bootstrap/)]);
    const good = parseConfig('clusters:\n  confluent: { bootstrap: pkc-1.confluent.cloud:9092, sasl: { username: u, password: { env: CC } } }\nmirrors:\n  - strimzi: { file: kmm2.yaml }\n', config);
    expect(good.ok ? [] : good.errors.map(formatConfigError)).toEqual([]);
  });

  it('19: a mirror cut off before targetCluster is named, not skipped', () => {
    const { config } = setup('19');
    const loaded = parseConfig(fs.readFileSync(config, 'utf8'), config);
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^spec\.mirrors\[0\] of .*kmm2\.yaml \(line \d+\) has no targetCluster, which Strimzi requires/)]);
  });

  it('22: a certificateAndKey cut off after secretName is invalid, and says which keys it lacks', () => {
    const parsed = parseStrimziFile(fixture('22').text, 'kmm2.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      "spec.clusters[1].authentication.certificateAndKey: missing required key 'certificate' (a string)",
      "spec.clusters[1].authentication.certificateAndKey: missing required key 'key' (a string)",
    ]);
  });
});
