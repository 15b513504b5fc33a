import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/checks/check.ts';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { buildReport } from '../../src/doctor/report.ts';
import { causalRank } from '../../src/model/finding.ts';
import type { Finding } from '../../src/model/finding.ts';
import * as fx from '../fixtures/facts.ts';

const codes = (fs: Finding[]) => fs.map((f) => f.code);

describe('buildReport on the seed case', () => {
  const report = buildReport(fx.fixSeedFacts(), ALL_CHECKS);

  it('names no-consumer-groups as the critical root cause', () => {
    expect(report.verdict).toBe('critical');
    expect(report.rootCause?.code).toBe('no-consumer-groups');
    expect(report.rootCause?.severity).toBe('critical');
    expect(report.findings[0]).toBe(report.rootCause);
  });

  it('keeps the consequence, the drops and the red herring, in causal order', () => {
    expect(codes(report.findings)).toEqual(['no-consumer-groups', 'checkpoint-connector-no-tasks', 'network-instability', 'log-red-herring']);
    expect(report.findings.find((f) => f.code === 'checkpoint-connector-no-tasks')?.severity).toBe('info');
  });

  it('has no errors and evaluates every check', () => {
    expect(report.errors).toEqual([]);
    expect(report.notEvaluated).toEqual([]);
    expect(report.mirror).toEqual({ name: 'svl', sourceAlias: 'svl', targetAlias: 'confluent' });
  });
});

