import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { cleanLine, parseLine } from '../../src/logs/parse.ts';

const MSG = 'Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups.';
const LOGGER = 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector';

describe('log line formats users paste', () => {
  it.each([
    ['Strimzi Connect pattern', `2024-11-12 10:42:01,123 INFO [svl->confluent.MirrorCheckpointConnector|worker] ${MSG} (${LOGGER}) [Scheduler for MirrorCheckpointConnector: svl->confluent|x-loading initial consumer groups]`, '2024-11-12 10:42:01.123'],
    ["Kafka's default pattern", `[2024-11-12 10:42:01,123] INFO ${MSG} (${LOGGER})`, '2024-11-12 10:42:01.123'],
    ['connect-log4j with line numbers', `[2024-11-12 10:42:01,123] INFO [MirrorCheckpointConnector|worker] ${MSG} (${LOGGER}:216)`, '2024-11-12 10:42:01.123'],
    ['ISO 8601 with zone', `2024-11-12T10:42:01.123+01:00 INFO ${MSG} (${LOGGER})`, '2024-11-12 10:42:01.123'],
    ['kubectl --timestamps', `2024-11-12T09:42:01.123456789Z 2024-11-12 10:42:01,123 INFO ${MSG} (${LOGGER}) [t]`, '2024-11-12 10:42:01.123'],
    ['kubectl --timestamps only', `2024-11-12T09:42:01.987654321Z INFO ${MSG}`, '2024-11-12 09:42:01.987'],
    ['kubectl --prefix', `[pod/svl-mm2-mirrormaker2-0/svl-mm2-mirrormaker2] 2024-11-12 10:42:01,123 INFO ${MSG} (${LOGGER}) [t]`, '2024-11-12 10:42:01.123'],
    ['padded level', `2024-11-12 10:42:01,123 INFO  ${MSG} (${LOGGER}) [t]`, '2024-11-12 10:42:01.123'],
    ['time only', `10:42:01.123 INFO ${MSG}`, '10:42:01.123'],
    ['Slack quote with escaped arrow', `&gt; 2024-11-12 10:42:01,123 INFO Started svl-&gt;confluent.MirrorCheckpointConnector with 0 consumer groups. (${LOGGER}) [t]`, '2024-11-12 10:42:01.123'],
    ['bare message', MSG, undefined],
  ])('%s', (_name, text, ts) => {
    const x = explainLogs(text);
    expect(x.entries).toHaveLength(1);
    expect(x.entries[0]).toMatchObject({ code: 'started-with-zero-groups', connector: 'svl->confluent.MirrorCheckpointConnector' });
    expect(x.entries[0]?.first).toBe(ts);
    expect(x.mentionedMirrors).toEqual(['svl->confluent']);
  });

  it('splits timestamp, level, MDC, client prefix, message, logger and thread', () => {
    const { header, record } = parseLine(
      cleanLine(
        '2024-11-12 10:42:01,123 WARN [svl->confluent.MirrorSourceConnector|task-0|offsets] [Producer clientId=connector-producer-svl->confluent.MirrorSourceConnector-0] Node 1 disconnected. (org.apache.kafka.clients.NetworkClient) [kafka-producer-network-thread | connector-producer-svl->confluent.MirrorSourceConnector-0]\r',
      ),
    );
    expect(header).toBe(true);
    expect(record).toMatchObject({
      ts: '2024-11-12 10:42:01.123',
      level: 'WARN',
      connector: 'svl->confluent.MirrorSourceConnector',
      client: 'connector-producer-svl->confluent.MirrorSourceConnector-0',
      message: 'Node 1 disconnected.',
      logger: 'org.apache.kafka.clients.NetworkClient',
      thread: 'kafka-producer-network-thread | connector-producer-svl->confluent.MirrorSourceConnector-0',
    });
  });

  it('attaches stack traces to their record: exception lines, "at" frames, Caused by, "... N more"', () => {
    const x = explainLogs(
      [
        '[2024-11-12 10:42:01,123] ERROR Scheduler for MirrorCheckpointTask: svl->confluent|MirrorCheckpointConnector-0 caught exception in scheduled task: starting checkpoint and offset sync stores (org.apache.kafka.connect.mirror.Scheduler)',
        'org.apache.kafka.connect.errors.ConnectException: Could not look up partition metadata for offset backing store topic in allotted period. This could indicate a connectivity issue, unavailable topic partitions, or if this is your first use of the topic it may have taken too long to create.',
        '\tat org.apache.kafka.connect.util.KafkaBasedLog.start(KafkaBasedLog.java:250)',
        '\t... 3 more',
        'Caused by: org.apache.kafka.common.errors.TimeoutException: Timeout expired while fetching topic metadata',
      ].join('\n'),
    );
    expect(x.parsed).toBe(1);
    expect(x.entries).toHaveLength(1);
    // the 3.5.x message names no topic, so the entry is the generic store failure with both exceptions
    expect(x.entries[0]).toMatchObject({ code: 'internal-topic-unreadable', kind: 'cause', exceptions: ['ConnectException', 'TimeoutException'] });
  });

  it('skips Slack code-fence markers pasted straight into the explainer', () => {
    const x = explainLogs(`\`\`\`text\n[2024-11-12 10:42:01,123] INFO ${MSG} (${LOGGER})\n\`\`\``);
    expect(x.lines).toBe(3);
    expect(x.parsed).toBe(1);
    expect(x.entries.map((e) => e.code)).toEqual(['started-with-zero-groups']);
  });
});
