import { describe, expect, it } from 'vitest';
import { authorization } from '../../src/checks/authorization.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

describe('authorization', () => {
  it.each([
    ['healthy', fx.fixHealthyFacts(), []],
    ['groups unlistable (denied)', fx.withGroupsUnlistable(fx.fixHealthyFacts()), ['not-authorized:warning']],
    ['groups unlistable (timeout) is not an ACL problem', fx.withGroupsUnlistable(fx.fixHealthyFacts(), 'timeout'), []],
    ['OffsetFetch denied', fx.withOffsetFetchDenied(fx.fixHealthyFacts()), ['not-authorized:warning']],
    ['checkpoints topic read denied', fx.withFailed(fx.fixHealthyFacts(), 'checkpoints', 'not-authorized', 'Fetch: TOPIC_AUTHORIZATION_FAILED'), ['not-authorized:warning']],
  ])('%s', (_name, facts, expected) => {
    expect(summary(authorization, facts)).toEqual(expected);
  });

  it('names the denied groups and says the groups cannot be judged', () => {
    const [f] = authorization.run(fx.withOffsetFetchDenied(fx.fixHealthyFacts()));
    expect(f?.title).toBe('mm2-doctor may not read consumer groups on svl; whether any group commits offsets is unknown');
    expect(ev(f, 'OffsetFetch denied for groups')).toEqual(['app-orders', 'app-payments', 'console-consumer-4711']);
    expect(f?.subject).toEqual({ cluster: 'source', groups: ['app-orders', 'app-payments', 'console-consumer-4711'] });
  });

  it('places a target-only denial on the target', () => {
    const [f] = authorization.run(fx.withFailed(fx.fixHealthyFacts(), 'checkpoints', 'not-authorized', 'Fetch: TOPIC_AUTHORIZATION_FAILED'));
    expect(f?.title).toBe('mm2-doctor is denied a read on confluent');
    expect(ev(f, 'denied')).toBe('read the checkpoints topic on confluent (checkpoints): Fetch: TOPIC_AUTHORIZATION_FAILED');
    expect(f?.subject?.cluster).toBe('target');
  });

  it('reports a denied read of the checkpointed groups on the target (failover readiness needs it)', () => {
    const [f] = authorization.run(fx.withFailed(fx.fixHealthyFacts(), 'targetGroups', 'not-authorized', 'FindCoordinator: GROUP_AUTHORIZATION_FAILED'));
    expect(ev(f, 'denied')).toBe('describe the checkpointed groups on confluent (targetGroups): FindCoordinator: GROUP_AUTHORIZATION_FAILED');
    expect(f?.subject?.cluster).toBe('target');
  });

  it('names each missing ACL, on the cluster it is missing on, for the runbook to grant', () => {
    let facts = fx.withFailed(fx.fixHealthyFacts(), 'checkpoints', 'not-authorized', 'reading confluent.checkpoints.internal was denied');
    facts = { ...facts, checkpoints: { ok: false, ms: 1, error: { kind: 'not-authorized', message: 'denied', acl: { resource: 'topic', name: 'svl.checkpoints.internal', operation: 'Read', principal: 'User:CN=mm2-doctor' } } } };
    facts = { ...facts, sourceGroups: { ok: false, ms: 1, error: { kind: 'not-authorized', message: 'denied', acl: { resource: 'topic', name: '*', operation: 'Describe', principal: 'User:CN=mm2-doctor' } } } };
    const [f] = authorization.run(facts);
    expect(ev(f, 'missing ACL on svl')).toBe("ALLOW Describe on topic '*' for User:CN=mm2-doctor");
    expect(ev(f, 'missing ACL on confluent')).toBe("ALLOW Read on topic 'svl.checkpoints.internal' for User:CN=mm2-doctor");
    expect(f?.subject?.acls).toEqual([
      { cluster: 'source', resource: 'topic', name: '*', operation: 'Describe', principal: 'User:CN=mm2-doctor' },
      { cluster: 'target', resource: 'topic', name: 'svl.checkpoints.internal', operation: 'Read', principal: 'User:CN=mm2-doctor' },
    ]);
  });
});
