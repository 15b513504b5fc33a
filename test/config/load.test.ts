import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConfigError, type ConfigError } from '../../src/config/errors.ts';
import { parseConfig, type LoadIO, type LoadResult } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';

const FILE = '/etc/mm2-doctor/mm2-doctor.yaml';
const seedCr = readFileSync(new URL('../mm2/fixtures/seed-kmm2.yaml', import.meta.url), 'utf8');

function io(files: Record<string, string> = {}): LoadIO {
  return {
    readFile(path) {
      const f = files[path];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return f;
    },
  };
}

/** Joins lines so tests can count them (line 1 is the first element). */
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function load(text: string, files: Record<string, string> = {}): LoadResult {
  return parseConfig(text, FILE, io(files));
}
function ok(text: string, files: Record<string, string> = {}): Config {
  const r = load(text, files);
  if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'));
  return r.config;
}
function errors(text: string, files: Record<string, string> = {}): ConfigError[] {
  const r = load(text, files);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const CLUSTERS = [
  'clusters:',
  '  svl:',
  '    bootstrap: 127.0.0.1:9092',
  '  confluent:',
  '    bootstrap: [pkc-1.confluent.cloud:9092, pkc-2.confluent.cloud:9092]',
  '    sasl: { mechanism: plain, username: KEY, password: { env: CC_SECRET } }',
  '    tls: true',
];

describe('parseConfig: a valid file', () => {
  it('returns typed clusters and mirrors with defaults', () => {
    const c = ok(yaml(...CLUSTERS, 'mirrors:', '  - source: svl', '    target: confluent', '    settings: { emit.checkpoints.interval.seconds: 30, sync.group.offsets.enabled: false }'));
    expect(c.clusters.svl).toMatchObject({ alias: 'svl', bootstrap: ['127.0.0.1:9092'], timeoutMs: 5000, sasl: undefined, tls: undefined });
    expect(c.clusters.confluent).toMatchObject({
      bootstrap: ['pkc-1.confluent.cloud:9092', 'pkc-2.confluent.cloud:9092'],
      sasl: { mechanism: 'plain', username: 'KEY', password: { env: 'CC_SECRET' } },
      tls: { rejectUnauthorized: true },
    });
    expect(c.mirrors).toEqual([
      expect.objectContaining({
        id: 'svl->confluent',
        source: 'svl',
        target: 'confluent',
        kafkaVersion: '3.9.0',
        path: 'mirrors[0]',
        settings: { 'emit.checkpoints.interval.seconds': '30', 'sync.group.offsets.enabled': 'false' },
        definedAt: { file: FILE, line: 9, col: 5, path: 'mirrors[0]' },
      }),
    ]);
    expect(c.warnings).toEqual([]);
  });

  it('accepts a comma-separated bootstrap string, connect settings and a kubernetes Strimzi reference', () => {
    const c = ok(yaml(
      'clusters:',
      '  a: { bootstrap: "h1:9092, h2:9093" }',
      '  b: { bootstrap: "[::1]:9092", tls: { ca: { file: /ca.pem }, rejectUnauthorized: false }, timeoutMs: 100 }',
      'mirrors:',
      '  - source: a',
      '    target: b',
      '    kafkaVersion: 3.7',
      '    connect: { url: "http://connect:8083/", connectors: { checkpoint: cp } }',
      '    strimzi: { kubernetes: { namespace: kafka, name: my-mm2 } }',
    ));
    expect(c.clusters.a?.bootstrap).toEqual(['h1:9092', 'h2:9093']);
    expect(c.clusters.b).toMatchObject({ tls: { ca: { file: '/ca.pem' }, rejectUnauthorized: false }, timeoutMs: 100 });
    expect(c.mirrors[0]).toMatchObject({
      kafkaVersion: '3.7',
      connect: { url: 'http://connect:8083', timeoutMs: 5000, connectors: { checkpoint: 'cp' } },
      strimzi: { kubernetes: { namespace: 'kafka', name: 'my-mm2' } },
    });
  });
});

describe('parseConfig: errors with file, line, column and path', () => {
  it('reports malformed YAML at its position, with the key path it follows', () => {
    // The parser notices an unclosed `[` only on the next line; without a key path the operator
    // saw "file:4:1: YAML syntax: ..." pointing at `mirrors:`, a line with nothing wrong on it.
    const e = errors(yaml('clusters:', '  svl:', '    bootstrap: [a:1, b:2', 'mirrors: []'));
    expect(e[0]).toMatchObject({ file: FILE, line: 4, path: 'clusters.svl.bootstrap' });
    expect(e[0]?.message).toMatch(/^YAML syntax: .*\(after clusters\.svl\.bootstrap on line 3\)$/);
  });

  it('names the key path of other syntax errors too: an unclosed quote, a tab', () => {
    const quote = errors(yaml('clusters:', '  svl:', '    bootstrap: "a:1', '  confluent: { bootstrap: b:1 }'));
    expect(quote[0]).toMatchObject({ path: 'clusters.svl.bootstrap', message: expect.stringMatching(/^YAML syntax: Missing closing "quote/) });
    const tab = errors(yaml('clusters:', '  svl: { bootstrap: a:1 }', 'mirrors:', '\t- { source: svl, target: svl }'));
    expect(tab[0]).toMatchObject({ line: 4, path: 'mirrors', message: expect.stringMatching(/^YAML syntax: Tabs are not allowed/) });
  });

  it('a syntax error before any key has no key path', () => {
    const e = errors(yaml('[a, b', 'c: d'));
    expect(e[0]?.path).toBe('');
  });

  it('reports a duplicate key', () => {
    const e = errors(yaml('mirrors: []', 'mirrors: []'));
    expect(e[0]).toMatchObject({ line: 2, col: 1, message: expect.stringMatching(/Map keys must be unique/) });
  });

  it('reports an unknown key with a did-you-mean, at the key', () => {
    const e = errors(yaml('clusters:', '  svl:', '    bootstrp: 127.0.0.1:9092', 'mirrors: [{ source: svl, target: svl2 }]'));
    expect(e).toContainEqual({ file: FILE, line: 3, col: 5, path: 'clusters.svl.bootstrp', message: "unknown key 'bootstrp' (did you mean 'bootstrap'?)" });
  });

  it('reports an unknown top-level section', () => {
    const e = errors(yaml('mirorrs: []'));
    expect(e).toContainEqual(expect.objectContaining({ line: 1, col: 1, path: 'mirorrs', message: "unknown key 'mirorrs' (did you mean 'mirrors'?)" }));
    expect(e).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/missing required key 'mirrors'/) }));
  });

  it('reports an unknown alias with a did-you-mean listing the known aliases, at the alias', () => {
    const e = errors(yaml(...CLUSTERS, 'mirrors:', '  - source: svll', '    target: confluent'));
    expect(e).toEqual([
      { file: FILE, line: 9, col: 13, path: 'mirrors[0].source', message: "unknown cluster alias 'svll' (did you mean 'svl'?); known aliases: svl, confluent" },
    ]);
  });

  it('rejects an inline password without repeating it', () => {
    const text = yaml(...CLUSTERS.slice(0, 5), '    sasl: { mechanism: plain, username: KEY, password: hunter2 }', 'mirrors: [{ source: svl, target: confluent }]');
    const e = errors(text);
    expect(e).toEqual([
      { file: FILE, line: 6, col: 56, path: 'clusters.confluent.sasl.password', message: 'inline secrets are not allowed; use { env: NAME } or { file: PATH }' },
    ]);
    expect(JSON.stringify(e)).not.toContain('hunter2');
  });

  it('does not echo a secret given where another type is expected', () => {
    const e = errors(yaml('clusters:', '  svl: { bootstrap: h:1, sasl: { mechanism: plain, username: u, password: { env: [s3cret] } } }', 'mirrors: [{ source: svl, target: svl }]'));
    expect(JSON.stringify(e)).not.toContain('s3cret');
    expect(e[0]).toMatchObject({ path: 'clusters.svl.sasl.password.env', message: 'expected an environment variable name, got a list' });
  });

  it('requires exactly one of env and file', () => {
    const e = errors(yaml('clusters:', '  svl: { bootstrap: h:1, sasl: { mechanism: plain, username: u, password: { env: A, file: /b } } }', 'mirrors: [{ source: svl, target: svl }]'));
    expect(e).toEqual([expect.objectContaining({ path: 'clusters.svl.sasl.password', message: 'give exactly one of env or file' })]);
  });

  it('reports a bad SASL mechanism with a did-you-mean', () => {
    const e = errors(yaml('clusters:', '  svl:', '    bootstrap: h:9092', '    sasl: { mechanism: scram-sha512, username: u, password: { env: P } }', 'mirrors: [{ source: svl, target: svl }]'));
    expect(e).toEqual([
      {
        file: FILE,
        line: 4,
        col: 24,
        path: 'clusters.svl.sasl.mechanism',
        message: "unknown SASL mechanism 'scram-sha512' (did you mean 'scram-sha-512'?); expected one of plain, scram-sha-256, scram-sha-512",
      },
    ]);
  });

  it('names the key path and position of a wrong type', () => {
    const e = errors(yaml('clusters:', '  svl:', '    bootstrap: h:9092', '    timeoutMs: soon', 'mirrors: [{ source: svl, target: svl }]'));
    expect(e).toEqual([{ file: FILE, line: 4, col: 16, path: 'clusters.svl.timeoutMs', message: 'expected an integer >= 1, got a string' }]);
  });

  it('collects every error at once, sorted by position', () => {
    const e = errors(yaml(
      'clusters:',
      '  svl:',
      '    bootstrap: nohostport',
      '    tls: maybe',
      'mirrors:',
      '  - source: svl',
      '    target: nowhere',
      '    kafkaVersion: latest',
      '    connect: { url: "http://user:pw@connect:8083" }',
      '    settings: { emit.checkpoint.interval.seconds: "5" }',
    ));
    expect(e.map((x) => [x.line, x.path])).toEqual([
      [3, 'clusters.svl.bootstrap'],
      [4, 'clusters.svl.tls'],
      [7, 'mirrors[0].target'],
      [8, 'mirrors[0].kafkaVersion'],
      [9, 'mirrors[0].connect.url'],
      [10, 'mirrors[0].settings["emit.checkpoint.interval.seconds"]'],
    ]);
    expect(e[4]?.message).toMatch(/credentials in the URL are not allowed/);
    expect(JSON.stringify(e)).not.toContain('user:pw');
    expect(e[5]?.message).toBe("unknown MM2 setting 'emit.checkpoint.interval.seconds' (did you mean 'emit.checkpoints.interval.seconds'?)");
  });

  it('reports a mirror without source or target', () => {
    const e = errors(yaml(...CLUSTERS, 'mirrors:', '  - source: svl'));
    expect(e).toEqual([expect.objectContaining({ line: 9, col: 5, path: 'mirrors[0]', message: expect.stringMatching(/missing required key 'target'/) })]);
  });

  it('reports a mirror defined twice', () => {
    const e = errors(yaml(...CLUSTERS, 'mirrors:', '  - { source: svl, target: confluent }', '  - { source: svl, target: confluent }'));
    expect(e).toEqual([expect.objectContaining({ line: 10, path: 'mirrors[1]', message: expect.stringMatching(/defined twice/) })]);
  });

  it('reports a cluster without bootstrap servers', () => {
    const e = errors(yaml('clusters:', '  svl: { tls: true }', 'mirrors: [{ source: svl, target: svl }]'));
    expect(e).toEqual([expect.objectContaining({ line: 2, col: 8, path: 'clusters.svl', message: expect.stringMatching(/no bootstrap servers/) })]);
  });

  it('reports incomplete SASL settings', () => {
    const e = errors(yaml('clusters:', '  svl: { bootstrap: h:1, sasl: { mechanism: plain } }', 'mirrors: [{ source: svl, target: svl }]'));
    expect(e[0]?.message).toMatch(/uses SASL but has no username, password/);
  });

  it('reports an empty file', () => {
    expect(errors('')).toEqual([expect.objectContaining({ line: 1, col: 1, message: 'expected a map, got nothing' })]);
  });
});

