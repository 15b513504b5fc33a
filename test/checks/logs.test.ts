import { describe, expect, it } from 'vitest';
import { logRedHerring } from '../../src/checks/log-red-herring.ts';
import { networkInstability } from '../../src/checks/network-instability.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;
const withDrops = (disconnects: number) => {
  const f = h();
  f.logs = fx.fixLogs([], { disconnects });
  return f;
};

describe('network-instability', () => {
  it.each([
    ['healthy, no logs', h(), []],
    ['logs without drops', withDrops(0), []],
    ['two drops: info', withDrops(2), ['network-instability:info']],
    ['three drops: warning', withDrops(3), ['network-instability:warning']],
    ['seed: many drops', fx.fixSeedFacts(), ['network-instability:warning']],
    ['our own read timed out while the cluster answered', fx.withFailed(h(), 'sourceGroups', 'timeout'), ['network-instability:info']],
    ['cluster down is reachability, not instability', fx.withSourceUnreachable(h()), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(networkInstability, facts)).toEqual(expected);
  });

  it('summarises the seed drops per broker and minute', () => {
    const [f] = networkInstability.run(fx.fixSeedFacts());
    expect(f?.title).toBe('MM2 logged 8 connection drops or timeouts');
    expect(ev(f, 'disconnects in the logs')).toBe(7);
    expect(ev(f, 'timeouts in the logs')).toBe(1);
    expect(ev(f, 'between')).toBe('2025-06-02 09:21:00.000 … 2025-06-02 09:29:30.000');
    expect(ev(f, 'by broker')).toEqual(['node 2 (b2-pkc-12345.eu-west-1.aws.confluent.cloud/52.1.2.3:9092): 5', 'node 0: 2']);
    expect(ev(f, 'worst minute')).toBe('2025-06-02 09:21: 4');
  });
});

describe('log-red-herring', () => {
  it.each([
    ['healthy, no logs', h(), []],
    ['seed: topic-config sync TopicAuthorizationException', fx.fixSeedFacts(), ['log-red-herring:info']],
  ])('%s', (_name, facts, expected) => {
    expect(summary(logRedHerring, facts)).toEqual(expected);
  });

  it('says why the seed warning is harmless', () => {
    const [f] = logRedHerring.run(fx.fixSeedFacts());
    expect(f?.title).toBe('Not the cause: Topic config sync failed (3 lines)');
    expect(ev(f, 'why it does not affect checkpoints')).toMatch(/not from the checkpoint path/);
    expect(ev(f, 'exceptions')).toEqual(['org.apache.kafka.common.errors.TopicAuthorizationException']);
    expect(ev(f, 'occurrences')).toBe(3);
  });

  // Seen on a real lab with the source broker killed: the live diagnosis said source-unreachable
  // (ECONNREFUSED), and the report still listed "Not the cause: Node -1 disconnected ... this is
  // normal client lifecycle" for the very disconnects the stopped broker caused.
  const bootstrapDrop = fx.fixLogEntry('bootstrap-node-disconnected', 'red-herring', 'INFO [AdminClient clientId=svl->confluent|checkpoint-source-admin] Node -1 disconnected.', {
    title: 'Node -1 disconnected',
    reason: 'Negative node ids are bootstrap connections, dropped once the client knows the real brokers; this log shows clients reaching brokers, so this is normal client lifecycle.',
  });
  const unreachable = [
    ['source refuses connections', (f: ReturnType<typeof h>) => fx.withFailed(f, 'source', 'unreachable', 'cannot connect to svl (127.0.0.1:9092): ECONNREFUSED')],
    ['target times out', (f: ReturnType<typeof h>) => fx.withFailed(f, 'target', 'timeout', 'describeCluster on confluent timed out after 5000 ms')],
  ] as const;

  it.each(unreachable)('does not call bootstrap disconnects normal when the %s live', (_name, cut) => {
    const facts = cut(fx.withLogs(h(), [bootstrapDrop]));
    expect(logRedHerring.run(facts)).toEqual([]);
  });

  it('still calls them normal when both clusters answer', () => {
    expect(summary(logRedHerring, fx.withLogs(h(), [bootstrapDrop]))).toEqual(['log-red-herring:info']);
  });
});
