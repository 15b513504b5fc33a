// Every check passes these, so a new check gets the guarantees by being registered.
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, assertUniqueIds } from '../../src/checks/index.ts';
import { FINDING_CODES } from '../../src/model/finding.ts';
import type { Facts } from '../../src/model/facts.ts';
import { STEPS } from '../../src/runbook/steps.ts';
import * as fx from '../fixtures/facts.ts';

/** A spread of realistic situations, so "only emits its declared codes" is exercised on findings. */
function situations(): Array<[string, Facts]> {
  const h = fx.fixHealthyFacts();
  return [
    ['healthy', h],
    ['seed', fx.fixSeedFacts()],
    ['groups unlistable', fx.withGroupsUnlistable(fx.fixSeedFacts())],
    ['offset fetch denied', fx.withOffsetFetchDenied(h)],
    ['target unreachable', fx.withTargetUnreachable(h)],
    ['source unreachable', fx.withSourceUnreachable(h)],
    ['no connector', fx.withCheckpointConnector(h, null)],
    ['connector failed', fx.withCheckpointConnector(h, { state: 'FAILED', trace: 'org.apache.kafka.connect.errors.ConnectException: boom' })],
    ['emission off', fx.withSettings(h, { 'emit.checkpoints.enabled': 'false' })],
    ['topics missing', fx.withOffsetSyncsTopic(fx.withCheckpointsTopic(h, null), null)],
    ['topic misconfigured', fx.withCheckpointsTopic(h, { partitions: 3, configs: { 'cleanup.policy': 'delete' } })],
    ['lookalikes', fx.withLookalikes(h, [{ cluster: 'target', name: 'svl-checkpoints-internal' }, { cluster: 'source', name: 'mm2-offset-syncs.target.internal' }])],
    ['no syncs', fx.withSyncRecords(h, [])],
    ['all failed', fx.fixAllFailedFacts()],
  ];
}

describe('check registry', () => {
  it('has unique ids', () => {
    expect(() => assertUniqueIds(ALL_CHECKS)).not.toThrow();
    expect(new Set(ALL_CHECKS.map((c) => c.id)).size).toBe(ALL_CHECKS.length);
  });
  it('rejects a duplicate id', () => {
    const first = ALL_CHECKS[0];
    if (!first) throw new Error('empty registry');
    expect(() => assertUniqueIds([first, first])).toThrow(/duplicate check id/);
  });
  it('covers every finding code with some check', () => {
    const emitted = new Set(ALL_CHECKS.flatMap((c) => c.emits));
    expect(FINDING_CODES.filter((c) => !emitted.has(c))).toEqual([]);
  });
});

describe.each(ALL_CHECKS.map((c) => [c.id, c] as const))('%s contract', (_id, check) => {
  it('reports nothing critical or warning for a healthy mirror', () => {
    const bad = check.run(fx.fixHealthyFacts()).filter((f) => f.severity !== 'info');
    expect(bad).toEqual([]);
  });

  it.each(situations())('only emits its declared codes (%s)', (_name, facts) => {
    for (const f of check.run(facts)) expect(check.emits).toContain(f.code);
  });

  it.each(situations())('is deterministic and does not mutate the facts (%s)', (_name, facts) => {
    const before = structuredClone(facts);
    const a = check.run(facts);
    const b = check.run(facts);
    expect(b).toEqual(a);
    expect(facts).toEqual(before);
  });

  it('never throws when every gathered fact failed', () => {
    expect(() => check.run(fx.fixAllFailedFacts())).not.toThrow();
  });

  it('has runbook steps for every code it emits', () => {
    for (const code of check.emits) expect(STEPS[code]).toBeTypeOf('function');
  });

  it('gives every finding a title and evidence', () => {
    for (const [, facts] of situations()) {
      for (const f of check.run(facts)) {
        expect(f.title.length).toBeGreaterThan(10);
        expect(f.evidence.length).toBeGreaterThan(0);
      }
    }
  });
});
