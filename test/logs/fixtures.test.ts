import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { fixture } from './fixtures.ts';

describe('real lab log: Kafka 3.9.0 Connect worker, three MM2 connectors, no source groups', () => {
  const x = explainLogs(fixture('lab-connect-3.9.0-zero-groups.txt'));

  it('finds the real "Started … with 0 consumer groups." line as the only cause', () => {
    const causes = x.entries.filter((e) => e.kind === 'cause');
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({
      code: 'started-with-zero-groups',
      connector: 'svl->confluent.MirrorCheckpointConnector',
      flow: 'svl->confluent',
      groupCount: 0,
      first: '2026-11-24 18:46:47.408',
      logger: 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
      level: 'INFO',
    });
    expect(causes[0]?.sample).toContain('Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups.');
  });

  it('reads the Created topic lines as evidence and ignores the worker KafkaBasedLog topics', () => {
    const codes = x.entries.filter((e) => e.kind === 'evidence').map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['checkpoints-topic-created', 'offset-syncs-topic-created', 'initial-groups-loaded', 'replicating']));
    expect(codes).not.toContain('offset-syncs-loaded');
    expect(x.topics).toEqual(['svl.checkpoints.internal', 'mm2-offset-syncs.confluent.internal']);
  });

  it('keeps multi-line config dumps inside their record and finds no noise', () => {
    expect(x.lines).toBe(169);
    expect(x.parsed).toBeLessThan(x.lines);
    expect(x.entries.filter((e) => e.kind === 'red-herring' || e.kind === 'unrecognized')).toEqual([]);
    expect(x.network.disconnects).toBe(0);
    expect(x.mentionedMirrors).toEqual(['svl->confluent']);
    expect(x.connectors).toEqual(
      expect.arrayContaining(['svl->confluent.MirrorSourceConnector', 'svl->confluent.MirrorCheckpointConnector', 'svl->confluent.MirrorHeartbeatConnector']),
    );
    expect(x.kafkaVersion).toBe('3.9.0');
  });
});

describe("dedicated MirrorMaker 2 in Kafka's default pattern (%c:%L)", () => {
  const x = explainLogs(fixture('dedicated-kafka-default-pattern.txt'));
  const byCode = (code: string) => x.entries.find((e) => e.code === code);

  it('parses [timestamp] lines and strips the :line suffix from the logger', () => {
    expect(byCode('checkpoints-topic-created')).toMatchObject({ first: '2024-11-12 09:15:02.311', logger: 'org.apache.kafka.connect.mirror.MirrorUtils' });
  });

  it('treats the reverse herder (confluent->svl) "Timeout while loading consumer groups." as KAFKA-18021 noise', () => {
    expect(byCode('groups-not-loaded')).toBeUndefined();
    const noise = byCode('groups-not-loaded-disabled-flow');
    expect(noise).toMatchObject({ kind: 'red-herring', flow: 'confluent->svl', count: 2 });
    expect(noise?.reason).toMatch(/KAFKA-18021.*svl->confluent/);
  });

  it('names ignored groups and untranslatable groups as causes, and early "still loading" skips as transient', () => {
    const causes = x.entries.filter((e) => e.kind === 'cause');
    expect(causes.map((e) => e.code)).toEqual(['groups-without-mirrored-offsets', 'translate-skipped-no-sync', 'translate-skipped-sync-ahead']);
    expect(causes[0]?.groups).toEqual(['console-reader', 'audit']);
    expect(byCode('translate-skipped-sync-ahead')?.groups).toEqual(['billing']);
    expect(byCode('translate-skipped-loading-transient')).toMatchObject({ kind: 'red-herring', groups: ['orders-app'] });
  });

  it('collects task group assignments and the offset-syncs store load as evidence', () => {
    expect(byCode('task-checkpointing-groups')).toMatchObject({ groupCount: 2, groups: ['orders-app', 'billing'], flow: 'svl->confluent' });
    expect(byCode('offset-syncs-loaded')?.topic).toBe('mm2-offset-syncs.confluent.internal');
    expect(byCode('started-with-groups')?.groupCount).toBe(2);
    expect(byCode('sync-offsets-group-active')?.kind).toBe('red-herring');
    expect(x.mentionedMirrors).toEqual(['svl->confluent', 'confluent->svl']);
  });
});

describe('kubectl logs --timestamps / --prefix output', () => {
  const x = explainLogs(fixture('kubectl-timestamps-offset-syncs-missing.txt'));

  it('keeps kubectl-stamped stack lines with their record and names the missing offset-syncs topic', () => {
    expect(x.parsed).toBe(6);
    expect(x.entries[0]).toMatchObject({
      kind: 'cause',
      code: 'offset-syncs-unreadable',
      topic: 'mm2-offset-syncs.target.internal',
      connector: 'svl->confluent.MirrorCheckpointConnector',
      first: '2024-11-12 10:42:30.200',
    });
    expect(x.entries.filter((e) => e.code === 'offset-sync-store-failed')).toEqual([]);
  });

  it('shows the alias mismatch: the task label says svl->target while the connector is svl->confluent', () => {
    expect(x.mentionedMirrors).toEqual(expect.arrayContaining(['svl->confluent', 'svl->target']));
  });

  it('parses the --prefix line and counts its disconnect', () => {
    expect(x.network.byNode).toEqual({ '3': 1 });
    expect(x.network.perMinute).toEqual([{ minute: '2024-11-12 10:44', count: 1 }]);
  });
});
