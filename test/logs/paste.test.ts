/**
 * What pasting does to log text, and the structured text people paste beside it: every shape
 * must reach the same rules. One MM2 failure (the checkpoint connector's admin client cannot be
 * created) or the 0-groups line, wrapped every way users wrap it.
 */
import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import type { LogExplanation } from '../../src/model/log-explanation.ts';

const LOGGER = 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector';
const ZERO = 'Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups.';
const STRIMZI = `2024-11-12 10:42:01,123 INFO [svl->confluent.MirrorCheckpointConnector|worker] ${ZERO} (${LOGGER}) [connector-thread-svl->confluent.MirrorCheckpointConnector]`;

const codes = (x: LogExplanation) => x.entries.map((e) => e.code);
const top = (x: LogExplanation) => x.entries.find((e) => e.kind === 'cause');

describe('markdown, Slack and inline-code wrapping', () => {
  it.each([
    ['``` fence', `\`\`\`\n${STRIMZI}\n\`\`\``],
    ['```plain fence', `\`\`\`plain\n${STRIMZI}\n\`\`\``],
    ['```bash fence, every line indented by one space', `\`\`\`bash\n ${STRIMZI}\n\`\`\``],
    ['~~~ fence', `~~~log\n${STRIMZI}\n~~~`],
    ['fence glued to both ends', `\`\`\`${STRIMZI}\`\`\``],
    ['> quote', `> ${STRIMZI}`],
    ['nested > > quote', `> > ${STRIMZI}`],
    ['Slack entities', `&gt; ${STRIMZI.replace(/->/g, '-&gt;')}`],
    ['inline code line', `\`${STRIMZI}\``],
    ['stray leading backtick', `\`${STRIMZI}`],
    ['Slack bold line', `*${STRIMZI}*`],
    ['GitHub <details> and <pre><code>', `<details><summary>MM2 logs</summary>\n<pre><code>${STRIMZI}\n</code></pre>\n</details>`],
    ['<pre> glued to the line and its end', `<pre>${STRIMZI}</pre>`],
    ['a Markdown list item', `1. ${STRIMZI}`],
    ['a bullet', `- ${STRIMZI}`],
    ['issue template around a fence', `### Describe the bug\nCheckpoints stay empty.\n\n### Logs\n\`\`\`\n${STRIMZI}\n\`\`\`\n### Strimzi version\n0.45.0`],
    ['CRLF line ends and a BOM', `\uFEFF${STRIMZI}\r\n`],
  ])('%s', (_name, text) => {
    const x = explainLogs(text);
    expect(codes(x)).toEqual(['started-with-zero-groups']);
    expect(x.entries[0]).toMatchObject({ connector: 'svl->confluent.MirrorCheckpointConnector', first: '2024-11-12 10:42:01.123' });
  });

  it('reads a quote marker that only the first line carries (GitHub lazy continuation)', () => {
    const x = explainLogs(`> 2024-11-12 10:42:01,123 ERROR Scheduler for MirrorCheckpointConnector caught exception in scheduled task: creating internal topics (org.apache.kafka.connect.mirror.Scheduler) [t]\norg.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\n\tat org.apache.kafka.connect.mirror.MirrorCheckpointConnector.createInternalTopics(MirrorCheckpointConnector.java:163)`);
    expect(top(x)?.code).toBe('client-config-failed');
  });

  it('reads a UTF-16 paste decoded as UTF-8 (every other character NUL)', () => {
    const utf16 = Buffer.from(STRIMZI, 'utf16le').toString('utf8');
    expect(codes(explainLogs(utf16))).toEqual(['started-with-zero-groups']);
  });
});

