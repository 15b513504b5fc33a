/**
 * A diagnosis is read-only. Every file a diagnosis can reach (the import graph from createDoctor)
 * is free of Kafka write calls, and neither the lab harness (which creates topics and commits
 * offsets on the lab's own clusters) nor the coordination client (which writes only on the bot's
 * own coordination cluster) is reachable from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

const WRITES = /\b(createTopics|createPartitions|deleteTopics|deleteGroups|deleteTopicRecords|setOffsets|resetOffsets|alterConfigs|incrementalAlterConfigs|createAcls|deleteAcls|commitOffsets|alterPartitionReassignments)\s*\(|resolveOffsets\s*:\s*true|\.producer\s*\(|\.consumer\s*\(/;

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
      const spec = m[1] ?? m[2]!;
      const target = path.resolve(path.dirname(file), spec);
      if (target.endsWith('.ts') && fs.existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe('a diagnosis is read-only', () => {
  const files = [...reachable(path.join(PROJECT_ROOT, 'src/doctor/create-doctor.ts'))].map((f) => path.relative(PROJECT_ROOT, f));

  it('reaches the gatherers and the Kafka adapter (the walk itself works)', () => {
    expect(files).toEqual(expect.arrayContaining(['src/gather/index.ts', 'src/kafka/read-only-kafka.ts', 'src/checks/index.ts']));
  });

  it('reaches neither the lab harness nor the coordination client (only their config schemas)', () => {
    const schemaOnly = (f: string) => /^src\/(coordination|schedule)\/(config|sections)\.ts$/.test(f);
    expect(files.filter((f) => (f.startsWith('src/lab/') || f.startsWith('src/coordination/') || f.startsWith('src/schedule/')) && !schemaOnly(f))).toEqual([]);
  });

  it('contains no Kafka write call, no producer or consumer, and never resolveOffsets: true', () => {
    const offenders = files.filter((f) => {
      const code = fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return WRITES.test(code);
    });
    expect(offenders).toEqual([]);
  });
});

describe('the target-side group read is read-only too (issue 10)', () => {
  it('is reached by a diagnosis and goes through the read-only adapter only', () => {
    const files = [...reachable(path.join(PROJECT_ROOT, 'src/doctor/create-doctor.ts'))].map((f) => path.relative(PROJECT_ROOT, f));
    expect(files).toEqual(expect.arrayContaining(['src/gather/target.ts', 'src/doctor/failover.ts']));
    const code = fs.readFileSync(path.join(PROJECT_ROOT, 'src/gather/target.ts'), 'utf8');
    expect(code).not.toMatch(/from 'kafkajs'/);
    expect(code).toMatch(/k\.groups\(\{ groupIds, classify \}\)/);
  });

  it('asks only DescribeGroups and OffsetFetch (never ListGroups, never resolveOffsets) for the named groups', async () => {
    const { ReadOnlyKafka } = await import('../../src/kafka/read-only-kafka.ts');
    const calls: string[] = [];
    const admin = new Proxy(
      {
        describeGroups: async (ids: string[]) => ({ groups: ids.map((groupId) => ({ groupId, state: groupId === 'app-orders' ? 'Stable' : 'Dead', protocolType: groupId === 'app-orders' ? 'consumer' : '', members: [] })) }),
        fetchOffsets: async (o: { groupId: string; resolveOffsets?: boolean }) => {
          if (o.resolveOffsets) throw new Error('resolveOffsets commits');
          return o.groupId === 'app-orders' ? [{ topic: 'svl.orders', partitions: [{ partition: 0, offset: '1451', metadata: '' }] }] : [];
        },
      } as Record<string, unknown>,
      {
        get(t, prop: string) {
          if (prop === 'then') return undefined; // awaited as a value, not a call
          calls.push(prop);
          if (!(prop in t)) throw new Error(`unexpected admin call ${prop}`);
          return t[prop];
        },
      },
    );
    const broker = { findGroupCoordinator: async () => ({}) };
    const cluster = { refreshMetadata: async () => {}, getNodeIds: () => [0], findBroker: async () => broker };
    const k = new ReadOnlyKafka({ alias: 'confluent', bootstrap: ['127.0.0.1:1'], timeoutMs: 1000 });
    Object.assign(k, { adminClient: admin, cluster });
    const groups = await k.groups({ groupIds: ['app-orders', 'gone', 'app-orders'], classify: (e) => ({ kind: 'error', message: String(e) }) });
    expect(groups.map((g) => [g.groupId, g.state, g.offsets.ok && g.offsets.value.map((o) => `${o.topic}-${o.partition}@${o.offset}`)])).toEqual([
      ['app-orders', 'Stable', ['svl.orders-0@1451']],
      ['gone', 'Dead', []],
    ]);
    expect([...new Set(calls)].sort()).toEqual(['describeGroups', 'fetchOffsets']);
  });
});
