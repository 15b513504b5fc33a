// The local chat shell: the same /mm2 commands in a terminal, from piped input.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runShell } from '../../src/composition-root.ts';
import type { AuditRecord } from '../../src/runtime/audit.ts';
import { EAST, FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL, withFindings } from '../slack/fake-doctor.ts';

async function shell(lines: string[], doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, withFindings(healthyDiagnosis(EAST), [])]])) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const audit: AuditRecord[] = [];
  const done = runShell({ doctor, config: {}, input, output, interactive: false, audit: (r) => audit.push(r) });
  input.end(`${lines.join('\n')}\n`);
  const code = await done;
  return { code, out, audit, doctor };
}

describe('mm2-doctor shell', () => {
  it('accepts `/mm2 diagnose svl` and `diagnose svl` alike', async () => {
    const { code, out, doctor, audit } = await shell(['/mm2 diagnose svl', 'diagnose svl']);
    expect(code).toBe(0);
    expect(doctor.calls.map((c) => c.ref)).toEqual(['svl->confluent', 'svl->confluent']);
    expect(out.match(/svl->confluent \(svl -> confluent\): CRITICAL/g)).toHaveLength(2);
    expect(out).toContain('Diagnosing svl->confluent…');
    expect(audit.map((a) => [a.transport, a.command, a.mirror, a.verdict])).toEqual([
      ['shell', 'diagnose', 'svl->confluent', 'critical'],
      ['shell', 'diagnose', 'svl->confluent', 'critical'],
    ]);
  });

  it('runs status, groups, checkpoints and help', async () => {
    const { out } = await shell(['status', 'groups svl', 'checkpoints svl', 'help']);
    expect(out).toMatch(/MIRROR\s+VERDICT\s+ROOT CAUSE/);
    expect(out).toMatch(/east->west\s+ok/);
    expect(out).toContain('app-orders (Empty): not checkpointed');
    expect(out).toContain('0 checkpoint(s) in svl.checkpoints.internal');
    expect(out).toContain('/mm2 diagnose <mirror>');
  });

  it('explains log lines pasted after `explain`, up to an empty line', async () => {
    const { out, audit } = await shell([
      'explain',
      '2025-06-02 09:12:01,118 INFO [svl->confluent.MirrorCheckpointConnector|worker] Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector) [connector-thread-svl->confluent.MirrorCheckpointConnector]',
      '',
      'exit',
    ]);
    expect(out).toMatch(/cause/i);
    expect(out).toMatch(/0 consumer groups/);
    expect(audit[0]).toMatchObject({ command: 'explain', args: [], outcome: 'ok' });
    expect(audit[0]?.pastedChars).toBeGreaterThan(100);
  });

  it('answers unknown and malformed commands with usage help', async () => {
    const { out, audit } = await shell(['frobnicate', 'diagnose', 'diagnose “svl”   extra']);
    expect(out).toContain('Unknown command frobnicate.');
    expect(out).toContain('diagnose needs 1 argument');
    expect(out).toContain('diagnose takes 1 argument');
    expect(audit.map((a) => a.outcome)).toEqual(['usage', 'usage', 'usage']);
    expect(out).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });

  it('says watches live in Slack threads', async () => {
    const { out } = await shell(['watch svl 30m']);
    expect(out).toContain('Watches post into a thread');
  });
});
