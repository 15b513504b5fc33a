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
