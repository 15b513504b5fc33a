/**
 * Many people, one answer (issue 13), against real Kafka, Connect and MM2: concurrent diagnoses
 * of one mirror share one gathering, Kafka connections stay open between diagnoses (closed when
 * idle, rebuilt after a failure), and a recent result is reused when asked for, saying its age.
 */
import { freePort } from '../../src/lab/ports.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { ClusterPool } from '../../src/gather/pool.ts';
import { commitGroups, produce } from '../../src/lab/clients.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import type { Doctor, MirrorRef } from '../../src/model/diagnosis.ts';
import type { Progress } from '../../src/model/progress.ts';
import { writeLabConfig } from '../lab/diagnose.ts';
import { sleep, uniqueName } from '../lab/harness.ts';
import { scenarioKit } from '../lab/scenario.ts';

const { lab, src, mirror } = scenarioKit();
let m: LabMirror;
let config: Config;
let p: string;

async function configFor(opts: Parameters<typeof writeLabConfig>[2] = {}): Promise<Config> {
  const loaded = loadConfig(await writeLabConfig(lab, m, opts));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

async function withDoctor(c: Config, pool: ClusterPool, fn: (doctor: Doctor, ref: MirrorRef) => Promise<void>): Promise<void> {
  const doctor = createDoctor(c, { pool });
  try {
    await fn(doctor, doctor.resolve(`${m.sourceAlias}->${m.targetAlias}`));
  } finally {
    await doctor.close();
  }
}

/** A local port nothing listens on. */
beforeAll(async () => {
  p = uniqueName('share');
  m = await mirror(p);
  await produce(lab.kafka(src), `${p}-orders`, 20, { create: { partitions: 1 } });
  config = await configFor();
});

describe('one doctor, many callers, on the real lab', () => {
  it('concurrent diagnoses of one mirror share one gathering on one connection per cluster; the next call gathers again on the same connections', async () => {
    const pool = new ClusterPool({ idleMs: 60_000 });
    await withDoctor(config, pool, async (doctor, ref) => {
      const ds = await Promise.all(Array.from({ length: 5 }, () => doctor.diagnose(ref)));
      expect(new Set(ds.map((d) => d.facts)).size).toBe(1);
      expect(ds[0]!.facts.source.ok && ds[0]!.facts.target.ok).toBe(true);
      expect(pool.stats).toEqual({ created: 2, open: 2 });
      const next = await doctor.diagnose(ref);
      expect(next.facts).not.toBe(ds[0]!.facts);
      expect(next.facts.now).toBeGreaterThanOrEqual(ds[0]!.facts.now);
      expect(pool.stats).toEqual({ created: 2, open: 2 });
    });
    expect(pool.stats.open).toBe(0); // close() closed them
  });

  it('every caller of the shared gathering hears its stages, with the number of groups the source listed', async () => {
    await commitGroups(lab.bootstrap(src), Array.from({ length: 25 }, (_, i) => ({ groupId: `${p}-app-${i}`, topic: `${p}-orders`, offsets: [i] })));
    await withDoctor(config, new ClusterPool({ idleMs: 60_000 }), async (doctor, ref) => {
      const heard: Progress[][] = [[], [], []];
      const ds = await Promise.all(heard.map((h) => doctor.diagnose(ref, { onProgress: (stage) => h.push(stage) })));
      expect(new Set(ds.map((d) => d.facts)).size).toBe(1);
      const groups = ds[0]!.facts.sourceGroups;
      if (!groups.ok) throw new Error(groups.error.message);
      expect(groups.value.length).toBeGreaterThanOrEqual(25);
      for (const h of heard) {
        expect(h).toContainEqual({ stage: 'groups', cluster: m.sourceAlias, groups: groups.value.length });
        expect(h.map((x) => x.stage)).toEqual(expect.arrayContaining(['clusters', 'groups']));
      }
      expect(heard[0]![0]).toEqual({ stage: 'clusters', source: m.sourceAlias, target: m.targetAlias });
    });
  });

  it("pasted logs are each caller's own, explained on top of the one shared gathering", async () => {
    await withDoctor(config, new ClusterPool({ idleMs: 60_000 }), async (doctor, ref) => {
      const log = '[2024-11-20 10:15:32,101] INFO [Worker clientId=connect-1] Disconnecting from node 1 due to request timeout. (org.apache.kafka.clients.NetworkClient)\n';
      const [plain, withLogs] = await Promise.all([doctor.diagnose(ref), doctor.diagnose(ref, { logsText: log.repeat(3) })]);
      expect(withLogs.facts.sourceGroups).toBe(plain.facts.sourceGroups);
      expect(plain.facts.logs).toBeUndefined();
      expect(withLogs.facts.logs?.parsed).toBe(3);
    });
  });

  it('maxAgeMs reuses the last result while it is young enough and says how old it is', async () => {
    await withDoctor(config, new ClusterPool({ idleMs: 60_000 }), async (doctor, ref) => {
      const first = await doctor.diagnose(ref, { maxAgeMs: 60_000 }); // nothing to reuse yet
      expect(first.ageMs).toBeLessThan(1_000);
      await sleep(300);
      const reused = await doctor.diagnose(ref, { maxAgeMs: 60_000 });
      expect(reused.facts).toBe(first.facts);
      expect(reused.ageMs).toBeGreaterThanOrEqual(300);
      const fresh = await doctor.diagnose(ref, { maxAgeMs: 100 });
      expect(fresh.facts).not.toBe(first.facts);
      expect(fresh.ageMs).toBeLessThan(100);
    });
  });

  it('connections idle longer than idleMs are closed; the next diagnosis opens new ones', async () => {
    const pool = new ClusterPool({ idleMs: 200 });
    await withDoctor(config, pool, async (doctor, ref) => {
      await doctor.diagnose(ref);
      expect(pool.stats).toEqual({ created: 2, open: 2 });
      await sleep(600);
      expect(pool.stats.open).toBe(0);
      const again = await doctor.diagnose(ref);
      expect(again.facts.source.ok).toBe(true);
      expect(pool.stats).toEqual({ created: 4, open: 2 });
    });
  });

  it('a connection that failed is rebuilt for the next diagnosis; the healthy one is kept', async () => {
    const broken = await configFor({ bootstrap: { [m.sourceAlias]: `127.0.0.1:${await freePort()}` } });
    const pool = new ClusterPool({ idleMs: 60_000 });
    await withDoctor(broken, pool, async (doctor, ref) => {
      const d = await doctor.diagnose(ref);
      expect(d.report.findings.map((f) => f.code)).toContain('source-unreachable');
      expect(d.facts.target.ok).toBe(true);
      expect(pool.stats).toEqual({ created: 2, open: 1 }); // the source's client was closed
      await doctor.diagnose(ref);
      expect(pool.stats).toEqual({ created: 3, open: 1 }); // a new source client; the target's kept
    });
  });
});
