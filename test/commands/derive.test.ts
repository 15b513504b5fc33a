// groups and checkpoints derive their rows from the diagnosis alone (facts + findings).
import { describe, expect, it } from 'vitest';
import { checkpointRows } from '../../commands/checkpoints.ts';
import { groupRows } from '../../commands/groups.ts';
import { fixCheckpoint, fixGroup, fixHealthyFacts, MIN, NOW, withCheckpointRecords, withGroups } from '../fixtures/facts.ts';
import { diagnosisOf, seedDiagnosis } from '../slack/fake-doctor.ts';

describe('groups rows', () => {
  it('the seed case: the one group is not checkpointed, and the finding naming it says why', () => {
    const { rows, unavailable } = groupRows(seedDiagnosis());
    expect(unavailable).toBeUndefined();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ group: 'app-orders', state: 'Empty', checkpointed: false });
    expect(rows[0]?.reasons.length).toBeGreaterThan(0);
  });

  it('a healthy mirror: groups checkpointed with the age of their newest checkpoint, connect groups left out', () => {
    const facts = withGroups(fixHealthyFacts(), [
      fixGroup('app-orders', { offsets: [['orders', 0, 1500n]] }),
      fixGroup('app-payments', { offsets: [['payments', 0, 300n]] }),
      fixGroup('connect-cluster', { protocolType: 'connect' }),
    ]);
    const { rows } = groupRows(diagnosisOf(facts));
    expect(rows.map((r) => [r.group, r.checkpointed, r.lastCheckpointAgeMs])).toEqual([
      ['app-orders', true, 2 * MIN],
      ['app-payments', true, 2 * MIN],
    ]);
  });

  it('says so when groups could not be listed', () => {
    const d = seedDiagnosis();
    const facts = { ...d.facts, sourceGroups: { ok: false as const, error: { kind: 'not-authorized' as const, message: 'ListGroups denied on svl' }, ms: 3 } };
    expect(groupRows(diagnosisOf(facts)).unavailable).toBe('Groups on svl could not be listed: ListGroups denied on svl');
  });
});

describe('checkpoint rows', () => {
  it('keeps the newest record per group, topic and partition, sorted, with its age', () => {
    const facts = withCheckpointRecords(fixHealthyFacts(), [
      fixCheckpoint('b-group', 'svl.orders', 1, 10n, 9n, NOW - 10 * MIN, 0n),
      fixCheckpoint('a-group', 'svl.orders', 0, 10n, 9n, NOW - 9 * MIN, 1n),
      fixCheckpoint('b-group', 'svl.orders', 1, 20n, 19n, NOW - MIN, 2n),
    ]);
    const { rows } = checkpointRows(diagnosisOf(facts));
    expect(rows.map((r) => [r.group, r.partition, r.upstreamOffset, r.ageMs])).toEqual([
      ['a-group', 0, 10n, 9 * MIN],
      ['b-group', 1, 20n, MIN],
    ]);
    expect(checkpointRows(diagnosisOf(facts), 'a-group').rows).toHaveLength(1);
  });
});
