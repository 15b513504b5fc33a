import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { findLogText, looksLikeLogLine } from '../../src/logs/slack.ts';

const STARTED = '2024-11-12 10:42:01,123 INFO [svl-&gt;confluent.MirrorCheckpointConnector|worker] Started svl-&gt;confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector) [t]';

describe('finding log text in Slack messages', () => {
  it('takes a fenced block whole, with a language tag, and undoes Slack escaping', () => {
    const text = `checkpoints topic is empty, any idea? logs:\n\`\`\`log\n${STARTED}\n2024-11-12 10:42:02,000 INFO [svl-&gt;confluent.MirrorSourceConnector|worker] syncing topic configs took 3 ms (org.apache.kafka.connect.mirror.Scheduler) [t]\n\`\`\`\nthanks!`;
    const logs = findLogText(text);
    expect(logs.split('\n')).toHaveLength(2);
    expect(logs).toContain('Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups.');
    expect(logs).not.toContain('thanks');
    expect(explainLogs(logs).entries[0]?.code).toBe('started-with-zero-groups');
  });

  it('handles fences glued to the text and several blocks', () => {
    const text = `first\`\`\`${STARTED}\`\`\` and \`\`\`[2024-11-12 10:50:00,000] INFO Node 1 disconnected. (org.apache.kafka.clients.NetworkClient)\`\`\``;
    const x = explainLogs(findLogText(text));
    expect(x.entries.map((e) => e.code)).toEqual(['started-with-zero-groups', 'node-disconnected']);
  });

  it('keeps quoted and bare log lines, drops quoted prose', () => {
    const text = `&gt; I think it is the network\n&gt; ${STARTED}\nalso saw this:\n2024-11-12 10:43:00,000 WARN [Producer clientId=p] Connection to node 1 (kafka-1/10.0.0.1:9092) could not be established. Node may not be available. (org.apache.kafka.clients.NetworkClient) [t]`;
    const logs = findLogText(text);
    expect(logs).not.toContain('I think');
    expect(logs).not.toContain('also saw');
    const x = explainLogs(logs);
    expect(x.entries.map((e) => e.code)).toEqual(['started-with-zero-groups', 'connection-failed']);
    expect(x.network.addresses).toEqual({ '1': 'kafka-1/10.0.0.1:9092' });
  });

  it('picks inline code that quotes an MM2 message', () => {
    expect(findLogText('it says `Started MirrorCheckpointConnector with 0 consumer groups.` every time')).toBe(
      'Started MirrorCheckpointConnector with 0 consumer groups.',
    );
  });

  it('reads file snippets and returns "" for chat without logs', () => {
    expect(findLogText({ text: 'see attached', files: [{ name: 'mm2.log', preview: '```\nline one INFO\n```' }] })).toContain('line one INFO');
    expect(findLogText({ text: 'hello, anyone around? <https://example.com|docs>' })).toBe('');
    expect(findLogText('')).toBe('');
  });

  it('takes an unfenced status paste whole, prose around it included', () => {
    const text = 'our checkpoint connector looks dead:\n{\n  "name": "svl-&gt;confluent.MirrorCheckpointConnector",\n  "connector": {\n    "state": "FAILED",\n    "worker_id": "w:8083",\n    "trace": "org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\\n\\tat x.Y.z(Y.java:1)"\n  },\n  "tasks": []\n}\nany idea?';
    const x = explainLogs(findLogText(text));
    expect(x.entries.filter((e) => e.kind === 'cause').map((e) => `${e.code} ${e.connector}`)).toEqual(['client-config-failed svl->confluent.MirrorCheckpointConnector']);
  });

  it('recognises log-like lines', () => {
    expect(looksLikeLogLine('\tat org.apache.kafka.connect.mirror.Scheduler.run(Scheduler.java:95)')).toBe(true);
    expect(looksLikeLogLine('I restarted the pod (again)')).toBe(false);
  });

  it('keeps an unfenced stack trace whose indentation Slack dropped, so the MM2 class in it still names the connector', () => {
    const text = [
      '2024-11-12 10:42:01,123 ERROR [mm2-cpc|worker] WorkerConnector{id=mm2-cpc} Error while starting connector (org.apache.kafka.connect.runtime.WorkerConnector) [connector-thread-mm2-cpc]',
      'org.apache.kafka.connect.errors.ConnectException: boom',
      'at org.apache.kafka.connect.mirror.MirrorCheckpointConnector.start(MirrorCheckpointConnector.java:92)',
      'at org.apache.kafka.connect.runtime.WorkerConnector.doStart(WorkerConnector.java:190)',
      'that is all I have',
    ].join('\n');
    const logs = findLogText(text);
    expect(logs).toContain('MirrorCheckpointConnector.start');
    expect(logs).not.toContain('that is all');
    expect(explainLogs(logs).entries.find((e) => e.kind === 'cause')?.code).toBe('checkpoint-connector-failed');
  });
});
