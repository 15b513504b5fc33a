/**
 * How a kafkajs failure becomes a GatherError: TLS handshakes refused by the broker (our client
 * certificate) told apart from ours refusing the broker, local key trouble, and denied reads naming
 * the ACL and the principal. The error shapes are the ones kafkajs 2.2.4 produced against Kafka
 * 3.9 with `ssl.client.auth=required` (/work/research/issue9-mtls-acl.md §3; the lab test
 * test/lab/mtls-acl.lab.test.ts asserts the same on a real listener).
 */
import { describe, expect, it } from 'vitest';
import { classifyKafkaError, redact, secretsOf, type ClusterConnection } from '../../src/kafka/connection.ts';
import { AclDeniedError } from '../../src/kafka/read-only-kafka.ts';

const secret = <T>(v: T) => ({ reveal: () => v });
const withCert: ClusterConnection = {
  alias: 'svl',
  bootstrap: ['127.0.0.1:9093'],
  timeoutMs: 1000,
  tls: { ca: 'CA', cert: 'CERT', key: secret('-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n') },
  principal: 'User:CN=mm2-doctor',
  clientCertificate: { source: '/etc/mm2-doctor/svl/user.crt', subject: 'CN=mm2-doctor', validTo: '2027-01-01T00:00:00.000Z' },
};
const withoutCert: ClusterConnection = { alias: 'svl', bootstrap: ['127.0.0.1:9093'], timeoutMs: 1000, tls: { ca: 'CA' } };

/** kafkajs wraps the socket's error: KafkaJSNumberOfRetriesExceeded → KafkaJSConnectionError{code}. */
function wrapped(code: string | undefined, message: string): unknown {
  const inner = Object.assign(new Error(`Connection error: ${message}`), { name: 'KafkaJSConnectionError', code, retriable: true });
  return Object.assign(new Error(inner.message), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });
}

describe('classifyKafkaError: TLS', () => {
  it('no client certificate on an ssl.client.auth=required listener: the handshake was refused, set tls.cert and tls.key', () => {
    const e = classifyKafkaError(wrapped('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'C0:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 42'), withoutCert, 'describeCluster');
    expect(e.kind).toBe('auth-failed');
    expect(e.message).toMatch(/the TLS handshake with svl \(127\.0\.0\.1:9093\) was refused \(TLS alert "bad certificate"\): the listener requires a client certificate .* mm2-doctor sent none; set clusters\.svl\.tls\.cert and clusters\.svl\.tls\.key/);
  });

  it.each([
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'sslv3 alert certificate unknown', 'certificate unknown'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate', 'bad certificate'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required', 'certificate required'],
    [undefined, 'Failed to connect: sslv3 alert certificate unknown', 'certificate unknown'],
  ])('a certificate the broker does not accept (%s): the broker rejected it, naming which one', (code, text, alert) => {
    const e = classifyKafkaError(wrapped(code, text), withCert, 'describeCluster');
    expect(e.kind).toBe('auth-failed');
    expect(e.message).toContain(`was refused (TLS alert "${alert}"): the broker rejected mm2-doctor's client certificate /etc/mm2-doctor/svl/user.crt (subject CN=mm2-doctor, valid until 2027-01-01`);
  });

  it('a broker certificate mm2-doctor does not trust points at tls.ca, not at the client certificate', () => {
    const e = classifyKafkaError(wrapped('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), withCert, 'describeCluster');
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/does not trust the broker's certificate; set clusters\.svl\.tls\.ca .*<cluster>-cluster-ca-cert/);
    const alt = classifyKafkaError(wrapped('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), withCert, 'describeCluster');
    expect(alt.message).toMatch(/does not name the host .* clusters\.svl\.tls\.servername/);
  });

  it('key material kafkajs could not load (it drops the code) is unusable, without the key', () => {
    const err = Object.assign(new Error('Failed to connect: error:1C800064:Provider routines::bad decrypt'), { name: 'KafkaJSConnectionError' });
    const e = classifyKafkaError(err, withCert, 'describeCluster');
    expect(e.kind).toBe('unusable');
    expect(e.message).toMatch(/client key or certificate for svl cannot be used \(error:1C800064:Provider routines::bad decrypt\)/);
  });

  it('TLS spoken to a plaintext listener says so', () => {
    const e = classifyKafkaError(wrapped('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), withCert, 'describeCluster');
    expect(e.message).toMatch(/does not answer TLS .* PLAINTEXT or SASL_PLAINTEXT listener/);
  });

  it('a plain refused connection is still unreachable', () => {
    const e = classifyKafkaError(wrapped('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9093'), withCert, 'describeCluster');
    expect(e).toMatchObject({ kind: 'unreachable', message: 'cannot connect to svl (127.0.0.1:9093): ECONNREFUSED' });
  });
});

describe('classifyKafkaError: denied reads', () => {
  it('names the missing ACL and the principal', () => {
    const inner = Object.assign(new Error('Not authorized to access topics: [Topic authorization failed]'), { name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED' });
    const e = classifyKafkaError(new AclDeniedError('TOPIC_AUTHORIZATION_FAILED', { resource: 'topic', name: 'mm2-offset-syncs.confluent.internal', operation: 'Read' }, inner), withCert, 'reading mm2-offset-syncs.confluent.internal');
    expect(e.kind).toBe('not-authorized');
    expect(e.acl).toEqual({ resource: 'topic', name: 'mm2-offset-syncs.confluent.internal', operation: 'Read', principal: 'User:CN=mm2-doctor' });
    expect(e.message).toBe(
      "reading mm2-offset-syncs.confluent.internal on svl (127.0.0.1:9093) was denied (TOPIC_AUTHORIZATION_FAILED) for principal User:CN=mm2-doctor; missing ACL: ALLOW Read on topic 'mm2-offset-syncs.confluent.internal' for User:CN=mm2-doctor",
    );
  });
});

describe('redaction', () => {
  it('knows the key, line by line, and every password of a connection', () => {
    const conn: ClusterConnection = { ...withCert, tls: { ...(withCert.tls as object), passphrase: secret('pa55phrase') }, sasl: { mechanism: 'plain', username: 'u', password: 'sasl-pw' } };
    const leaked = `oops MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg pa55phrase sasl-pw`;
    expect(redact(leaked, secretsOf(conn))).toBe('oops **** **** ****');
  });
});