describe('log layouts', () => {
  const cases: [string, string, { logger?: string; ts?: string }][] = [
    ['Strimzi', STRIMZI, { logger: LOGGER, ts: '2024-11-12 10:42:01.123' }],
    ["Kafka's [ts] LEVEL msg (logger:line)", `[2024-11-12 10:42:01,123] INFO [MirrorCheckpointConnector|worker] ${ZERO} (${LOGGER}:216)`, { logger: LOGGER }],
    ['time only, logger:line first', `10:42:01.123 INFO ${LOGGER}:216 ${ZERO}`, { logger: LOGGER, ts: '10:42:01.123' }],
    ['ts LEVEL [thread] Class:line - msg', `2025-12-16 16:18:25 INFO  [connector-thread-x] MirrorCheckpointConnector:216 - ${ZERO}`, { logger: 'MirrorCheckpointConnector', ts: '2025-12-16 16:18:25.000' }],
    ['ts LEVEL fq.Logger: msg, right-padded', `2022-08-22 17:54:44,793 INFO ${LOGGER}: ${ZERO}                                   `, { logger: LOGGER }],
    ['logback ts [thread] LEVEL logger - msg', `2024-11-12 10:42:01.123 [connector-thread-x] INFO  ${LOGGER} - ${ZERO}`, { logger: LOGGER }],
    ['Spring Boot', `2024-11-12T10:42:01.123Z  INFO 1792 --- [connector-thread] o.a.k.c.m.MirrorCheckpointConnector      : ${ZERO}`, { logger: 'o.a.k.c.m.MirrorCheckpointConnector' }],
    ['[ts] (logger) - LEVEL msg', `[2024-11-12 10:42:01,123] (${LOGGER}) - INFO ${ZERO}`, { logger: LOGGER }],
    ['kubectl logs --timestamps', `2024-11-12T09:42:01.123456789Z ${STRIMZI}`, { logger: LOGGER, ts: '2024-11-12 10:42:01.123' }],
    ["log4j2 ISO8601_OFFSET_DATE_TIME_HHMM [%t] %-5level %C{1}:%L - %m", `2024-11-12T10:42:01.123+0000 [connector-thread-x] INFO  MirrorCheckpointConnector:216 - ${ZERO}`, { logger: 'MirrorCheckpointConnector', ts: '2024-11-12 10:42:01.123' }],
    ['kubectl logs --prefix', `[pod/svl-mm2-mirrormaker2-0/svl-mm2-mirrormaker2] ${STRIMZI}`, { logger: LOGGER }],
    ['docker compose logs', `connect-1  | ${STRIMZI}`, { logger: LOGGER }],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    const x = explainLogs(text);
    expect(codes(x)).toEqual(['started-with-zero-groups']);
    if (want.logger) expect(x.entries[0]?.logger).toBe(want.logger);
    if (want.ts) expect(x.entries[0]?.first).toBe(want.ts);
  });
});