describe('parseConfig: Strimzi import', () => {
  const CR = '/etc/mm2-doctor/kmm2.yaml';

  it('imports the seed CR mirror and clusters; passwords come from the bot config', () => {
    const c = ok(
      yaml(
        'clusters:',
        '  confluent:',
        '    sasl: { password: { env: CC_SECRET } }   # bootstrap, mechanism and username come from the CR',
        'mirrors:',
        '  - strimzi: { file: ./kmm2.yaml }',
        '    settings: { emit.checkpoints.interval.seconds: "60" }',
      ),
      { [CR]: seedCr },
    );
    expect(c.mirrors).toHaveLength(1);
    expect(c.mirrors[0]).toMatchObject({
      id: 'svl->confluent',
      kafkaVersion: '3.9.0',
      strimzi: { file: CR, mirrorIndex: 0, definedAt: { file: CR, path: 'spec.mirrors[0]' } },
    });
    expect(c.mirrors[0]?.strimzi?.resource?.spec.mirrors?.[0]?.groupsPattern).toBe('svl-.*');
    expect(c.clusters.svl).toMatchObject({ bootstrap: ['svl-kafka-bootstrap.svl-prod.svc:9092'], sasl: undefined, tls: undefined });
    expect(c.clusters.confluent).toMatchObject({
      bootstrap: ['pkc-xxxxx.eu-west-1.aws.confluent.cloud:9092'],
      sasl: { mechanism: 'plain', username: 'ABCDEFGHIJKLMNOP', password: { env: 'CC_SECRET' } },
      tls: { rejectUnauthorized: true },
    });
    expect(c.clusters.confluent?.definedAt.map((d) => d.file)).toEqual([FILE, CR]);
  });

  it('lets the bot config win for connection details of a cluster defined in both places', () => {
    const c = ok(
      yaml('clusters:', '  svl: { bootstrap: localhost:19092 }', '  confluent: { bootstrap: localhost:29092, tls: false, sasl: { mechanism: scram-sha-256, username: me, password: { file: /p } } }', 'mirrors:', '  - { source: svl, target: confluent, strimzi: { file: kmm2.yaml } }'),
      { [CR]: seedCr },
    );
    expect(c.clusters.svl?.bootstrap).toEqual(['localhost:19092']);
    expect(c.clusters.confluent).toMatchObject({ bootstrap: ['localhost:29092'], tls: undefined, sasl: { mechanism: 'scram-sha-256', username: 'me' } });
  });

  it('requires a password reference for a SASL cluster imported from the CR', () => {
    const e = errors(yaml('mirrors:', '  - strimzi: { file: ./kmm2.yaml }'), { [CR]: seedCr });
    expect(e).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 2,
        col: 14,
        path: 'clusters.confluent.sasl',
        message: expect.stringMatching(/cluster 'confluent' \(imported from \/etc\/mm2-doctor\/kmm2\.yaml:\d+:\d+ spec\.clusters\[1\]\) uses SASL but has no password \(a reference: clusters\.confluent\.sasl\.password/),
      }),
    ]);
  });

  it('rejects source/target that contradict the CR mirror', () => {
    const e = errors(yaml('clusters: { confluent: { sasl: { password: { env: X } } } }', 'mirrors:', '  - { source: svl, target: other, strimzi: { file: kmm2.yaml, mirror: 0 } }'), { [CR]: seedCr });
    expect(e).toEqual([expect.objectContaining({ line: 3, path: 'mirrors[0].target', message: expect.stringMatching(/'other' does not match the target alias 'confluent'/) })]);
  });

  it('reports a missing CR mirror with the mirrors the file has', () => {
    const e = errors(yaml('mirrors:', '  - strimzi: { file: kmm2.yaml, mirror: "svl->confluen" }'), { [CR]: seedCr });
    expect(e[0]?.message).toBe(`no mirror 'svl->confluen' in ${CR} (did you mean 'svl->confluent'?); it has [0] svl->confluent`);
    expect(e[0]).toMatchObject({ line: 2, path: 'mirrors[0].strimzi.mirror' });
  });

  it('reports an unreadable Strimzi file at the reference', () => {
    const e = errors(yaml('mirrors:', '  - strimzi: { file: missing.yaml }'));
    expect(e).toEqual([expect.objectContaining({ line: 2, col: 22, path: 'mirrors[0].strimzi.file', message: `cannot read Strimzi file /etc/mm2-doctor/missing.yaml (ENOENT)` })]);
  });

  it('reports errors inside the Strimzi file with that file\'s own positions', () => {
    const bad = yaml(
      'apiVersion: kafka.strimzi.io/v1beta2',
      'kind: KafkaMirrorMaker2',
      'metadata: { name: x }',
      'spec:',
      '  connectCluster: b',
      '  clusters:',
      '    - alias: a',
      '    - alias: b',
      '      bootstrapServers: b:9092',
      '  mirrors:',
      '    - sourceCluster: a',
      '      targetCluster: b',
      '      groupPattern: "orders-.*"',
      '      checkpointConnector:',
      '        tasksMax: zero',
    );
    const r = load(yaml('mirrors:', '  - strimzi: { file: kmm2.yaml }'), { [CR]: bad });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { file: CR, line: 7, col: 7, path: 'spec.clusters[0]', message: "missing required key 'bootstrapServers' (a string)" },
      { file: CR, line: 15, col: 19, path: 'spec.mirrors[0].checkpointConnector.tasksMax', message: 'expected an integer >= 1, got a string' },
    ]);
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ file: CR, line: 13, col: 7, path: 'spec.mirrors[0].groupPattern', message: expect.stringMatching(/unknown key 'groupPattern' \(did you mean 'groupsPattern'\?\)\. Kubernetes drops unknown fields/) }),
    );
  });

  it('expands mirror: "*" and picks a resource by name from a kubectl List', () => {
    const list = yaml(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: kafka.strimzi.io/v1beta2',
      '    kind: KafkaMirrorMaker2',
      '    metadata: { name: other }',
      '    spec: { connectCluster: b, clusters: [{ alias: a, bootstrapServers: "a:1" }, { alias: b, bootstrapServers: "b:1" }], mirrors: [{ sourceCluster: a, targetCluster: b }] }',
      '  - apiVersion: kafka.strimzi.io/v1beta2',
      '    kind: KafkaMirrorMaker2',
      '    metadata: { name: two }',
      '    spec:',
      '      version: 3.8.0',
      '      connectCluster: c',
      '      clusters: [{ alias: a, bootstrapServers: "a:1" }, { alias: b, bootstrapServers: "b:1" }, { alias: c, bootstrapServers: "c:1" }]',
      '      mirrors: [{ sourceCluster: a, targetCluster: c }, { sourceCluster: b, targetCluster: c }]',
    );
    const c = ok(yaml('mirrors:', '  - strimzi: { file: kmm2.yaml, name: two, mirror: "*" }'), { [CR]: list });
    expect(c.mirrors.map((m) => [m.id, m.kafkaVersion, m.strimzi?.mirrorIndex, m.strimzi?.definedAt?.line])).toEqual([
      ['a->c', '3.8.0', 0, 15],
      ['b->c', '3.8.0', 1, 15],
    ]);
    expect(Object.keys(c.clusters).sort()).toEqual(['a', 'b', 'c']);

    const e = errors(yaml('mirrors:', '  - strimzi: { file: kmm2.yaml }'), { [CR]: list });
    expect(e[0]?.message).toMatch(/holds 2 KafkaMirrorMaker2 resources \(other, two\); choose one with strimzi\.name/);
  });

  it('imports v1 resources (spec.target, mirrors[].source)', () => {
    const v1 = yaml(
      'apiVersion: kafka.strimzi.io/v1',
      'kind: KafkaMirrorMaker2',
      'metadata: { name: m }',
      'spec:',
      '  target: { alias: cluster-b, bootstrapServers: "b:9092", groupId: g, configStorageTopic: c, statusStorageTopic: s, offsetStorageTopic: o }',
      '  mirrors:',
      '    - source: { alias: cluster-a, bootstrapServers: "a:9092" }',
      '      checkpointConnector: {}',
    );
    const c = ok(yaml('mirrors:', '  - strimzi: { file: kmm2.yaml }'), { [CR]: v1 });
    expect(c.mirrors[0]?.id).toBe('cluster-a->cluster-b');
    expect(c.clusters['cluster-b']?.bootstrap).toEqual(['b:9092']);
  });
});
