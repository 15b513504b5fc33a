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
import { importGraph } from '../support/import-graph.ts';

const WRITES = /\b(createTopics|createPartitions|deleteTopics|deleteGroups|deleteTopicRecords|setOffsets|resetOffsets|alterConfigs|incrementalAlterConfigs|createAcls|deleteAcls|commitOffsets|alterPartitionReassignments)\s*\(|resolveOffsets\s*:\s*true|\.producer\s*\(|\.consumer\s*\(/;

describe('a diagnosis is read-only', () => {
  const files = [...importGraph(path.join(PROJECT_ROOT, 'src/doctor/create-doctor.ts'), { dynamic: true }).files].map((f) => path.relative(PROJECT_ROOT, f));

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
