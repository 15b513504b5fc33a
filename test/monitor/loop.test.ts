// The one re-diagnose loop: bounded concurrency, results in order, failures as results, rounds
// that never overlap, and a stop that waits for the round in flight.
import { describe, expect, it } from 'vitest';
import type { DiagnoseOptions, Diagnosis, Doctor, MirrorRef } from '../../src/model/diagnosis.ts';
import { diagnoseEach, Monitor, type MonitorResult } from '../../src/monitor/loop.ts';
import { seedDiagnosis } from '../slack/fake-doctor.ts';
import { reusingDoctor } from '../../src/monitor/reuse.ts';
import { parseAppConfig } from '../../src/config-sections.ts';

/** A Doctor whose diagnoses resolve when the test says, and that fails for `broken`. */
function heldDoctor(): { doctor: Doctor; inFlight: () => number; most: () => number; release: () => void; calls: string[]; options: (DiagnoseOptions | undefined)[] } {
  const options: (DiagnoseOptions | undefined)[] = [];
  let running = 0;
  let most = 0;
  const calls: string[] = [];
  let waiters: (() => void)[] = [];
  const doctor: Doctor = {
    mirrors: () => [],
    resolve: (ref: string): MirrorRef => ({ name: ref, sourceAlias: ref, targetAlias: 't' }),
    async diagnose(m: MirrorRef, opts?: DiagnoseOptions): Promise<Diagnosis> {
      const ref = m.name;
      calls.push(ref);
      options.push(opts);
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((r) => waiters.push(r));
      running -= 1;
      if (ref === 'broken') throw new Error('boom');
      return seedDiagnosis();
    },
    close: async () => undefined,
  };
  const release = () => {
    const w = waiters;
    waiters = [];
    for (const r of w) r();
  };
  return { doctor, inFlight: () => running, most: () => most, release, calls, options };
}

/** Releases held diagnoses until `p` settles. */
async function drive<T>(h: { release: () => void }, p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => (done = true));
  while (!done) {
    h.release();
    await new Promise((r) => setTimeout(r, 1));
  }
  return p;
}

describe('diagnoseEach', () => {
  it('diagnoses at most `concurrency` mirrors at once and returns the results in the order asked', async () => {
    const h = heldDoctor();
    const mirrors = ['a', 'b', 'c', 'd', 'e', 'f'];
    const seen: string[] = [];
    const results = await drive(h, diagnoseEach(h.doctor, mirrors, { concurrency: 2, now: () => 7, onResult: (r) => void seen.push(r.mirror) }));
    expect(h.most()).toBe(2);
    expect(results.map((r) => [r.mirror, r.ok, r.at])).toEqual(mirrors.map((m) => [m, true, 7]));
    expect([...seen].sort()).toEqual(mirrors);
  });

  it('turns a failed diagnosis into a result with its error, and skips the rest once inactive', async () => {
    const h = heldDoctor();
    let active = true;
    const results = await drive(h, diagnoseEach(h.doctor, ['broken', 'b', 'c'], { concurrency: 1, active: () => active, onResult: () => void (active = false) }));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ mirror: 'broken', ok: false });
    expect(h.calls).toEqual(['broken']);
  });

  it('hands what a consumer throws to onError and goes on with the round', async () => {
    const h = heldDoctor();
    const errors: string[] = [];
    const results = await drive(h, diagnoseEach(h.doctor, ['a', 'b'], { onResult: (r) => { if (r.mirror === 'a') throw new Error('post failed'); }, onError: (e, m) => void errors.push(`${m}: ${(e as Error).message}`) }));
    expect(results).toHaveLength(2);
    expect(errors).toEqual(['a: post failed']);
  });

  it('asks the doctor to reuse a recent result only when maxAgeMs is set', async () => {
    const h = heldDoctor();
    await drive(h, diagnoseEach(h.doctor, ['a'], {}));
    await drive(h, diagnoseEach(h.doctor, ['a'], { maxAgeMs: 30_000 }));
    expect(h.options).toEqual([{}, { maxAgeMs: 30_000 }]);
  });
});

describe('Monitor', () => {
  it('passes maxAgeMs to every diagnosis of its rounds', async () => {
    const h = heldDoctor();
    const m = new Monitor({ doctor: h.doctor, intervalMs: 60_000, maxAgeMs: 5_000, round: () => ['a', 'b'], consume: () => undefined, onError: () => undefined });
    await drive(h, m.runNow());
    expect(h.options).toEqual([{ maxAgeMs: 5_000 }, { maxAgeMs: 5_000 }]);
  });

  it('runs one round at a time: a request during a round joins it', async () => {
    const h = heldDoctor();
    const got: MonitorResult[] = [];
    const m = new Monitor({ doctor: h.doctor, intervalMs: 60_000, round: () => ['a', 'b'], consume: (r) => void got.push(r), onError: () => undefined });
    const first = m.runNow();
    expect(m.runNow()).toBe(first);
    await drive(h, first);
    expect(got.map((r) => r.mirror).sort()).toEqual(['a', 'b']);
    expect(h.calls).toEqual(['a', 'b']);
  });

  it('skips a round whose mirrors are null, and reports a round that throws', async () => {
    const h = heldDoctor();
    const errors: unknown[] = [];
    let n = 0;
    const m = new Monitor({
      doctor: h.doctor,
      intervalMs: 60_000,
      round: () => {
        n += 1;
        if (n === 2) throw new Error('state unreadable');
        return null;
      },
      consume: () => undefined,
      onError: (e) => void errors.push(e),
    });
    await m.runNow();
    await m.runNow();
    expect(h.calls).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('runs on its interval, first at once when immediate, and stop waits for the round in flight', async () => {
    const h = heldDoctor();
    let rounds = 0;
    const got: string[] = [];
    const m = new Monitor({ doctor: h.doctor, intervalMs: 5, immediate: true, round: () => (rounds++, ['a']), consume: (r) => void got.push(r.mirror), onError: () => undefined });
    m.start();
    while (got.length < 3) {
      h.release();
      await new Promise((r) => setTimeout(r, 2));
    }
    const stopping = m.stop();
    await drive(h, stopping);
    const after = rounds;
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds).toBe(after);
    expect(await m.runNow()).toBeUndefined();
  });
});

describe('reusingDoctor (monitor.reuseSeconds)', () => {
  it('asks for a recent result unless the caller sets its own age; 0 leaves the doctor as it is', async () => {
    const h = heldDoctor();
    const reusing = reusingDoctor(h.doctor, 30_000);
    await drive(h, reusing.diagnose(reusing.resolve('a')));
    await drive(h, reusing.diagnose(reusing.resolve('a'), { maxAgeMs: 1_000 }));
    expect(h.options).toEqual([{ maxAgeMs: 30_000 }, { maxAgeMs: 1_000 }]);
    expect(reusingDoctor(h.doctor, 0)).toBe(h.doctor);
  });

  it('reads monitor.reuseSeconds from the config, 30 by default, and names a bad value with its line', () => {
    const base = 'clusters:\n  a: { bootstrap: "a:9092" }\n  b: { bootstrap: "b:9092" }\nmirrors:\n  - { source: a, target: b }\n';
    const ok = parseAppConfig(`${base}monitor:\n  reuseSeconds: 5\n`, '/tmp/x.yaml');
    expect(ok.ok && ok.config.monitor?.reuseSeconds).toBe(5);
    const bad = parseAppConfig(`${base}monitor:\n  reuseSeconds: -1\n`, '/tmp/x.yaml');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => `${e.path}:${e.line}`)).toEqual(['monitor.reuseSeconds:7']);
  });
});
