/**
 * How mm2-doctor connects to a cluster, and how a kafkajs failure becomes a user-safe
 * `GatherError`. Secrets are resolved by the gatherer (src/gather/connection.ts): the SASL
 * password, and the TLS key, its password and the PKCS12 store, which stay wrapped so that printing
 * a connection shows none of them. Every error text passes through `redact()` with them before it
 * leaves this module.
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { logLevel } from 'kafkajs';
import type { GatherError, GatherErrorKind, RequiredAcl } from '../model/facts.ts';
import { describeAcl } from '../model/facts.ts';

/** Key material or a password: only `reveal()` gives the value (src/gather/secrets.ts `Secret`). */
export interface Sensitive<T> {
  reveal(): T;
}

/** TLS options; the client certificate is `cert` + `key` (PEM) or `pfx` (PKCS12). */
export interface TlsConnection {
  ca?: string;
  servername?: string;
  rejectUnauthorized?: boolean;
  /** Client certificate chain (PEM). Not secret. */
  cert?: string;
  key?: Sensitive<string>;
  /** Decrypts `key` or `pfx`. */
  passphrase?: Sensitive<string>;
  pfx?: Sensitive<Buffer>;
}

export interface ClusterConnection {
  alias: string;
  bootstrap: string[];
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  tls?: TlsConnection | boolean;
  /** Per-operation timeout; also bounds connecting. */
  timeoutMs: number;
  /** Set when the config cannot produce a working connection (e.g. the password reference failed). */
  unusable?: string;
  /** Who the brokers see, when known: `User:<SASL username>` or `User:<client certificate subject>`. */
  principal?: string;
  /** The client certificate, for messages: where it came from and what it says (never the key). */
  clientCertificate?: { source: string; subject?: string; validTo?: string };
}

/** Thrown instead of connecting when the connection is `unusable`. */
export class UnusableConnectionError extends Error {
  override name = 'UnusableConnectionError';
}

function sslOptions(tls: TlsConnection): NonNullable<KafkaConfig['ssl']> {
  return {
    ...(tls.ca && { ca: [tls.ca] }),
    ...(tls.servername && { servername: tls.servername }),
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(tls.cert && { cert: tls.cert }),
    ...(tls.key && { key: tls.key.reveal() }),
    ...(tls.pfx && { pfx: tls.pfx.reveal() }),
    ...(tls.passphrase && { passphrase: tls.passphrase.reveal() }),
  };
}

export function kafkajsConfig(conn: ClusterConnection): KafkaConfig {
  return {
    clientId: 'mm2-doctor',
    brokers: conn.bootstrap,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(conn.timeoutMs, 5_000),
    authenticationTimeout: Math.min(conn.timeoutMs, 5_000),
    requestTimeout: conn.timeoutMs,
    enforceRequestTimeout: true,
    // Fail fast: an unreachable cluster is a finding, reported within the timeout, not retried for minutes.
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    // kafkajs hands `ssl` to tls.connect as it is (src/network/socketFactory.js @2.2.4).
    ...(conn.tls && { ssl: conn.tls === true ? true : sslOptions(conn.tls) }),
    ...(conn.sasl && { sasl: { mechanism: conn.sasl.mechanism, username: conn.sasl.username, password: conn.sasl.password } as SASLOptions }),
  };
}

