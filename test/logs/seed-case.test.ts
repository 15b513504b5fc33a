import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { renderLogExplanation } from '../../src/render/text/logs.ts';
import { fixture } from './fixtures.ts';

describe('seed case: 0 consumer groups, topic-config TopicAuthorizationException, disconnects', () => {
  const x = explainLogs(fixture('seed-case-strimzi.txt'));

  it('puts the 0-consumer-groups line first, as a cause with connector, flow and count', () => {
    const first = x.entries[0];
    expect(first).toMatchObject({
      kind: 'cause',
      code: 'started-with-zero-groups',
      connector: 'svl->confluent.MirrorCheckpointConnector',
      flow: 'svl->confluent',
      groupCount: 0,
      count: 1,
      first: '2024-11-12 10:40:55.377',
    });
    expect(first?.reason).toMatch(/no source consumer group/);
    expect(x.entries.filter((e) => e.kind === 'cause').map((e) => e.code)).toEqual(['started-with-zero-groups']);
  });

  it('marks every TopicAuthorizationException from topic-config sync as one red herring, with why', () => {
    const herring = x.entries.find((e) => e.code === 'topic-config-sync-failed');
    expect(herring).toMatchObject({ kind: 'red-herring', count: 8, first: '2024-11-12 10:41:05.510', last: '2024-11-12 10:51:05.509' });
    expect(herring?.exceptions).toContain('TopicAuthorizationException');
    expect(herring?.reason).toMatch(/topic configs.*checkpoints never depend/);
    const herrings = x.entries.filter((e) => e.kind === 'red-herring').map((e) => e.code);
    expect(herrings[0]).toBe('topic-config-sync-failed');
    expect(herrings).toEqual(expect.arrayContaining(['bootstrap-node-disconnected', 'close-timed-out']));
    // no TopicAuthorizationException line is left unexplained
    expect(x.entries.filter((e) => e.kind === 'unrecognized')).toEqual([]);
  });

  it('counts disconnects per node and per minute, leaving bootstrap node -1 out', () => {
    expect(x.network.disconnects).toBe(33);
    expect(x.network.byNode).toEqual({ '1': 30, '2': 3 });
    expect(x.network.addresses['1']).toBe('b1-pkc-x7k2p.eu-west-1.aws.confluent.cloud/52.18.40.11:9092');
    expect(x.network.perMinute).toHaveLength(12);
    expect(x.network.perMinute[0]).toEqual({ minute: '2024-11-12 10:41', count: 2 });
    expect(x.network.perMinute.find((m) => m.minute === '2024-11-12 10:42')?.count).toBe(9);
    expect(x.network.perMinute.find((m) => m.minute === '2024-11-12 10:47')?.count).toBe(3);
    expect(x.network.first).toBe('2024-11-12 10:41:03.100');
    expect(x.network.last).toBe('2024-11-12 10:52:03.100');
    expect(x.network.timeouts).toBe(10);
    expect(x.entries.find((e) => e.code === 'cancelled-in-flight')).toMatchObject({ kind: 'network', count: 10 });
  });

  it('extracts mirrors, connectors, version and reports lines/parsed', () => {
    expect(x.mentionedMirrors).toEqual(['svl->confluent']);
    expect(x.connectors).toEqual(expect.arrayContaining(['svl->confluent.MirrorCheckpointConnector', 'svl->confluent.MirrorSourceConnector']));
    expect(x.kafkaVersion).toBe('3.9.0');
    expect(x.lines).toBe(87);
    // 87 physical lines minus 14 stack-trace lines
    expect(x.parsed).toBe(73);
  });

  it('renders cause, red herrings with why, and one network sentence', () => {
    const text = renderLogExplanation(x, { samples: false });
    const cause = text.indexOf('\ncause\n');
    const herrings = text.indexOf('\nred herrings (why)\n');
    expect(cause).toBeGreaterThan(0);
    expect(herrings).toBeGreaterThan(cause);
    expect(text).toContain('svl->confluent.MirrorCheckpointConnector started with 0 consumer groups');
    expect(text).toContain('Topic-config sync failed [TopicAuthorizationException] (x8, 10:41:05-10:51:05)');
    expect(text).toContain('network: 33 disconnects (node 1: 30, node 2: 3) over 12 minutes, peak 9/min at 10:42; 10 timeouts');
  });
});