describe('stack traces', () => {
  const header = '2024-11-12 10:42:01,123 ERROR [svl->confluent.MirrorHeartbeatConnector|worker] WorkerConnector{id=svl->confluent.MirrorHeartbeatConnector} Error while starting connector (org.apache.kafka.connect.runtime.WorkerConnector) [connector-thread-svl->confluent.MirrorHeartbeatConnector]';
  const trace = [
    'org.apache.kafka.common.KafkaException: The constructor of org.apache.kafka.clients.admin.ForwardingAdmin threw an exception',
    'at org.apache.kafka.common.utils.Utils.newParameterizedInstance(Utils.java:469)',
    'at org.apache.kafka.connect.mirror.MirrorHeartbeatConnector.start(MirrorHeartbeatConnector.java:51)',
    'Caused by: org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient',
    '... 12 more',
    'Caused by: org.apache.kafka.common.KafkaException: org.apache.kafka.common.KafkaException: Failed to load SSL keystore /tmp/kafka/clusters/target.keystore.p12 of type PKCS12',
    'Caused by: java.io.IOException: keystore password was incorrect',
    'Caused by: javax.crypto.BadPaddingException: Given final block not properly padded.',
  ];
  it.each([
    ['tab-indented', (l: string) => (l.startsWith('at ') || l.startsWith('...') ? `\t${l}` : l)],
    ['8 spaces', (l: string) => (l.startsWith('at ') || l.startsWith('...') ? `        ${l}` : l)],
    ['indentation lost', (l: string) => l],
    ['kubectl --timestamps on every line', (l: string) => `2024-11-12T09:42:01.200000000Z \t${l}`],
  ])('%s: a keystore failure in the heartbeat connector is a client-config cause, never a heartbeat red herring', (_name, indent) => {
    const x = explainLogs([header, ...trace.map(indent)].join('\n'));
    expect(x.parsed).toBe(1);
    const cause = top(x);
    expect(cause).toMatchObject({ code: 'client-config-failed', connector: 'svl->confluent.MirrorHeartbeatConnector' });
    expect(cause?.title).toContain('keystore or truststore');
    expect(cause?.reason).toMatch(/MirrorCheckpointConnector\.start/);
    expect(cause?.reason).not.toMatch(/replication factor/i);
    expect(x.entries.filter((e) => e.kind === 'red-herring')).toEqual([]);
    expect(cause?.exceptions).toEqual(expect.arrayContaining(['KafkaException', 'IOException', 'BadPaddingException']));
  });

  it('joins a log line a terminal wrapped mid-word back together', () => {
    const x = explainLogs(
      [
        STRIMZI,
        '2024-11-12 10:42:02,000 ERROR Scheduler for MirrorCheckpointConnector: svl->confluent|svl->confluent.MirrorCheckpointConnector timed out running task: loading initial con',
        'sumer groups (org.apache.kafka.connect.mirror.Sche',
        'duler) [Scheduler for MirrorCheckpointConnector]',
      ].join('\n'),
    );
    expect(x.parsed).toBe(2);
    expect(x.entries.find((e) => e.code === 'groups-load-timeout')).toMatchObject({ logger: 'org.apache.kafka.connect.mirror.Scheduler', connector: 'svl->confluent.MirrorCheckpointConnector' });
  });
});

const ADMIN_TRACE = 'org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\\n\\tat org.apache.kafka.clients.admin.KafkaAdminClient.createInternal(KafkaAdminClient.java:527)\\n\\tat org.apache.kafka.connect.mirror.MirrorCheckpointConnector.start(MirrorCheckpointConnector.java:73)\\nCaused by: org.apache.kafka.common.config.ConfigException: No resolvable bootstrap urls given in bootstrap.servers';