/** The secret values of a connection, for `redact`: passwords, and the key in whole and line by line. */
export function secretsOf(conn: ClusterConnection): string[] {
  const out: string[] = [];
  if (conn.sasl) out.push(conn.sasl.password);
  if (conn.tls && conn.tls !== true) {
    if (conn.tls.passphrase) out.push(conn.tls.passphrase.reveal());
    const key = conn.tls.key?.reveal();
    if (key) out.push(key, ...key.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----')));
  }
  return out;
}

/** Replaces every secret value in `text`; also masks `password=…`-style pairs from broker echoes. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join('****');
  return out.replace(/(password\s*[=:]\s*)("[^"]*"|\S+)/gi, '$1****');
}

const AUTHZ = new Set(['TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

/** Whether a kafkajs error (anywhere in its chain) is an authorization failure. */
export function isAuthorizationError(err: unknown): boolean {
  return chain(err).some((e) => !!e.type && AUTHZ.has(e.type));
}

/**
 * TLS alerts the broker sends when it does not accept the client's certificate (or gets none).
 * JDK 17 answers a missing certificate with `bad_certificate` (42) under TLS 1.2 and 1.3 alike, and
 * an untrusted one with `certificate_unknown` (46) (sun/security/ssl/CertificateMessage.java); an
 * RFC 8446 server sends `certificate_required` (116). Node names them ERR_SSL_<…>_ALERT_<…>.
 */
const CLIENT_CERT_ALERTS = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);
const CLIENT_CERT_ALERT_TEXT = /alert (bad certificate|certificate required|certificate unknown|unknown ca|certificate expired|certificate revoked|unsupported certificate|access denied)/i;
/** Node's verdicts on the broker's certificate (tls.TLSSocket `authorizationError` codes). */
const BROKER_CERT_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** OpenSSL's complaints about our own key material when kafkajs builds the socket (it drops `code`). */
const LOCAL_KEY_TEXT = /bad decrypt|key values mismatch|mac verify failure|no start line|bad base64 decode|unsupported|wrong tag|PEM routines/i;

type ChainEntry = { name?: string; type?: string; code?: string; message?: string; acl?: RequiredAcl };

