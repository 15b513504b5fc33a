import { describe, expect, it } from 'vitest';
import { clusterReachability } from '../../src/checks/cluster-reachability.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

describe('cluster-reachability', () => {
  it.each([
    ['healthy', fx.fixHealthyFacts(), []],
    ['target down', fx.withTargetUnreachable(fx.fixHealthyFacts()), ['target-unreachable:critical']],
    ['source down', fx.withSourceUnreachable(fx.fixHealthyFacts()), ['source-unreachable:critical']],
    ['both down', fx.withSourceUnreachable(fx.withTargetUnreachable(fx.fixHealthyFacts())), ['source-unreachable:critical', 'target-unreachable:critical']],
    ['a topic read timed out, cluster up', fx.withFailed(fx.fixHealthyFacts(), 'targetTopics'), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(clusterReachability, facts)).toEqual(expected);
  });

  it('names the cluster, the error kind and the error', () => {
    const [f] = clusterReachability.run(fx.withTargetUnreachable(fx.fixHealthyFacts()));
    expect(f?.title).toBe('Target cluster confluent is unreachable from mm2-doctor (unreachable)');
    expect(ev(f, 'error')).toMatch(/ENOTFOUND/);
    expect(f?.subject).toEqual({ cluster: 'target' });
  });

  it('says "rejects the credentials" for a SASL authentication failure', () => {
    const [f] = clusterReachability.run(fx.withFailed(fx.fixHealthyFacts(), 'source', 'auth-failed', 'SASL authentication failed'));
    expect(f?.code).toBe('source-unreachable');
    expect(f?.title).toBe('Source cluster svl rejects the credentials of mm2-doctor (auth-failed)');
  });
});
