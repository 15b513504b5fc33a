/**
 * vitest globalSetup for the `lab` project: one real lab (KRaft `svl` and `confluent`, a Connect
 * worker on `confluent`) for every lab test file. Test files attach with `useLab()`.
 * Teardown stops it and fails the run if any JVM of it is still alive.
 */
import type { TestProject } from 'vitest/node';
import { Lab, type LabInfo } from '../../src/lab/lab.ts';
import { findLabJvms } from '../../src/lab/jvm.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  // Fails loudly (never skips) when Java or Maven is missing: LabToolchainError says which.
  const lab = await Lab.start({ log: (l) => console.log(`[lab +${Date.now() - t0}ms] ${l}`) });
  console.log(`[lab] Kafka ${lab.version} up in ${Date.now() - t0} ms at ${lab.dir}`);
  project.provide('lab', lab.info);
  return async () => {
    const dir = lab.dir;
    await lab.stop();
    const left = (await findLabJvms()).filter((j) => j.labDir === dir);
    if (left.length) throw new Error(`lab JVMs still running after the suite: ${left.map((j) => `${j.name}(${j.pid})`).join(', ')}`);
  };
}
