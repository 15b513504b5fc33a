// Progress through the real Doctor (issue 11): gathering tells its stages to the caller, and a
// caller that joins a gathering in flight (single-flight, issue 13) hears its latest stage at once,
// then the rest. Both clusters are a local port nothing listens on, so the gathering is quick and
// needs no lab; the group counts of a real gathering are asserted in test/doctor/sharing.lab.test.ts.
import { freePort } from '../../src/lab/ports.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import type { Doctor } from '../../src/model/diagnosis.ts';
import type { Progress } from '../../src/model/progress.ts';

async function unreachableDoctor(): Promise<Doctor> {
  const port = await freePort();
  const text = [
    'clusters:',
    '  svl:',
    `    bootstrap: 127.0.0.1:${port}`,
    '    timeoutMs: 1000',
    '  confluent:',
    `    bootstrap: 127.0.0.1:${port}`,
    '    timeoutMs: 1000',
    'mirrors:',
    '  - source: svl',
    '    target: confluent',
  ].join('\n');
  const loaded = parseConfig(text, 'progress.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return createDoctor(loaded.config);
}

describe('progress from the Doctor', () => {
  let doctor: Doctor | undefined;
  afterEach(async () => {
    await doctor?.close();
    doctor = undefined;
  });

  it('tells the caller each stage, and a caller joining the gathering in flight hears the latest at once', async () => {
    doctor = await unreachableDoctor();
    const ref = doctor.resolve('svl');
    const first: Progress[] = [];
    let heard: () => void = () => undefined;
    const firstHeard = new Promise<void>((r) => (heard = r));
    const a = doctor.diagnose(ref, { onProgress: (p) => (first.push(p), heard()) });
    await firstHeard;
    const joined: Progress[] = [];
    const b = doctor.diagnose(ref, { onProgress: (p) => joined.push(p) });
    expect(joined).toEqual([first.at(-1)]); // at once, before anything else happens
    const [da, db] = await Promise.all([a, b]);

    expect(db.facts).toBe(da.facts); // one gathering
    expect(first[0]).toEqual({ stage: 'clusters', source: 'svl', target: 'confluent' });
    expect(joined).toEqual(first.slice(first.length - joined.length));
    expect(da.facts.source.ok).toBe(false); // the clusters were unreachable: no group count to tell
    expect(first.map((p) => p.stage)).not.toContain('groups');
  });

  it('a listener that throws does not fail the diagnosis, and a reused diagnosis tells nothing', async () => {
    doctor = await unreachableDoctor();
    const ref = doctor.resolve('svl');
    const d = await doctor.diagnose(ref, {
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(d.report.rootCause?.code).toBe('source-unreachable');
    const later: Progress[] = [];
    await doctor.diagnose(ref, { maxAgeMs: 60_000, onProgress: (p) => later.push(p) });
    expect(later).toEqual([]);
  });
});
