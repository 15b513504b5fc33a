import { describe, expect, it } from 'vitest';
import type { FindingCode, Verdict } from '../../src/model/finding.ts';
import { breaches, incidentId, stepIncident, type AlertPolicy, type AlertState, type Observation } from '../../src/monitor/incident.ts';

const T0 = Date.UTC(2025, 5, 2, 10, 0, 0);
const MIN = 60_000;
const M = 'svl->confluent';
const policy: AlertPolicy = { channel: 'C0KALERTS', threshold: 'warning', renotifyMs: 60 * MIN };

function obs(minute: number, verdict: Verdict, code: FindingCode | null = null): Observation {
  return { verdict, rootCause: code ? { code, title: `title of ${code}` } : null, at: T0 + minute * MIN };
}

/** Runs observations through the machine; returns every action kind and the final state. */
function run(observations: Observation[], p: AlertPolicy = policy, start?: AlertState): { actions: string[]; state: AlertState | undefined } {
  let state = start;
  const actions: string[] = [];
  for (const o of observations) {
    const r = stepIncident(state, M, o, p);
    // What the alert job does after posting the alert: the incident is open with its message.
    state = r.next.incident?.status === 'opening' ? { ...r.next, incident: { ...r.next.incident, status: 'open', ts: '1.1' } } : r.next;
    actions.push(...r.actions.map((a) => a.kind));
  }
  return { actions, state };
}

describe('stepIncident', () => {
  it('stays quiet while the mirror is ok', () => {
    expect(run([obs(0, 'ok'), obs(1, 'ok')]).actions).toEqual([]);
  });

  it('opens one incident when the verdict worsens, and no second one while it stays bad', () => {
    const r = run([obs(0, 'ok'), obs(1, 'critical', 'no-consumer-groups'), obs(2, 'critical', 'no-consumer-groups'), obs(3, 'critical', 'no-consumer-groups')]);
    expect(r.actions).toEqual(['open']);
    expect(r.state?.incident).toMatchObject({ id: incidentId(M, T0 + MIN), status: 'open', verdict: 'critical', rootCause: 'no-consumer-groups', updates: 0 });
  });

  it('updates the incident when its verdict or root cause changes, then resolves it', () => {
    const r = run([
      obs(0, 'critical', 'no-consumer-groups'),
      obs(1, 'critical', 'checkpoints-topic-misconfigured'),
      obs(2, 'warning', 'checkpoints-stale'),
      obs(3, 'ok'),
    ]);
    expect(r.actions).toEqual(['open', 'update', 'update', 'resolve']);
    expect(r.state).toMatchObject({ lastVerdict: 'ok', incident: null });
  });

  it('reports the update with where it came from', () => {
    const open = stepIncident(undefined, M, obs(0, 'critical', 'no-consumer-groups'), policy);
    const state: AlertState = { ...open.next, incident: { ...open.next.incident!, status: 'open', ts: '1.1' } };
    const up = stepIncident(state, M, obs(1, 'warning', 'checkpoints-stale'), policy);
    expect(up.actions).toEqual([{ kind: 'update', incident: expect.objectContaining({ verdict: 'warning', rootCause: 'checkpoints-stale', updates: 1, id: state.incident!.id }) as unknown, from: { verdict: 'critical', rootCause: 'no-consumer-groups' } }]);
  });

  it('reminds at most once per re-notify interval while nothing changes', () => {
    const minutes = [0, 30, 59, 60, 61, 90, 119, 120, 121];
    expect(run(minutes.map((m) => obs(m, 'critical', 'no-consumer-groups'))).actions).toEqual(['open', 'remind', 'remind']);
  });

  it('never reminds with renotify 0', () => {
    expect(run([0, 100, 1000].map((m) => obs(m, 'critical', 'no-consumer-groups')), { ...policy, renotifyMs: 0 }).actions).toEqual(['open']);
  });

  it('counts an update as a notification for the next reminder', () => {
    const r = run([obs(0, 'critical', 'no-consumer-groups'), obs(50, 'critical', 'offset-syncs-empty'), obs(100, 'critical', 'offset-syncs-empty'), obs(110, 'critical', 'offset-syncs-empty')]);
    expect(r.actions).toEqual(['open', 'update', 'remind']);
  });

  it('opens a new incident with a new id after one resolved', () => {
    const first = run([obs(0, 'critical', 'no-consumer-groups')]);
    const id1 = first.state!.incident!.id;
    const again = run([obs(1, 'ok'), obs(2, 'critical', 'no-consumer-groups')], policy, first.state);
    expect(again.actions).toEqual(['resolve', 'open']);
    expect(again.state!.incident!.id).not.toBe(id1);
  });

  it('applies the threshold: warning does not open an incident at threshold critical, and resolves one', () => {
    const p = { ...policy, threshold: 'critical' as const };
    expect(run([obs(0, 'warning', 'checkpoints-stale'), obs(1, 'unknown')], p).actions).toEqual([]);
    expect(run([obs(0, 'critical', 'no-consumer-groups'), obs(1, 'warning', 'checkpoints-stale')], p).actions).toEqual(['open', 'resolve']);
  });

  it('ranks unknown between warning and critical', () => {
    expect([breaches('unknown', 'warning'), breaches('unknown', 'unknown'), breaches('unknown', 'critical'), breaches('warning', 'unknown')]).toEqual([true, true, false, false]);
  });

  it('records the last verdict and check time even without an incident', () => {
    expect(stepIncident(undefined, M, obs(5, 'ok'), policy).next).toEqual({ mirror: M, lastVerdict: 'ok', lastRootCause: null, lastCheckedAt: T0 + 5 * MIN, incident: null, changes: [{ at: T0 + 5 * MIN, verdict: 'ok', rootCause: null }] });
  });

  it('keeps the last verdict and root cause changes it saw, bounded', () => {
    const r = run([obs(0, 'ok'), obs(1, 'ok'), obs(2, 'critical', 'no-consumer-groups'), obs(3, 'critical', 'no-consumer-groups'), obs(4, 'critical', 'offset-syncs-empty'), obs(5, 'ok')]);
    expect(r.state?.changes?.map((c) => [c.at - T0, c.verdict, c.rootCause])).toEqual([
      [0, 'ok', null],
      [2 * MIN, 'critical', 'no-consumer-groups'],
      [4 * MIN, 'critical', 'offset-syncs-empty'],
      [5 * MIN, 'ok', null],
    ]);
    const many = run(Array.from({ length: 50 }, (_, i) => obs(i, i % 2 ? 'ok' : 'warning')));
    expect(many.state?.changes).toHaveLength(20);
    expect(many.state?.changes?.at(-1)?.at).toBe(T0 + 49 * MIN);
  });
});
