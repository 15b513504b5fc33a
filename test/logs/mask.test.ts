import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { lineMasker, maskSecrets } from '../../src/logs/mask.ts';
import { renderLogExplanation } from '../../src/render/text/logs.ts';

const SECRETS = ['s3cr3t-Pa55', 'eyJhbGciOiJIUzI1NiJ9.payload.sig', 'hunter2', 'topsecretkey', 'urlpass'];

describe('masking secrets', () => {
  it.each([
    ['sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="mm2" password="s3cr3t-Pa55";', 'sasl.jaas.config=***'],
    ['\tsasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="s3cr3t-Pa55";', 'sasl.jaas.config = ***'],
    ['ssl.keystore.password = hunter2', 'ssl.keystore.password = ***'],
    ['{"password":"hunter2","user":"x"}', '"password":***'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'Authorization: Bearer ***'],
    ['calling with bearer eyJhbGciOiJIUzI1NiJ9.payload.sig now', 'bearer ***'],
    ['client.secret=topsecretkey, other=1', 'client.secret=***'],
    ['GET https://admin:urlpass@connect:8083/connectors', 'https://admin:***@connect'],
  ])('%s', (input, expected) => {
    const out = maskSecrets(input);
    expect(out).toContain(expected);
    for (const s of SECRETS) expect(out).not.toContain(s);
  });

  it('leaves ordinary lines untouched', () => {
    const line = '2024-11-12 10:42:01,123 INFO Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups.';
    expect(maskSecrets(line)).toBe(line);
  });

  it('never lets a secret reach titles, samples, groups or the rendered summary', () => {
    const log = [
      '2024-11-12 10:42:01,123 ERROR [svl->confluent.MirrorCheckpointConnector|worker] Failed to start connector svl->confluent.MirrorCheckpointConnector sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="mm2" password="s3cr3t-Pa55"; (org.apache.kafka.connect.runtime.Worker) [t]',
      '2024-11-12 10:42:02,000 WARN Request failed, Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig (com.example.Proxy) [t]',
      '2024-11-12 10:42:03,000 ERROR Unable to sync offsets for consumer group password=hunter2. (org.apache.kafka.connect.mirror.MirrorCheckpointTask) [t]',
      '\tssl.truststore.password = hunter2',
    ].join('\n');
    const x = explainLogs(log);
    expect(x.entries.length).toBeGreaterThanOrEqual(3);
    const everything = JSON.stringify(x) + renderLogExplanation(x);
    for (const s of SECRETS) expect(everything).not.toContain(s);
    expect(everything).toContain('***');
  });

  it('masks key material from a pasted KafkaUser Secret and secret values written as YAML block scalars', () => {
    const pasted = [
      'apiVersion: v1',
      'data:',
      '  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      '  user.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJn',
      '  user.p12: MIIKPAIBAzCCCfYGCSqGSIb3DQEHAaCCCecEggnjMIIJ3zCC',
      '  user.password: aHVudGVyMg==',
      'kind: Secret',
      '    config:',
      '      sasl.jaas.config: >-',
      '        org.apache.kafka.common.security.plain.PlainLoginModule required',
      '        username="mm2" password="hunter2-folded";',
      '      ssl.keystore.password: |',
      '        hunter2-block',
      '      ssl.keystore.type: PKCS12',
      '-Djavax.net.ssl.keyStorePassword=hunter2-jvm',
    ];
    const mask = lineMasker();
    const out = pasted.map((l) => mask(l)).join('\n');
    for (const s of ['LS0tLS1CRUdJTiBQUklW', 'MIIKPAIB', 'aHVudGVyMg', 'hunter2', 'PlainLoginModule']) expect(out).not.toContain(s);
    // What is not secret stays readable: the certificate, the store type, the key names.
    for (const s of ['ca.crt: LS0tLS1CRUdJTiBDRVJU', 'ssl.keystore.type: PKCS12', 'user.key: ***', 'sasl.jaas.config: >-']) expect(out).toContain(s);
  });
});
