import { describe, expect, it } from 'vitest';
import { connectReachability } from '../../src/checks/connect-reachability.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

describe('connect-reachability', () => {
  it.each([
    ['healthy', fx.fixHealthyFacts(), []],
    ['no Connect URL configured', fx.withoutConnect(fx.fixHealthyFacts()), []],
    ['not-configured error', fx.withFailed(fx.fixHealthyFacts(), 'connect', 'not-configured', 'no url'), []],
    ['REST timed out', fx.withFailed(fx.fixHealthyFacts(), 'connect', 'timeout', 'GET /connectors timed out'), ['connect-unreachable:warning']],
    ['REST answered HTML', fx.withFailed(fx.fixHealthyFacts(), 'connect', 'bad-response', 'GET /connectors: HTML'), ['connect-unreachable:warning']],
  ])('%s', (_name, facts, expected) => {
    expect(summary(connectReachability, facts)).toEqual(expected);
  });

  it('carries the error text', () => {
    const [f] = connectReachability.run(fx.withFailed(fx.fixHealthyFacts(), 'connect', 'unreachable', `Kafka Connect at ${fx.CONNECT_URL}: ECONNREFUSED`));
    expect(f?.title).toBe('Kafka Connect REST API did not answer (unreachable); connector state is unknown');
    expect(ev(f, 'error')).toContain('ECONNREFUSED');
  });
});
