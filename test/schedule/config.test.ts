import { describe, expect, it } from 'vitest';
import { formatConfigError } from '../../src/config/errors.ts';
import { parseAppConfig } from '../../src/config-sections.ts';

const BASE = `clusters:
  svl: { bootstrap: svl:9092 }
  confluent: { bootstrap: confluent:9092 }
  east: { bootstrap: east:9092 }
  ops: { bootstrap: ops:9092 }
mirrors:
  - { source: svl, target: confluent }
  - { source: east, target: confluent }
`;

function load(extra: string) {
  return parseAppConfig(BASE + extra, '/etc/mm2-doctor/mm2-doctor.yaml', { readFile: () => '' });
}

function errors(extra: string): string[] {
  const r = load(extra);
  return r.ok ? [] : r.errors.map(formatConfigError);
}

describe('digests:', () => {
  it('loads a digest with defaults and resolves its mirrors to canonical names', () => {
    const r = load(`digests:
  - name: morning
    channel: C0MM2OPS1
    cron: "0 8 * * 1-5"
    timezone: Europe/Berlin
    mirrors: [svl]
  - name: all
    channel: C0MM2OPS1
    cron: "*/5 * * * * *"
`);
    expect(r.ok && r.config.digests).toEqual([
      { name: 'morning', channel: 'C0MM2OPS1', cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', mirrors: ['svl->confluent'], mode: 'always' },
      { name: 'all', channel: 'C0MM2OPS1', cron: '*/5 * * * * *', timezone: 'UTC', mirrors: ['svl->confluent', 'east->confluent'], mode: 'always' },
    ]);
  });

  it('reports a wrong cron expression at its line and column with the field node-cron rejects', () => {
    expect(errors(`digests:
  - name: morning
    channel: C0MM2OPS1
    cron: "61 8 * * *"
`)).toEqual([`/etc/mm2-doctor/mm2-doctor.yaml:12:11: digests[0].cron: invalid cron expression '61 8 * * *': minute: 61 is a invalid expression for minute (5 fields "min hour day month weekday", or 6 with seconds first)`]);
  });

  it('reports a cron expression with the wrong number of fields', () => {
    expect(errors(`digests:
  - { name: x, channel: C0MM2OPS1, cron: "every morning" }
`)[0]).toMatch(/^\/etc\/mm2-doctor\/mm2-doctor\.yaml:10:42: digests\[0\]\.cron: invalid cron expression 'every morning': expected 5 or 6 fields/);
  });

  it('reports an unknown time zone at its position with a did-you-mean', () => {
    expect(errors(`digests:
  - name: morning
    channel: C0MM2OPS1
    cron: "0 8 * * *"
    timezone: Europe/Berln
`)).toEqual([`/etc/mm2-doctor/mm2-doctor.yaml:13:15: digests[0].timezone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?); expected an IANA name such as Europe/Berlin or UTC`]);
  });

  it('reports a mirror name that resolves to no mirror, at the list entry', () => {
    expect(errors(`digests:
  - { name: x, channel: C0MM2OPS1, cron: "0 8 * * *", mirrors: [svl, sv1] }
`)).toEqual([expect.stringMatching(/^\/etc\/mm2-doctor\/mm2-doctor\.yaml:10:70: digests\[0\]\.mirrors\[1\]: No mirror from sv1\. Did you mean svl\?/)]);
  });

  it('rejects two digests with one name', () => {
    expect(errors(`digests:
  - { name: a, channel: C0MM2OPS1, cron: "0 8 * * *" }
  - { name: a, channel: C0MM2OPS1, cron: "0 9 * * *" }
`)).toEqual([expect.stringMatching(/:11:13: digests\[1\]\.name: digest name 'a' is used twice$/)]);
  });

  it('rejects a channel name instead of an id, and an unknown mode with a did-you-mean', () => {
    expect(errors(`digests:
  - { name: a, channel: "#mm2-ops", cron: "0 9 * * *", mode: onchange }
`)).toEqual([
      expect.stringMatching(/:10:25: digests\[0\]\.channel: expected a channel id/),
      expect.stringMatching(/:10:62: digests\[0\]\.mode: unknown digest mode 'onchange' \(did you mean 'on-change'\?\)/),
    ]);
  });
});

describe('alerts:', () => {
  it('maps each routed mirror to the first route naming it', () => {
    const r = load(`alerts:
  routes:
    - { mirrors: [east], channel: C0KALERTS }
    - { mirrors: ["*"], channel: C0MM2OPS1 }
`);
    expect(r.ok && r.config.alerts).toEqual({
      intervalSeconds: 60,
      renotifyMinutes: 240,
      threshold: 'warning',
      routes: [
        { mirrors: ['east'], channel: 'C0KALERTS' },
        { mirrors: ['*'], channel: 'C0MM2OPS1' },
      ],
      channels: { 'east->confluent': 'C0KALERTS', 'svl->confluent': 'C0MM2OPS1' },
    });
  });

  it('rejects a threshold of ok and an interval below 5 s', () => {
    expect(errors(`alerts:
  intervalSeconds: 1
  threshold: ok
  routes: [{ channel: C0KALERTS }]
`)).toEqual([expect.stringMatching(/:10:20: alerts\.intervalSeconds: expected an integer >= 5/), expect.stringMatching(/:11:14: alerts\.threshold: unknown alert threshold 'ok'/)]);
  });
});

describe('history: and coordination:', () => {
  it('makes history.file absolute relative to the config file and applies defaults', () => {
    const r = load(`history: { file: state/history.jsonl }\n`);
    expect(r.ok && r.config.history).toEqual({ file: '/etc/mm2-doctor/state/history.jsonl', retentionDays: 30, maxEntriesPerMirror: 2000 });
  });

  it('loads coordination with defaults on the bot cluster', () => {
    const r = load(`coordination: { cluster: ops }\n`);
    expect(r.ok && r.config.coordination).toEqual({ cluster: 'ops', topic: 'mm2-doctor.coordination', stateTopic: 'mm2-doctor.state', group: 'mm2-doctor', sessionTimeoutMs: 10_000, catchUpMinutes: 30 });
    expect(r.ok && r.config.warnings).toEqual([]);
  });

  it('reports an unknown coordination cluster with a did-you-mean', () => {
    expect(errors(`coordination: { cluster: opz }\n`)).toEqual([expect.stringMatching(/:9:26: coordination\.cluster: unknown cluster alias 'opz' \(did you mean 'ops'\?\)/)]);
  });

  it('warns when the coordination cluster is also a diagnosis target, naming what it will create there', () => {
    const r = load(`coordination: { cluster: confluent }\n`);
    expect(r.ok && r.config.warnings.map(formatConfigError)).toEqual([
      expect.stringMatching(/coordination\.cluster 'confluent' is also a cluster of svl->confluent, east->confluent: mm2-doctor will create its topics mm2-doctor\.coordination and mm2-doctor\.state and its group mm2-doctor there/),
    ]);
  });

  it('rejects a session timeout the broker would refuse', () => {
    expect(errors(`coordination: { cluster: ops, sessionTimeoutMs: 1000 }\n`)).toEqual([expect.stringMatching(/coordination\.sessionTimeoutMs: expected an integer >= 6000/)]);
  });
});