describe('buildReport verdicts', () => {
  it('is ok for a healthy mirror, with no root cause', () => {
    const r = buildReport(fx.fixHealthyFacts(), ALL_CHECKS);
    expect(r.verdict).toBe('ok');
    expect(r.rootCause).toBeNull();
    // MM2 writes no target offsets there (sync.group.offsets.enabled defaults to false): info only.
    expect(codes(r.findings)).toEqual(['groups-excluded-by-filter', 'target-sync-disabled', 'checkpoints-flowing']);
    // No logs were given: those checks are not evaluated, and that alone does not make the verdict unknown.
    expect(r.notEvaluated).toEqual([
      { check: 'log-causes', missing: ['logs'] },
      { check: 'target-sync-not-authorized', missing: ['logs'] },
      { check: 'log-red-herring', missing: ['logs'] },
    ]);
  });

  it('is unknown with not-authorized when the groups cannot be listed, never no-consumer-groups', () => {
    const r = buildReport(fx.withGroupsUnlistable(fx.fixSeedFacts()), ALL_CHECKS);
    expect(r.verdict).toBe('unknown');
    expect(r.rootCause?.code).toBe('not-authorized');
    expect(codes(r.findings)).not.toContain('no-consumer-groups');
    expect(r.notEvaluated).toContainEqual({ check: 'consumer-groups', missing: ['sourceGroups'] });
    expect(r.unavailable.map((u) => u.fact)).toEqual(['sourceGroups']);
  });

  it('is unknown with not-authorized when OffsetFetch is denied, never no-consumer-groups', () => {
    const r = buildReport(fx.withOffsetFetchDenied(fx.fixSeedFacts()), ALL_CHECKS);
    expect(r.verdict).toBe('unknown');
    expect(r.rootCause?.code).toBe('not-authorized');
    expect(codes(r.findings)).not.toContain('no-consumer-groups');
  });

  it('is unknown when groups could not be listed for another reason (timeout); the logs\' 0 groups is kept as a warning from the logs', () => {
    const r = buildReport(fx.withGroupsUnlistable(fx.fixSeedFacts(), 'timeout'), ALL_CHECKS);
    expect(r.verdict).toBe('unknown');
    const fromLogs = r.findings.filter((f) => f.code === 'no-consumer-groups');
    expect(fromLogs).toHaveLength(1);
    expect(fromLogs[0]).toMatchObject({ severity: 'warning', title: 'From the logs: Checkpoint connector started with 0 consumer groups' });
    expect(fromLogs[0]?.evidence.find((e) => e.label === 'not checked live')?.value).toMatch(/^sourceGroups: timeout /);
  });

  it('names target-unreachable as root cause when the target is down', () => {
    const r = buildReport(fx.withTargetUnreachable(fx.fixHealthyFacts()), ALL_CHECKS);
    expect(r.verdict).toBe('critical');
    expect(r.rootCause?.code).toBe('target-unreachable');
    expect(r.notEvaluated.map((n) => n.check)).toEqual(expect.arrayContaining(['checkpoints-topic-exists', 'checkpoints-flowing']));
  });

  it('is warning when only warnings are found', () => {
    const r = buildReport(fx.withCheckpointsTopic(fx.fixHealthyFacts(), { partitions: 3 }), ALL_CHECKS);
    expect(r.verdict).toBe('warning');
    expect(r.rootCause?.code).toBe('checkpoints-topic-misconfigured');
  });

  it('blames disabled emission, not the connector 3.9 then refuses to create (KIP-1031)', () => {
    const f = fx.withCheckpointConnector(fx.withSettings(fx.fixHealthyFacts(), { 'emit.checkpoints.enabled': 'false' }), null);
    const r = buildReport(f, ALL_CHECKS);
    expect(r.rootCause?.code).toBe('checkpoints-disabled');
    expect(codes(r.findings)).toContain('checkpoint-connector-missing');
  });

  it('prefers the earlier link of the causal chain among criticals', () => {
    // Connector missing (connector stage) beats empty offset syncs (sync stage) and a missing topic.
    let f = fx.withCheckpointConnector(fx.fixHealthyFacts(), null);
    f = fx.withSyncRecords(fx.withOffsetSyncsTopic(f, { offsets: [{ partition: 0, start: 0n, end: 0n }] }), []);
    f = fx.withCheckpointsTopic(f, null);
    const r = buildReport(f, ALL_CHECKS);
    expect(r.rootCause?.code).toBe('checkpoint-connector-missing');
    const ranks = r.findings.slice(1).map((x) => causalRank(x.code));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});

describe('causal rank (FINDINGS)', () => {
  it('follows the §8 chain: reachability, auth, emission, connector, config, groups, syncs, translation, topic, staleness, network/logs, flowing', () => {
    const chain = [
      'target-unreachable',
      'not-authorized',
      'checkpoints-disabled',
      'checkpoint-connector-missing',
      'connector-config-mismatch',
      'no-consumer-groups',
      'offset-syncs-empty',
      'translation-impossible',
      'checkpoints-topic-misconfigured',
      'checkpoints-stale',
      'network-instability',
      'checkpoints-flowing',
    ] as const;
    const ranks = chain.map((c) => causalRank(c));
    for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThan(ranks[i - 1] ?? -1);
  });
});

describe('buildReport robustness', () => {
  const boom: Check = { id: 'boom', emits: ['checkpoints-flowing'], needs: [], run: () => { throw new Error('kaput'); } };
  const liar: Check = { id: 'liar', emits: ['checkpoints-flowing'], needs: [], run: () => [{ code: 'no-consumer-groups', severity: 'critical', title: 'not mine to say', evidence: [] }] };
  const needy: Check = { id: 'needy', emits: ['checkpoints-flowing'], needs: ['connect', 'sourceGroups'], run: () => [] };

  it('turns a throwing check into an error entry and an unknown verdict', () => {
    const r = buildReport(fx.fixHealthyFacts(), [...ALL_CHECKS, boom]);
    expect(r.errors).toEqual([{ check: 'boom', message: 'kaput' }]);
    expect(r.verdict).toBe('unknown');
  });

  it('drops findings with undeclared codes and records the violation', () => {
    const r = buildReport(fx.fixHealthyFacts(), [liar]);
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([{ check: 'liar', message: 'emitted undeclared code no-consumer-groups' }]);
  });

  it('does not run a check whose facts are missing, and lists exactly the missing ones', () => {
    const r = buildReport(fx.withoutConnect(fx.withGroupsUnlistable(fx.fixHealthyFacts())), [needy]);
    expect(r.notEvaluated).toEqual([{ check: 'needy', missing: ['connect', 'sourceGroups'] }]);
    expect(r.verdict).toBe('unknown');
  });

  it('is not unknown when the only missing fact was never configured', () => {
    const r = buildReport(fx.withoutConnect(fx.fixHealthyFacts()), [needy]);
    expect(r.notEvaluated).toEqual([{ check: 'needy', missing: ['connect'] }]);
    expect(r.verdict).toBe('ok');
  });

  it('never throws when every fact failed, and blames reachability', () => {
    const r = buildReport(fx.fixAllFailedFacts(), ALL_CHECKS);
    expect(r.verdict).toBe('critical');
    expect(r.rootCause?.code).toBe('source-unreachable');
    expect(r.errors).toEqual([]);
  });

  it('uses the slowest gather as duration unless told', () => {
    expect(buildReport(fx.fixAllFailedFacts(), []).durationMs).toBe(30);
    expect(buildReport(fx.fixHealthyFacts(), [], { durationMs: 1234 }).durationMs).toBe(1234);
  });
});
