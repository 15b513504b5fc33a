/** Known MM2 bugs by version: per row, affected + symptom → a finding naming the fix; fixed version or no symptom → none. */
import { describe, expect, it } from 'vitest';
import { knownBugs } from '../../src/checks/known-bugs.ts';
import { KNOWN_BUGS, fixFor, isAffected, type KnownBugId } from '../../src/mm2/known-bugs.ts';
import { kafkaVersion } from '../../src/mm2/version.ts';
import type { Facts } from '../../src/model/facts.ts';
import * as fx from '../fixtures/facts.ts';

const { fixGroup, fixSync, fixLogEntry, NOW, MIN } = fx;
const h = fx.fixHealthyFacts;
const at = (f: Facts, v: string) => fx.withKafkaVersion(f, v);
const bugsIn = (f: Facts) => knownBugs.run(f).map((x) => x.subject?.pattern);

/** Per row: facts that show the symptom, the affected version to run them at, a fixed version. */
const CASES: Record<KnownBugId, { symptom: () => Facts; affected: string; fixed: string; fix: string }> = {
  'KAFKA-15607': {
    symptom: () =>
      fx.withLogs(fx.withCheckpointConfig(h(), { 'sync.group.offsets.enabled': 'true' }), [
        fixLogEntry('sync-offsets-failed', 'cause', 'ERROR Scheduler for MirrorCheckpointTask: svl->confluent|svl->confluent.MirrorCheckpointConnector-0 caught exception in scheduled task: sync idle consumer group offset from source to target', { exceptions: ['NullPointerException'] }),
      ]),
    affected: '3.6.0',
    fixed: '3.6.1',
    fix: '3.6.1',
  },
  'KAFKA-15202': {
    // Irregular syncs (a burst after a gap): the 3.5.1 store drops the sync a lagging group needs.
    symptom: () => {
      // (Found by replaying both stores over random spacings: the 3.5.1 store keeps sync 2 for 209, the fixed one 209 itself.)
      const ups = [1, 4, 7, 41, 42, 44, 45, 174, 176, 202, 204, 207, 209, 347, 349, 350, 447, 448, 449, 450, 452, 453, 454, 456, 458, 583, 584, 587];
      const syncs = ups.map((u, i) => fixSync('orders', 0, BigInt(u), BigInt(u), NOW - 30 * MIN, BigInt(i)));
      return fx.withGroups(fx.withSyncRecords(h(), syncs), [fixGroup('app-orders', { offsets: [['orders', 0, 209n]] })]);
    },
    affected: '3.5.1',
    fixed: '3.5.2',
    fix: '3.5.2',
  },
  'KAFKA-15906': {
    // The group is at the log end (1500) of an idle partition; the newest sync is at 1450.
    symptom: () => fx.withEndOffsets(fx.withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n]] })]), [['orders', 0, 1500n]]),
    affected: '3.6.2',
    fixed: '3.7.0',
    fix: '3.7.0',
  },
  'KAFKA-15905': {
    // An idle group at 1100, behind the newest sync (1450, 20 min old), with no checkpoint for it.
    symptom: () => fx.withCheckpointRecords(fx.withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 0, 1100n]] })]), []),
    affected: '3.7.0',
    fixed: '3.7.1',
    fix: '3.7.1',
  },
  'KAFKA-17232': {
    symptom: () =>
      fx.withLogs(fx.withCheckpointConnector(h(), { tasks: [] }), [
        fixLogEntry('groups-load-timeout', 'cause', 'ERROR Scheduler for MirrorCheckpointConnector: svl->confluent|MirrorCheckpointConnector timed out running task: loading initial consumer groups', { title: 'Checkpoint connector loading initial consumer groups timed out' }),
      ]),
    affected: '3.8.1',
    fixed: '3.9.0',
    fix: '3.9.0',
  },
  'KAFKA-17242': {
    symptom: () => fx.withLogs(h(), [fixLogEntry('offset-sync-store-failed', 'cause', 'ERROR Scheduler for MirrorCheckpointTask: svl->confluent|svl->confluent.MirrorCheckpointConnector-0 timed out running task: starting offset sync store')]),
    affected: '3.5.2',
    fixed: '3.9.0',
    fix: '3.9.0',
  },
  'KAFKA-18021': {
    // enabled=false, yet the checkpoint task still runs (the connector cannot publish an empty task list).
    symptom: () => fx.withSettings(h(), { enabled: 'false' }),
    affected: '3.9.0',
    fixed: '4.0.0',
    fix: '4.0.0',
  },
};

describe('the known-bugs table', () => {
  it('has a case here for every row', () => {
    expect(Object.keys(CASES).sort()).toEqual(KNOWN_BUGS.map((b) => b.jira).sort());
  });
  it('says which versions are affected and names the fix of the running line', () => {
    const b = KNOWN_BUGS.find((x) => x.jira === 'KAFKA-15607')!;
    expect(['3.5.0', '3.5.1', '3.6.0'].map((v) => isAffected(b, kafkaVersion(v)))).toEqual([true, true, true]);
    expect(['3.5.2', '3.6.1', '3.7.0', '3.9.0'].map((v) => isAffected(b, kafkaVersion(v)))).toEqual([false, false, false, false]);
    expect(fixFor(b, kafkaVersion('3.5.1'))).toBe('3.5.2');
    expect(fixFor(b, kafkaVersion('3.6.0'))).toBe('3.6.1');
    expect(fixFor(KNOWN_BUGS.find((x) => x.jira === 'KAFKA-15905')!, kafkaVersion('3.6.2'))).toBe('3.7.1');
  });
});

describe.each(Object.entries(CASES))('%s', (jira, c) => {
  it(`affected (${c.affected}) with the symptom → a finding that names the fix`, () => {
    const found = knownBugs.run(at(c.symptom(), c.affected)).filter((f) => f.subject?.pattern === jira);
    expect(found).toHaveLength(1);
    expect(found[0]!.code).toBe('known-mm2-bug');
    expect(found[0]!.title).toContain(`fixed in ${c.fix}`);
    expect(found[0]!.subject?.setting).toBe(`Kafka ${c.fix}`);
  });
  it(`fixed version (${c.fixed}) with the same symptom → none`, () => {
    expect(bugsIn(at(c.symptom(), c.fixed))).not.toContain(jira);
  });
  it(`affected (${c.affected}) without the symptom → none`, () => {
    expect(bugsIn(at(h(), c.affected))).not.toContain(jira);
  });
});