function chain(err: unknown): ChainEntry[] {
  const out: ChainEntry[] = [];
  let e = err as (ChainEntry & { originalError?: unknown; cause?: unknown }) | undefined;
  for (let i = 0; e && i < 6; i++) {
    out.push(e);
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return out;
}

function alertName(code: string | undefined, message: string | undefined): string {
  const text = CLIENT_CERT_ALERT_TEXT.exec(message ?? '')?.[1];
  if (text) return `TLS alert "${text.toLowerCase()}"`;
  return code ?? 'TLS alert';
}

function hasClientCertificate(conn: ClusterConnection): boolean {
  return !!conn.tls && conn.tls !== true && (conn.tls.cert !== undefined || conn.tls.pfx !== undefined);
}

/** Why the TLS handshake failed, in words that say what to change; undefined when it is no TLS failure. */
function tlsFailure(errs: ChainEntry[], conn: ClusterConnection, where: string): { kind: GatherErrorKind; message: string } | undefined {
  if (!conn.tls) return undefined;
  const fix = `clusters.${conn.alias}.tls`;
  const rejected = errs.find((e) => (e.code && CLIENT_CERT_ALERTS.has(e.code)) || CLIENT_CERT_ALERT_TEXT.test(e.message ?? ''));
  if (rejected) {
    const alert = alertName(rejected.code, rejected.message);
    if (!hasClientCertificate(conn)) {
      return {
        kind: 'auth-failed',
        message: `the TLS handshake with ${where} was refused (${alert}): the listener requires a client certificate (ssl.client.auth=required) and mm2-doctor sent none; set ${fix}.cert and ${fix}.key (or ${fix}.pkcs12)`,
      };
    }
    const c = conn.clientCertificate;
    const which = c ? `${c.source}${c.subject ? ` (subject ${c.subject}${c.validTo ? `, valid until ${c.validTo}` : ''})` : ''}` : 'the configured certificate';
    return {
      kind: 'auth-failed',
      message: `the TLS handshake with ${where} was refused (${alert}): the broker rejected mm2-doctor's client certificate ${which}; it must be signed by a CA the listener trusts (with Strimzi: the clients CA of that Kafka cluster, so a KafkaUser of that cluster), unexpired and not revoked`,
    };
  }
  const untrusted = errs.find((e) => e.code && BROKER_CERT_UNTRUSTED.has(e.code));
  if (untrusted) {
    const what =
      untrusted.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `the broker's certificate does not name the host mm2-doctor connected to; connect by a name the certificate has, or set ${fix}.servername`
        : `mm2-doctor does not trust the broker's certificate; set ${fix}.ca to the CA that signed it (with Strimzi: the Secret <cluster>-cluster-ca-cert, key ca.crt)`;
    return { kind: 'unreachable', message: `the TLS handshake with ${where} failed (${untrusted.code}): ${what}` };
  }
  const local = errs.find((e) => LOCAL_KEY_TEXT.test(e.message ?? ''));
  if (local && errs.some((e) => /failed to connect/i.test(e.message ?? '') || e.name === 'KafkaJSConnectionError')) {
    return { kind: 'unusable', message: `mm2-doctor's client key or certificate for ${conn.alias} cannot be used (${(local.message ?? '').replace(/^.*?error:/i, 'error:').slice(0, 160)}); check ${fix}` };
  }
  if (errs.some((e) => e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(e.message ?? ''))) {
    return { kind: 'unreachable', message: `${where} does not answer TLS (wrong version number): it is probably a PLAINTEXT or SASL_PLAINTEXT listener; use the TLS listener's port, or set ${fix}: false` };
  }
  if (errs.some((e) => /before secure TLS connection was established/i.test(e.message ?? ''))) {
    return { kind: 'unreachable', message: `${where} closed the connection during the TLS handshake: it may not be a TLS listener, or it refused mm2-doctor's client certificate` };
  }
  return undefined;
}

/** Classifies a kafkajs error (walking `originalError`/`cause`) into a user-safe GatherError. */
export function classifyKafkaError(err: unknown, conn: ClusterConnection, operation: string): GatherError {
  const errs = chain(err);
  const where = `${conn.alias} (${conn.bootstrap.join(',')})`;
  const has = (p: (e: ChainEntry) => boolean) => errs.some(p);
  let kind: GatherErrorKind = 'error';
  let message: string;
  let acl: RequiredAcl | undefined;
  const tls = err instanceof UnusableConnectionError ? undefined : tlsFailure(errs, conn, where);
  if (err instanceof UnusableConnectionError) {
    kind = 'unusable';
    message = err.message;
  } else if (has((e) => e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED')) {
    kind = 'auth-failed';
    message = `SASL authentication as "${conn.sasl?.username ?? '?'}" failed on ${where}: check the username and the password reference in the config`;
  } else if (has((e) => !!e.type && AUTHZ.has(e.type))) {
    kind = 'not-authorized';
    const t = errs.find((e) => e.type && AUTHZ.has(e.type))!.type!;
    const needed = errs.find((e) => e.acl)?.acl;
    acl = needed && { ...needed, ...(conn.principal && { principal: conn.principal }) };
    message = `${operation} on ${where} was denied (${t})${conn.principal ? ` for principal ${conn.principal}` : ''}${acl ? `; missing ACL: ${describeAcl(acl)}` : ''}`;
  } else if (tls) {
    ({ kind, message } = tls);
  } else if (has((e) => e.name === 'KafkaJSRequestTimeoutError' || /timed? ?out/i.test(e.message ?? ''))) {
    kind = 'timeout';
    message = `${operation} on ${where} timed out after ${conn.timeoutMs} ms`;
  } else if (has((e) => e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSBrokerNotFound' || ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET'].includes(e.code ?? ''))) {
    kind = 'unreachable';
    const detail = errs.find((e) => e.code)?.code ?? errs.at(-1)?.message ?? '';
    message = `cannot connect to ${where}${detail ? `: ${detail}` : ''}`;
  } else {
    message = `${operation} on ${where} failed: ${errs.at(-1)?.message ?? String(err)}`;
  }
  return { kind, operation, message: redact(message, secretsOf(conn)), ...(acl && { acl }) };
}