describe('pasted connector status', () => {
  it('REST status pretty-printed by jq', () => {
    const x = explainLogs(
      `$ curl -s localhost:8083/connectors/mm2-cpc/status | jq\n{\n  "name": "mm2-cpc",\n  "connector": {\n    "state": "FAILED",\n    "worker_id": "10.0.0.5:8083",\n    "trace": "${ADMIN_TRACE}"\n  },\n  "tasks": [],\n  "type": "source"\n}`,
    );
    expect(x.documents).toBe(1);
    const cause = top(x);
    expect(cause).toMatchObject({ code: 'client-config-failed', connector: 'mm2-cpc' });
    expect(cause?.title).toContain('bootstrap servers');
  });

  it('tab-indented JSON with a real line break inside the trace string, cut where the paste ended', () => {
    const x = explainLogs(
      `{\n\t"name": "svl->confluent.MirrorCheckpointConnector",\n\t"connector": {\n\t\t"state": "FAILED",\n\t\t"worker_id": "w:8083",\n\t\t"trace": "org.apache.kafka.common.KafkaException: The constructor of org.apache.kafka.clients.admin.ForwardingAdmin threw an exception\\n\\tat org.apache.kafka.connect.run\ntime.isolation.Plugins.newPlugin(Plugins.java:58)\\n\\tat org.apache.kafka.connect.mirror.MirrorCheckpointConnector.start(MirrorCheckpointConnector.java:71)`,
    );
    expect(top(x)).toMatchObject({ code: 'client-config-failed', connector: 'svl->confluent.MirrorCheckpointConnector', flow: 'svl->confluent' });
  });

  it('?expand=status&expand=info: a connector not named the Strimzi way is known by its class', () => {
    const body = {
      'mm2-cpc': {
        status: { name: 'mm2-cpc', connector: { state: 'RUNNING', worker_id: 'w:8083' }, tasks: [{ id: 0, state: 'FAILED', worker_id: 'w:8083', trace: 'org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.Y.z(Y.java:1)' }], type: 'source' },
        info: { name: 'mm2-cpc', config: { 'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector', name: 'mm2-cpc' }, tasks: [], type: 'source' },
      },
      'mm2-hbc': {
        status: { name: 'mm2-hbc', connector: { state: 'RUNNING', worker_id: 'w:8083' }, tasks: [{ id: 0, state: 'RUNNING', worker_id: 'w:8083' }], type: 'source' },
        info: { name: 'mm2-hbc', config: { 'connector.class': 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector' }, tasks: [], type: 'source' },
      },
    };
    const x = explainLogs(JSON.stringify(body, null, 2));
    expect(top(x)).toMatchObject({ code: 'checkpoint-failed-state', title: 'mm2-cpc task 0 is FAILED', connector: 'mm2-cpc' });
  });

  it('a Strimzi KafkaConnector: its spec.class says which MM2 connector metadata.name is', () => {
    const x = explainLogs(
      [
        'apiVersion: kafka.strimzi.io/v1beta2',
        'kind: KafkaConnector',
        'metadata:',
        '  name: mm2-cpc',
        'spec:',
        '  class: org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
        '  tasksMax: 1',
        'status:',
        '  connectorStatus:',
        '    connector:',
        '      state: RUNNING',
        '      worker_id: 10.0.0.5:8083',
        '    name: mm2-cpc',
        '    tasks: []',
        '    type: source',
      ].join('\n'),
    );
    expect(x.entries.map((e) => `${e.code} ${e.connector}`)).toEqual(['checkpoint-no-tasks mm2-cpc']);
  });

  it('/tasks/N/status without a name takes it from the curl URL before it', () => {
    const x = explainLogs(
      `curl -s http://connect:8083/connectors/svl-%3Econfluent.MirrorCheckpointConnector/tasks/0/status\n{"id":0,"state":"FAILED","worker_id":"w:8083","trace":"org.apache.kafka.connect.errors.ConnectException: x\\n\\tat a.B.c(B.java:1)"}`,
    );
    expect(top(x)).toMatchObject({ code: 'checkpoint-failed-state', connector: 'svl->confluent.MirrorCheckpointConnector' });
  });

  it('a RUNNING checkpoint connector with "tasks":[] has no task to checkpoint with', () => {
    const x = explainLogs('{"name":"svl->confluent.MirrorCheckpointConnector","connector":{"state":"RUNNING","worker_id":"w:8083"},"tasks":[],"type":"source"}');
    expect(codes(x)).toEqual(['checkpoint-no-tasks']);
  });

  it('KafkaMirrorMaker2 status YAML: trace folded right after \\n\\tat, a stale Ready=True beside it', () => {
    const x = explainLogs(
      [
        '```yaml',
        '  status:',
        '    conditions:',
        '    - lastTransitionTime: "2021-10-13T21:29:14.323835Z"',
        '      status: "True"',
        '      type: Ready',
        '    connectors:',
        '    - connector:',
        '        state: FAILED',
        '        trace: "org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\\n\\tat',
        '          org.apache.kafka.clients.admin.KafkaAdminClient.createInternal(KafkaAdminClient.java:527)\\n\\tat',
        '          org.apache.kafka.clients.admin.Admin.create(Admin.java:143)\\n\\tat org.apache.kafka.clients.admin.AdminClient.create(AdminClient.java:49)\\n\\tat',
        '          org.apache.kafka.connect.mirror.MirrorCheckpointConnector.start(MirrorCheckpointConnector.java:73)"',
        '        worker_id: 10.0.0.5:8083',
        '      name: svl->confluent.MirrorCheckpointConnector',
        '      tasks: []',
        '      type: source',
        '    - connector:',
        '        state: RUNNING',
        '        worker_id: 10.0.0.5:8083',
        '      name: svl->confluent.MirrorSourceConnector',
        '      tasks:',
        '      - id: 0',
        '        state: FAILED',
        '        trace: |',
        '          org.apache.kafka.connect.errors.ConnectException: oops',
        '          \tat org.apache.kafka.connect.mirror.MirrorSourceTask.poll(MirrorSourceTask.java:1)',
        '        worker_id: 10.0.0.5:8083',
        '      type: source',
        '```',
      ].join('\n'),
    );
    expect(x.entries.filter((e) => e.kind === 'cause').map((e) => `${e.code} ${e.connector}`)).toEqual([
      'client-config-failed svl->confluent.MirrorCheckpointConnector',
      'source-failed-state svl->confluent.MirrorSourceConnector',
    ]);
    expect(x.entries.filter((e) => e.kind === 'red-herring')).toEqual([]);
  });

  it('a status YAML pasted from the middle of a list', () => {
    const x = explainLogs(
      ['      worker_id: 10.0.0.1:8083', '    name: a->b.MirrorSourceConnector', '    tasks: []', '    type: source', '  - connector:', '      state: FAILED', '      worker_id: 10.0.0.1:8083', '    name: a->b.MirrorCheckpointConnector', '    tasks: []', '    type: source'].join('\n'),
    );
    expect(codes(x)).toContain('checkpoint-failed-state');
  });

  it('kubectl describe kafkamirrormaker2: Title Case keys and a raw multi-line trace', () => {
    const x = explainLogs(
      [
        'Name:         svl-mm2',
        'Namespace:    kafka',
        'API Version:  kafka.strimzi.io/v1beta2',
        'Kind:         KafkaMirrorMaker2',
        'Status:',
        '  Conditions:',
        '    Last Transition Time:  2024-11-12T10:40:00.000Z',
        '    Status:                True',
        '    Type:                  Ready',
        '  Connectors:',
        '    Connector:',
        '      State:      RUNNING',
        '      worker_id:  10.0.0.5:8083',
        '    Name:         svl->confluent.MirrorCheckpointConnector',
        '    Tasks:',
        '      Id:     0',
        '      State:  FAILED',
        '      Trace:  org.apache.kafka.connect.errors.ConnectException: Failed to send record to svl.checkpoints.internal',
        '\tat org.apache.kafka.connect.runtime.AbstractWorkerSourceTask.sendRecords(AbstractWorkerSourceTask.java:418)',
        'Caused by: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [svl.checkpoints.internal]',
        '      worker_id:  10.0.0.5:8083',
        '    Type:         source',
        'Events:  <none>',
      ].join('\n'),
    );
    expect(top(x)).toMatchObject({ code: 'checkpoint-failed-state', connector: 'svl->confluent.MirrorCheckpointConnector' });
    expect(top(x)?.exceptions).toContain('TopicAuthorizationException');
  });
});

describe('log4j2 JSON layouts', () => {
  it('JsonLayout, one event per line, with a thrown exception and the MDC connector context', () => {
    const event = {
      instant: { epochSecond: 1731408121, nanoOfSecond: 123000000 },
      thread: 'connector-thread-svl->confluent.MirrorHeartbeatConnector',
      level: 'ERROR',
      loggerName: 'org.apache.kafka.connect.runtime.WorkerConnector',
      message: 'WorkerConnector{id=svl->confluent.MirrorHeartbeatConnector} Error while starting connector',
      thrown: {
        name: 'org.apache.kafka.common.KafkaException',
        message: 'The constructor of org.apache.kafka.clients.admin.ForwardingAdmin threw an exception',
        extendedStackTrace: [{ class: 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector', method: 'start', file: 'MirrorHeartbeatConnector.java', line: 51 }],
        cause: { name: 'org.apache.kafka.common.errors.SslAuthenticationException', message: 'SSL handshake failed' },
      },
      contextMap: { 'connector.context': '[svl->confluent.MirrorHeartbeatConnector|worker] ' },
    };
    const info = { instant: { epochSecond: 1731408121, nanoOfSecond: 0 }, level: 'INFO', loggerName: LOGGER, message: ZERO, contextMap: {} };
    const x = explainLogs(`${JSON.stringify(info)}\n${JSON.stringify(event)}`);
    expect(x.parsed).toBe(2);
    expect(top(x)).toMatchObject({ code: 'client-config-failed', connector: 'svl->confluent.MirrorHeartbeatConnector', first: '2024-11-12 10:42:01.123', logger: 'org.apache.kafka.connect.runtime.WorkerConnector' });
    expect(top(x)?.title).toContain('TLS handshake');
    expect(codes(x)).toContain('started-with-zero-groups');
  });

  it("logstash's JSONEventLayoutV1 (log4j 1), its exception an object with the stack trace as text", () => {
    const event = {
      '@timestamp': '2024-11-12T10:42:01.123Z',
      '@version': 1,
      source_host: 'svl-mm2-mirrormaker2-0',
      level: 'ERROR',
      logger_name: 'org.apache.kafka.connect.runtime.distributed.DistributedHerder',
      thread_name: 'DistributedHerder-connect-1-1',
      message: '[Worker clientId=connect-1, groupId=mirrormaker2-cluster] Uncaught exception in herder work thread, exiting: ',
      exception: {
        exception_class: 'org.apache.kafka.common.errors.TopicAuthorizationException',
        exception_message: 'Not authorized to access topics: [mirrormaker2-cluster-configs]',
        stacktrace: 'org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [mirrormaker2-cluster-configs]\n',
      },
    };
    expect(top(explainLogs(JSON.stringify(event)))).toMatchObject({ code: 'worker-dead', topic: 'mirrormaker2-cluster-configs', first: '2024-11-12 10:42:01.123' });
  });

  it('JsonTemplateLayout EcsLayout with error.stack_trace, pretty-printed over several lines', () => {
    const ecs = {
      '@timestamp': '2024-11-12T10:42:01.123Z',
      'ecs.version': '1.2.0',
      'log.level': 'ERROR',
      message: '[Worker clientId=connect-1, groupId=mirrormaker2-cluster] Uncaught exception in herder work thread, exiting: ',
      'process.thread.name': 'DistributedHerder-connect-1',
      'log.logger': 'org.apache.kafka.connect.runtime.distributed.DistributedHerder',
      'error.type': 'org.apache.kafka.common.errors.GroupAuthorizationException',
      'error.message': 'Not authorized to access group: mirrormaker2-cluster',
      'error.stack_trace': 'org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: mirrormaker2-cluster\n',
    };
    const x = explainLogs(JSON.stringify(ecs, null, 2));
    expect(top(x)).toMatchObject({ code: 'worker-dead', first: '2024-11-12 10:42:01.123', groups: ['mirrormaker2-cluster'] });
    expect(top(x)?.action).toMatch(/READ on Group mirrormaker2-cluster/);
  });
});

describe('secrets pasted with the logs', () => {
  it('masks JAAS configs, store passwords, tokens and private keys wherever a shown line carries them', () => {
    const warn = (msg: string) => `2024-11-12 10:42:01,123 WARN ${msg} (org.example.Pasted) [t]`;
    const text = [
      warn('sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required username="mm2" password="hunter2-jaas";'),
      warn('{"target.cluster.ssl.keystore.password":"hunter2-json","x":1}'),
      warn('ssl.truststore.password: hunter2-yaml'),
      warn('ssl.keystore.key=-----BEGIN PRIVATE KEY-----MIIEvhunter2pem-----END PRIVATE KEY-----'),
      warn('posting with xoxb-1234567890-hunter2slack'),
      warn('GET https://admin:hunter2url@connect:8083/connectors'),
      '-----BEGIN ENCRYPTED PRIVATE KEY-----',
      'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIhunter2multiline',
      '-----END ENCRYPTED PRIVATE KEY-----',
      '{"name":"x","config":{"connector.class":"org.apache.kafka.connect.mirror.MirrorCheckpointConnector","sasl.jaas.config":"a required password=\\"hunter2-cfg\\";"}}',
    ].join('\n');
    const x = explainLogs(text);
    expect(x.entries.filter((e) => e.kind === 'unrecognized')).toHaveLength(6);
    const everything = JSON.stringify(x);
    expect(everything).not.toMatch(/hunter2/);
    expect(everything).toContain('***');
  });
});

describe('several pods or containers merged into one paste', () => {
  // The herder exits on pod -0; its exception line carries the pod's tag but no timestamp.
  const HERDER = '2024-11-12 10:42:01,123 ERROR [Worker clientId=connect-1, groupId=mirrormaker2-cluster] Uncaught exception in herder work thread, exiting:  (org.apache.kafka.connect.runtime.distributed.DistributedHerder) [DistributedHerder-connect-1-1]';
  const CAUSE = 'org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: mirrormaker2-cluster';
  const OTHER = '2024-11-12 10:42:02,000 INFO Kafka version: 3.9.0 (org.apache.kafka.common.utils.AppInfoParser) [main]';
  it.each([
    ['stern <pod> <container>', (pod: string) => `${pod} svl-mm2-mirrormaker2 `],
    ['docker compose, continuation lines tagged too', (pod: string) => `${pod.replace('svl-mm2-mirrormaker2-', 'connect-')}  | `],
    ['stern, a container name without a dash', (pod: string) => `${pod} connect `],
    ['stern with colours copied', (pod: string) => `\u001b[32m${pod}\u001b[0m \u001b[34msvl-mm2-mirrormaker2\u001b[0m `],
  ])('%s', (_name, tag) => {
    const text = [`${tag('svl-mm2-mirrormaker2-0')}${HERDER}`, `${tag('svl-mm2-mirrormaker2-0')}${CAUSE}`, `${tag('svl-mm2-mirrormaker2-1')}${OTHER}`].join('\n');
    const x = explainLogs(text);
    expect(top(x)).toMatchObject({ code: 'worker-dead', groups: ['mirrormaker2-cluster'] });
    expect(x.kafkaVersion).toBe('3.9.0');
  });

  it('does not take prose before a timestamp, or "at" before a time, for a tag', () => {
    const x = explainLogs(['It died at 10:42:01.123 and again:', `at 10:42:05.000 ${CAUSE}`, '\tat org.apache.kafka.connect.runtime.distributed.DistributedHerder.tick(DistributedHerder.java:400)'].join('\n'));
    expect(x.parsed).toBe(0);
  });
});

describe('Kafka 2.x task failure lines', () => {
  it('names the connector from WorkerSourceTask{id=…} when "Task is being killed" is a line of its own', () => {
    const event = {
      '@timestamp': '2024-11-12T10:42:01.123Z',
      level: 'ERROR',
      logger_name: 'org.apache.kafka.connect.runtime.WorkerTask',
      thread_name: 'task-thread-svl->confluent.MirrorCheckpointConnector-0',
      message: 'WorkerSourceTask{id=svl->confluent.MirrorCheckpointConnector-0} Task threw an uncaught and unrecoverable exception',
      stack_trace: 'org.apache.kafka.connect.errors.ConnectException: Failed to create admin client\n\tat org.apache.kafka.connect.mirror.MirrorCheckpointTask.start(MirrorCheckpointTask.java:90)\nCaused by: java.io.IOException: keystore password was incorrect\n',
    };
    const x = explainLogs(JSON.stringify(event));
    expect(top(x)).toMatchObject({ code: 'client-config-failed', connector: 'svl->confluent.MirrorCheckpointConnector' });
  });

  it('reads the 2.x task failure without a stack trace as the checkpoint task failing', () => {
    const x = explainLogs('[2021-03-01 10:42:01,123] ERROR WorkerSourceTask{id=svl->confluent.MirrorCheckpointConnector-0} Task threw an uncaught and unrecoverable exception (org.apache.kafka.connect.runtime.WorkerTask:187)');
    expect(top(x)).toMatchObject({ code: 'checkpoint-task-failed', connector: 'svl->confluent.MirrorCheckpointConnector' });
  });
});
