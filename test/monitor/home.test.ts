/**
 * The App Home model: what a row says before and after a refresh, how old a reused result is, a
 * failed diagnosis as that mirror's error, and which digest and incident a row names.
 */
import { describe, expect, it } from 'vitest';
import { HomeBoard, type Activity } from '../../src/monitor/home.ts';
import { EAST, FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL } from '../slack/fake-doctor.ts';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);

describe('HomeBoard', () => {
  it('has no result until a refresh, then each mirror\'s own: a reused one dated by its age, a failed one by its reference', async () => {
    const doctor = FakeDoctor.of([[SVL, { ...seedDiagnosis(), ageMs: 25_000 }], [EAST, () => { throw new Error('boom'); }]]);
    const errors: unknown[] = [];
    const board = new HomeBoard({ doctor, reuseSeconds: 30, now: () => NOW, logError: (e) => (errors.push(e), 'ref1') });
    const before = board.overview([SVL, EAST], { digests: [], incidents: [] }, { refreshing: true });
    expect(before.rows.map((r) => [r.mirror.name, r.status.kind, r.refreshing])).toEqual([[EAST.name, 'none', true], [SVL.name, 'none', true]]);

    await board.refresh([SVL, EAST]);
    const after = board.overview([SVL, EAST], { digests: [], incidents: [] });
    expect(after.rows.map((r) => r.mirror.name)).toEqual([SVL.name, EAST.name]); // critical before a failed (unknown) one
    expect(after.rows[0]!.status).toMatchObject({ kind: 'diagnosed', verdict: 'critical', at: NOW - 25_000, rootCause: { code: 'no-consumer-groups' } });
    expect(after.rows[1]!.status).toEqual({ kind: 'failed', at: NOW, ref: 'ref1' });
    expect(String(errors[0])).toContain('boom');
    expect(after.rows.every((r) => !r.refreshing)).toBe(true);
  });

  it('shows only the mirrors it is given, at most `rows` of them, and diagnoses only those', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, healthyDiagnosis(EAST)]]);
    const board = new HomeBoard({ doctor, rows: 1, logError: () => 'x' });
    await board.refresh([SVL, EAST]);
    expect(doctor.calls.map((c) => c.ref)).toEqual([EAST.name]); // by name while nothing is known
    const o = board.overview([SVL, EAST], { digests: [], incidents: [] });
    expect([o.rows.map((r) => r.mirror.name), o.more]).toEqual([[EAST.name], 1]);
    expect(board.overview([SVL], { digests: [], incidents: [] }).rows.map((r) => r.mirror.name)).toEqual([SVL.name]);
  });

  it('names the newest digest that showed a mirror, and its alert before a watch', () => {
    const board = new HomeBoard({ doctor: FakeDoctor.of([]), logError: () => 'x' });
    const activity: Activity = {
      digests: [
        { name: 'old', channel: 'C1', ts: '1.1', at: NOW - 7_200_000, mirrors: [SVL.name] },
        { name: 'new', channel: 'C2', ts: '2.2', at: NOW - 3_600_000, mirrors: [SVL.name] },
        { name: 'other', channel: 'C3', ts: '3.3', at: NOW, mirrors: [EAST.name] },
      ],
      incidents: [
        { kind: 'watch', mirror: SVL.name, channel: 'C1', ts: '4.4', since: NOW - 60_000 },
        { kind: 'alert', mirror: SVL.name, channel: 'C9', ts: '5.5', since: NOW, id: 'INC-ABCDEF' },
      ],
    };
    const [svl] = board.overview([SVL], activity).rows;
    expect(svl!.digest?.name).toBe('new');
    expect(svl!.incident?.id).toBe('INC-ABCDEF');
  });
});
