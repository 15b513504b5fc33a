// The one re-diagnose loop: bounded concurrency, results in order, failures as results, rounds
// that never overlap, and a stop that waits for the round in flight.
import { describe, expect, it } from 'vitest';
import type { Diagnosis, Doctor, MirrorRef } from '../../src/model/diagnosis.ts';
import { diagnoseEach, Monitor, type MonitorResult } from '../../src/monitor/loop.ts';
import { seedDiagnosis } from '../slack/fake-doctor.ts';

/** A Doctor whose diagnoses resolve when the test says, and that fails for `broken`. */
function heldDoctor(): { doctor: Doctor; inFlight: () => number; most: () => number; release: () => void; calls: string[] } {
  let running = 0;
  let most = 0;
  const calls: string[] = [];
  let waiters: (() => void)[] = [];
  const doctor: Doctor = {
    mirrors: () => [],
    resolve: (ref: string): MirrorRef => ({ name: ref, sourceAlias: ref, targetAlias: 't' }),
    async diagnose(m: MirrorRef): Promise<Diagnosis> {
      const ref = m.name;
      calls.push(ref);
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
  return { doctor, inFlight: () => running, most: () => most, release, calls };
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
});

describe('Monitor', () => {
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
