// The shared pipeline: access before anything, one audit line per command, errors as references.
import { describe, expect, it } from 'vitest';
import { commandRegistry } from '../../src/composition-root.ts';
import { createAccessPolicy } from '../../src/runtime/access.ts';
import type { AuditRecord } from '../../src/runtime/audit.ts';
import { createRedactor } from '../../src/runtime/redact.ts';
import { runCommand, type RunnerDeps } from '../../src/runtime/runner.ts';
import { explainLogs } from '../../src/logs/explain.ts';
import { EAST, FakeDoctor, seedDiagnosis, SVL } from '../slack/fake-doctor.ts';

function deps(doctor: FakeDoctor, rules?: Parameters<typeof createAccessPolicy>[0]) {
  const audit: AuditRecord[] = [];
  const errors: string[] = [];
  const d: RunnerDeps = {
    doctor,
    registry: commandRegistry(),
    policy: createAccessPolicy(rules),
    audit: (r) => audit.push(r),
    explainLogs,
    redactor: createRedactor(['s3cret-value']),
    logError: (ref, m) => errors.push(`${ref} ${m}`),
  };
  return { d, audit, errors };
}

const req = (text: string) => ({ text, transport: 'shell' as const, via: 'test', user: 'U1', channel: 'C1' });

describe('runCommand', () => {
  it('turns an unexpected error into a reference, logs it redacted, and audits it', async () => {
    const doctor = FakeDoctor.of([[SVL, () => { throw new Error('boom with s3cret-value'); }]]);
    const { d, audit, errors } = deps(doctor);
    const out = await runCommand(req('diagnose svl'), d);

    expect(out.result).toMatchObject({ kind: 'error' });
    const ref = out.result.kind === 'error' ? out.result.ref : '';
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    expect(errors[0]).toMatch(new RegExp(`^${ref} Error: boom with \\[redacted\\]`));
    expect(audit).toMatchObject([{ command: 'diagnose', mirror: 'svl->confluent', outcome: 'error', errorRef: ref }]);
  });

  it('gives the canonical command text for Re-run', async () => {
    const { d } = deps(FakeDoctor.of([[SVL, seedDiagnosis()]]));
    expect((await runCommand(req('d  svl'), d)).commandText).toBe('diagnose svl->confluent');
    expect((await runCommand(req('checkpoints svl "my group"'), d)).commandText).toBe('checkpoints svl->confluent "my group"');
  });

  it('checks access before resolving or diagnosing anything', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, seedDiagnosis(EAST)]]);
    const { d, audit } = deps(doctor, [{ users: ['U2'] }]);
    const out = await runCommand(req('diagnose nosuch'), d);
    expect(out.result.kind).toBe('denied');
    expect(doctor.calls).toEqual([]);
    expect(audit[0]?.outcome).toBe('denied');
  });

  it('lists only the mirrors the caller may see in usage help', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, seedDiagnosis(EAST)]]);
    const { d } = deps(doctor, [{ users: ['U1'], mirrors: ['east'] }]);
    const out = await runCommand(req('diagnose'), d);
    expect(out.result).toMatchObject({ kind: 'help', mirrors: ['east->west'], problem: expect.stringContaining('needs 1 argument') });
  });
});
