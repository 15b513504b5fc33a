// Config error messages: every one positioned, all at once, and none repeating a value from the file.
import { describe, expect, it } from 'vitest';
import { formatConfigError, type ConfigError } from '../../src/config/errors.ts';
import { parseConfig } from '../../src/config/load.ts';
import { parseAppConfig } from '../../src/config-sections.ts';

const FILE = '/etc/mm2-doctor/mm2-doctor.yaml';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function errorsOf(text: string, files: Record<string, string> = {}): ConfigError[] {
  const r = parseAppConfig(text, FILE, { readFile: (p) => files[p] ?? '' });
  if (r.ok) throw new Error('expected errors');
  return [...r.errors, ...r.warnings];
}

describe('config errors never repeat a value from the file', () => {
  // Not a cluster alias, variable name, topic, id or host:port, so every place below rejects it.
  const CANARY = 'C4n4ry S3cr3t!';
  const NUMBER = 987654321;
  const CR = '/etc/mm2-doctor/kmm2.yaml';
  const cr = yaml(
    'apiVersion: kafka.strimzi.io/v1beta2',
    'kind: KafkaMirrorMaker2',
    'metadata: { name: x }',
    'spec:',
    '  connectCluster: b',
    `  replicas: "${CANARY}"`,
    '  clusters: [{ alias: a, bootstrapServers: "a:1" }, { alias: b, bootstrapServers: "b:1" }]',
    `  mirrors: [{ sourceCluster: a, targetCluster: b, checkpointConnector: { tasksMax: "${CANARY}", pause: ${NUMBER} } }]`,
  );
  const text = yaml(
    'clusters:',
    `  svl: { bootstrap: "${CANARY}", timeoutMs: "${CANARY}", tls: "${CANARY}", sasl: { mechanism: plain, username: ["${CANARY}"], password: "${CANARY}" } }`,
    `  confluent: { bootstrap: ["h:1", "${CANARY}"], sasl: { mechanism: plain, username: u, password: { env: "${CANARY}" } }, tls: { ca: { file: ["${CANARY}"] } } }`,
    `  other: { bootstrap: "h:1", sasl: { mechanism: plain, username: u, password: { file: { f: "${CANARY}" } } }, timeoutMs: ${NUMBER}.5 }`,
    'mirrors:',
    `  - { source: svl, target: confluent, kafkaVersion: "${CANARY}", connect: { url: "http://user:${encodeURIComponent(CANARY)}@connect:8083", auth: { username: u, password: "${CANARY}" } } }`,
    `  - { source: confluent, target: svl, connect: { url: "${CANARY}", timeoutMs: ${NUMBER} } }`,
    `  - { strimzi: { file: kmm2.yaml, mirror: "${CANARY}" } }`,
    '  - { strimzi: { file: kmm2.yaml } }',
    `  - { source: svl, target: other, settings: { emit.checkpoints.enabled: ["${CANARY}"] } }`,
    `slack: { botToken: "${CANARY}", appToken: ${NUMBER}, port: ${NUMBER}, healthPort: "${CANARY}", stateDir: ["${CANARY}"] }`,
    `access: { rules: [{ channels: ["${CANARY}"], users: "${CANARY}", commands: ["${CANARY}"] }] }`,
    `digests: [{ name: "${CANARY}", channel: "${CANARY}", cron: "0 8 * * *", mirrors: "${CANARY}" }]`,
    `alerts: { intervalSeconds: ${NUMBER}, routes: [{ channel: "${CANARY}" }] }`,
    `history: { retentionDays: "${CANARY}", file: ${NUMBER} }`,
    `coordination: { cluster: "${CANARY}", topic: "${CANARY}", group: "${CANARY}", sessionTimeoutMs: ${NUMBER} }`,
  );

  it('in any error or warning, wherever the value is misplaced', () => {
    const e = errorsOf(text, { [CR]: cr });
    expect(e.length).toBeGreaterThan(30);
    expect(e.filter((x) => x.file === CR)).toHaveLength(3);
    const all = e.map(formatConfigError).join('\n');
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain(encodeURIComponent(CANARY));
    expect(all).not.toContain(String(NUMBER));
  });

  it('and never falls back on zod\'s own messages', () => {
    for (const e of errorsOf(text, { [CR]: cr })) {
      expect(e.message).not.toMatch(/Invalid input|Invalid option|Invalid string|Too (small|big)|Unrecognized key|received/);
      expect(e.message).toMatch(/^(expected|missing required key|requires a value|inline secrets|credentials in the URL|give exactly one)/);
    }
  });
});

