/**
 * A diagnosis is read-only. dependency-cruiser (the same tool and config `npm test` runs for the
 * layer rules) computes every file a diagnosis can reach from createDoctor; none of them holds a
 * Kafka write call, and neither the lab harness (which creates topics and commits offsets on the
 * lab's own clusters) nor the coordination client (which writes only on the bot's own cluster) is
 * among them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cruise, type IModule } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

const WRITES = /\b(createTopics|createPartitions|deleteTopics|deleteGroups|deleteTopicRecords|setOffsets|resetOffsets|alterConfigs|incrementalAlterConfigs|createAcls|deleteAcls|commitOffsets|alterConsumerGroupOffsets|alterPartitionReassignments)\s*\(|resolveOffsets\s*:\s*true|\.producer\s*\(|\.consumer\s*\(/;
const ENTRY = 'src/doctor/create-doctor.ts';

/** Every source file reachable from `entry`, by dependency-cruiser's resolution (TS paths, type imports too). */
async function reachable(entry: string): Promise<string[]> {
  const result = await cruise([entry], {
    baseDir: PROJECT_ROOT,
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  });
  const modules = (result.output as { modules: IModule[] }).modules;
  return modules.map((m) => m.source).filter((s) => s.startsWith('src/'));
}

describe('a diagnosis is read-only', () => {
  let files: string[] = [];
  beforeAll(async () => {
    files = await reachable(ENTRY);
  }, 60_000);

  it('reaches the gatherers and the Kafka adapter (the walk itself works)', () => {
    expect(files).toEqual(expect.arrayContaining(['src/gather/index.ts', 'src/kafka/read-only-kafka.ts', 'src/checks/index.ts', 'src/gather/secrets.ts']));
  });

  it('reaches neither the lab harness nor the coordination client, nor any bot feature', () => {
    expect(files.filter((f) => /^src\/(lab|coordination|schedule|history|slack|shell|monitor|runtime)\//.test(f))).toEqual([]);
  });

  it('contains no Kafka write call, no producer or consumer, and never resolveOffsets: true', () => {
    const offenders = files.filter((f) => {
      const code = fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return WRITES.test(code);
    });
    expect(offenders).toEqual([]);
  });

  it('would catch a write call in a reachable file (the scan itself works)', () => {
    expect(WRITES.test('await admin.alterConsumerGroupOffsets({ groupId })')).toBe(true);
    expect(WRITES.test('kafka.producer()')).toBe(true);
    expect(WRITES.test('await admin.fetchOffsets({ groupId })')).toBe(false);
  });
});

describe('the target-side group read is read-only too (issue 10)', () => {
  it('is reached by a diagnosis and goes through the read-only adapter only', async () => {
    const files = await reachable(ENTRY);
    expect(files).toEqual(expect.arrayContaining(['src/gather/target.ts', 'src/doctor/failover.ts']));
    const code = fs.readFileSync(path.join(PROJECT_ROOT, 'src/gather/target.ts'), 'utf8');
    expect(code).not.toMatch(/from 'kafkajs'/);
    expect(code).toMatch(/k\.groups\(\{ groupIds, classify \}\)/);
  });

  it('asks only DescribeGroups and OffsetFetch (never ListGroups, never resolveOffsets) for the named groups', async () => {
    const { ReadOnlyKafka } = await import('../../src/kafka/read-only-kafka.ts');
    const calls: string[] = [];
    /** Records every property the adapter touches on `target`; anything not provided is an unexpected call. */
    const recorded = <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        get(t, prop: string) {
          if (prop === 'then') return undefined; // awaited as a value, not a call
          calls.push(`${name}.${prop}`);
          if (!(prop in t)) throw new Error(`unexpected call ${name}.${prop}`);
          return (t as Record<string, unknown>)[prop];
        },
      });
    // A broker without the batched versions (empty ApiVersions): the adapter asks one group at a time.
    const broker = recorded('broker', {
      nodeId: 0,
      versions: {},
      findGroupCoordinator: async () => ({}),
      describeGroups: async ({ groupIds }: { groupIds: string[] }) => ({
        groups: groupIds.map((groupId) => ({ groupId, state: groupId === 'app-orders' ? 'Stable' : 'Dead', protocolType: groupId === 'app-orders' ? 'consumer' : '', members: [] })),
      }),
      offsetFetch: async (o: { groupId: string }) => ({
        responses: o.groupId === 'app-orders' ? [{ topic: 'svl.orders', partitions: [{ partition: 0, offset: '1451', metadata: '' }] }] : [],
      }),
    });
    const cluster = recorded('cluster', {
      refreshMetadata: async () => {},
      getNodeIds: () => [0],
      findBroker: async () => broker,
      findGroupCoordinatorMetadata: async () => ({ coordinator: { nodeId: 0 } }),
    });
    const admin = recorded('admin', {});
    const k = new ReadOnlyKafka({ alias: 'confluent', bootstrap: ['127.0.0.1:1'], timeoutMs: 1000 });
    Object.assign(k, { adminClient: Promise.resolve(admin), cluster: Promise.resolve(cluster) });
    const groups = await k.groups({ groupIds: ['app-orders', 'gone', 'app-orders'], classify: (e) => ({ kind: 'error', message: String(e) }) });
    expect(groups.map((g) => [g.groupId, g.state, g.offsets.ok && g.offsets.value.map((o) => `${o.topic}-${o.partition}@${o.offset}`)])).toEqual([
      ['app-orders', 'Stable', ['svl.orders-0@1451']],
      ['gone', 'Dead', []],
    ]);
    const asked = new Set(calls);
    expect(asked.has('admin.listGroups')).toBe(false);
    expect([...asked].filter((c) => /describeGroups|offsetFetch|fetchOffsets/i.test(c)).sort()).toEqual(['broker.describeGroups', 'broker.offsetFetch']);
  });
});
