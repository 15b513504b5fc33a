/**
 * Scaffolding shared by the lab scenario files: isolated mirrors (their own aliases, topics and
 * groups, so scenarios never see each other), a checkpoint counter, and cleanup after the file.
 */
import { afterAll } from 'vitest';
import type { Lab } from '../../src/lab/lab.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import { useLab } from './harness.ts';

export interface ScenarioKit {
  lab: Lab;
  src: string;
  tgt: string;
  /** Runs after the file, newest first. */
  cleanups: (() => Promise<unknown>)[];
  /** A mirror `<p>s` → `<p>t` replicating `<p>-.*` for groups `<p>-.*`, deleted after the file. */
  mirror(p: string, o?: Parameters<Lab['addMirror']>[0]): Promise<LabMirror>;
  /** Records in the mirror's checkpoints topic on the target (0 when it does not exist). */
  checkpointsOf(m: LabMirror): Promise<number>;
}

/** Call once at the top of a lab test file. */
export function scenarioKit(): ScenarioKit {
  const lab = useLab();
  const tgt = lab.connectCluster;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });
  const targetReader = new ReadOnlyKafka({ alias: tgt, bootstrap: [lab.bootstrap(tgt)], timeoutMs: 5_000 });
  cleanups.push(() => targetReader.close());
  return {
    lab,
    src: lab.sourceCluster,
    tgt,
    cleanups,
    async mirror(p, o = {}) {
      const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, ...o });
      cleanups.push(() => m.delete());
      return m;
    },
    async checkpointsOf(m) {
      const name = `${m.sourceAlias}.checkpoints.internal`;
      if (!(await targetReader.topics()).some((t) => t.name === name)) return 0;
      return (await targetReader.readPartition(name, 0, { maxRecords: 10_000 })).records.length;
    },
  };
}