describe('config errors: positions and wording', () => {
  const CLUSTERS = ['clusters:', '  svl: { bootstrap: "h:1" }', '  confluent: { bootstrap: "h:2" }'];

  it('names each unknown key of one map at its own position', () => {
    const e = errorsOf(yaml(...CLUSTERS, 'mirrors:', '  - { source: svl, target: confluent, foo: 1, sourc: 2 }'));
    expect(e).toEqual([
      { file: FILE, line: 5, col: 39, path: 'mirrors[0].foo', message: "unknown key 'foo'; expected one of source, target, kafkaVersion, connect, strimzi, settings" },
      { file: FILE, line: 5, col: 47, path: 'mirrors[0].sourc', message: "unknown key 'sourc' (did you mean 'source'?)" },
    ]);
  });

  it('lists the sections it was given as the known top-level keys', () => {
    expect(errorsOf(yaml(...CLUSTERS, 'mirrors: [{ source: svl, target: confluent }]', 'zzzz: 1'))).toEqual([
      expect.objectContaining({ line: 5, col: 1, path: 'zzzz', message: "unknown key 'zzzz'; expected one of clusters, mirrors, digests, alerts, history, coordination, slack, access, metrics, monitor" }),
    ]);
  });

  it('reads a key without a value as absent when it is optional, and asks for one when it is required', () => {
    const r = parseAppConfig(yaml(...CLUSTERS, 'mirrors:', '  - source: svl', '    target: confluent', '    connect:', '    settings:', 'digests:', 'slack:', '  port:'), FILE);
    expect(r.ok && [r.config.mirrors[0]?.connect, r.config.mirrors[0]?.settings, r.config.digests, r.config.slack?.port]).toEqual([undefined, {}, undefined, 3000]);
    expect(errorsOf(yaml(...CLUSTERS, '  ops:', 'mirrors:'))).toEqual([
      { file: FILE, line: 4, col: 7, path: 'clusters.ops', message: 'requires a value (a map)' },
      { file: FILE, line: 5, col: 9, path: 'mirrors', message: 'requires a value (a list of mirrors)' },
    ]);
  });

  it('points a missing required key at the map that lacks it', () => {
    expect(errorsOf(yaml(...CLUSTERS, 'mirrors:', '  - { source: svl, target: confluent, strimzi: { kubernetes: { name: x } } }'))).toEqual([
      { file: FILE, line: 5, col: 62, path: 'mirrors[0].strimzi.kubernetes', message: "missing required key 'namespace' (a string)" },
    ]);
  });

  it('explains a value of either shape by the shape it has', () => {
    const e = errorsOf(yaml(
      'clusters:',
      '  svl: { bootstrap: [h:1, 5], tls: maybe }',
      '  confluent: { bootstrap: "h:1,nope", tls: { ca: 5 } }',
      'mirrors: [{ source: svl, target: confluent, strimzi: { kubernetes: { namespace: k, name: x }, mirror: -1 } }]',
      'slack: { healthPort: true }',
    ));
    expect(e.map((x) => `${x.path}: ${x.message}`)).toEqual([
      'clusters.svl.bootstrap[1]: expected a string, got a number',
      'clusters.svl.tls: expected true, false or { ca: { file: PATH } }, got a string',
      'clusters.confluent.bootstrap: expected host:port for each server; server 2 of 2 is not',
      'clusters.confluent.tls.ca: expected a map, got a number',
      'mirrors[0].strimzi.mirror: expected an integer >= 0',
      'slack.healthPort: expected a port number or false, got a boolean',
    ]);
  });

  it('keeps numbers as written where JS would write them differently (4.0 is not 4)', () => {
    const r = parseConfig(yaml(...CLUSTERS, 'mirrors:', '  - { source: svl, target: confluent, kafkaVersion: 4.0, settings: { a.b: 1.50, c.d: 12 } }'), FILE);
    expect(r.ok && [r.config.mirrors[0]?.kafkaVersion, r.config.mirrors[0]?.settings]).toEqual(['4.0', { 'a.b': '1.50', 'c.d': '12' }]);
  });

  it('refuses an alias bomb with an error instead of expanding it', () => {
    const bomb = yaml('a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]');
    expect(errorsOf(bomb)).toEqual([expect.objectContaining({ line: 1, col: 1, message: expect.stringMatching(/^YAML: .*alias/) })]);
  });
});
