/**
 * `--log-format json`: one JSON object a line with level, time, message, the line's fields and the
 * audit record's, and no secret anywhere; `text` keeps the bot's old lines.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLog } from '../../src/observe/log.ts';
import { createRedactor } from '../../src/runtime/redact.ts';
import type { AuditRecord } from '../../src/runtime/audit.ts';

const SECRET = 'xoxb-1234-secret-token';
const audit: AuditRecord = { ts: '2026-12-02T09:00:00.000Z', transport: 'slack', via: 'command', user: 'U0ALICE01', channel: 'C0MM2OPS1', command: 'diagnose', args: ['svl'], mirror: 'svl->confluent', outcome: 'ok', verdict: 'critical', rootCause: 'no-consumer-groups', durationMs: 812 };

function jsonLog() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, cb) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    cb();
  } });
  const log = createLog({ format: 'json', redactor: createRedactor([SECRET]), destination });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: () => lines.join('\n') };
}

describe('json', () => {
  it('writes one object a line: level as a word, ISO time, msg, and the fields given', () => {
    const { log, lines } = jsonLog();
    log.info('digest morning posted for 2026-12-02T08:00:00.000Z', { schedule: 'morning', slot: '2026-12-02T08:00:00.000Z', late: true });
    log.child({ mirror: 'svl->confluent' }).warn('metrics refresh failed');
    const [a, b] = lines();
    expect(a).toMatchObject({ level: 'info', msg: 'digest morning posted for 2026-12-02T08:00:00.000Z', schedule: 'morning', slot: '2026-12-02T08:00:00.000Z', late: true, name: 'mm2-doctor' });
    expect(Number.isNaN(Date.parse(String(a!.time)))).toBe(false);
    expect(String(a!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(b).toMatchObject({ level: 'warn', mirror: 'svl->confluent' });
  });

  it('an audit record is one line with its fields, and mirror and command on top', () => {
    const { log, lines } = jsonLog();
    log.audit(audit);
    const [a] = lines();
    expect(a).toMatchObject({ level: 'info', msg: 'audit', mirror: 'svl->confluent', command: 'diagnose', audit: { user: 'U0ALICE01', verdict: 'critical', rootCause: 'no-consumer-groups', durationMs: 812 } });
  });

  it('keeps secrets out: in the message, in fields, in an error\'s stack, and under secret-named keys', () => {
    const { log, raw } = jsonLog();
    log.error(`auth.test with ${SECRET} failed`, new Error(`invalid_auth for ${SECRET}`), { detail: { note: `token ${SECRET}` } });
    log.info('config', { password: 'hunter2-is-long', nested: { token: 'abc-def-ghi' } });
    expect(raw()).not.toContain(SECRET);
    expect(raw()).not.toContain('hunter2-is-long');
    expect(raw()).not.toContain('abc-def-ghi');
    expect(raw()).toContain('[redacted]');
    expect(raw()).toContain('invalid_auth');
  });

  it('is Bolt-compatible: several values are joined, levels below the threshold dropped', () => {
    const { log, lines } = jsonLog();
    log.debug('not shown');
    log.warn('socket', 'reconnecting', 3);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ level: 'warn', msg: 'socket reconnecting 3' });
  });
});

describe('text', () => {
  it('writes the bot\'s old lines, fields as key=value, audit as its JSON line, redacted', () => {
    const out: string[] = [];
    const auditOut: string[] = [];
    const log = createLog({ format: 'text', redactor: createRedactor([SECRET]), text: { line: (s) => out.push(s), audit: (s) => auditOut.push(s) } });
    log.info(`posted with ${SECRET}`, { schedule: 'morning', slot: '2026-12-02T08:00:00.000Z' });
    log.audit(audit);
    expect(out).toEqual(['[INFO] mm2-doctor posted with [redacted] schedule=morning slot=2026-12-02T08:00:00.000Z']);
    expect(JSON.parse(auditOut[0]!)).toMatchObject({ audit: 'mm2-doctor', user: 'U0ALICE01', verdict: 'critical' });
  });
});
