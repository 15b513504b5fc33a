/**
 * How mm2-doctor connects to a cluster, and how a kafkajs failure becomes a user-safe
 * `GatherError`. Secrets are resolved by the gatherer (src/gather/connection.ts) and live only in
 * `sasl.password`; every error
 * text passes through `redact()` with them before it leaves this module.
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { logLevel } from 'kafkajs';
import type { GatherError, GatherErrorKind } from '../model/facts.ts';

export interface ClusterConnection {
  alias: string;
  bootstrap: string[];
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  tls?: { ca?: string; servername?: string; rejectUnauthorized?: boolean } | boolean;
  /** Per-operation timeout; also bounds connecting. */
  timeoutMs: number;
  /** Set when the config cannot produce a working connection (e.g. the password reference failed). */
  unusable?: string;
}

/** Thrown instead of connecting when the connection is `unusable`. */
export class UnusableConnectionError extends Error {
  override name = 'UnusableConnectionError';
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
    ...(conn.tls && {
      ssl:
        conn.tls === true
          ? true
          : { ...(conn.tls.ca && { ca: [conn.tls.ca] }), ...(conn.tls.servername && { servername: conn.tls.servername }), rejectUnauthorized: conn.tls.rejectUnauthorized ?? true },
    }),
    ...(conn.sasl && { sasl: { mechanism: conn.sasl.mechanism, username: conn.sasl.username, password: conn.sasl.password } as SASLOptions }),
  };
}

/** Replaces every secret value in `text`; also masks `password=…`-style pairs from broker echoes. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('****');
  return out.replace(/(password\s*[=:]\s*)("[^"]*"|\S+)/gi, '$1****');
}

const AUTHZ = new Set(['TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

function chain(err: unknown): { name?: string; type?: string; code?: string; message?: string }[] {
  const out: { name?: string; type?: string; code?: string; message?: string }[] = [];
  let e = err as { name?: string; type?: string; code?: string; message?: string; originalError?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 6; i++) {
    out.push(e);
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return out;
}

/** Classifies a kafkajs error (walking `originalError`/`cause`) into a user-safe GatherError. */
export function classifyKafkaError(err: unknown, conn: ClusterConnection, operation: string): GatherError {
  const errs = chain(err);
  const secrets = conn.sasl ? [conn.sasl.password] : [];
  const where = `${conn.alias} (${conn.bootstrap.join(',')})`;
  const has = (p: (e: (typeof errs)[number]) => boolean) => errs.some(p);
  let kind: GatherErrorKind = 'error';
  let message: string;
  if (err instanceof UnusableConnectionError) {
    kind = 'auth-failed';
    message = err.message;
  } else if (has((e) => e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED')) {
    kind = 'auth-failed';
    message = `SASL authentication as "${conn.sasl?.username ?? '?'}" failed on ${where}: check the username and the password reference in the config`;
  } else if (has((e) => !!e.type && AUTHZ.has(e.type))) {
    kind = 'not-authorized';
    const t = errs.find((e) => e.type && AUTHZ.has(e.type))!.type!;
    message = `${operation} on ${where} was denied (${t})${conn.sasl ? ` for principal User:${conn.sasl.username}` : ''}`;
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
  return { kind, operation, message: redact(message, secrets) };
}
