/**
 * The kafkajs client for the bot's own coordination cluster. Unlike src/kafka (read-only, for
 * the clusters being diagnosed), this client writes: it creates the coordination and state topics,
 * joins the replicas' consumer group and produces state records, on the `coordination.cluster`
 * only. Secrets are resolved here, at start-up, and never logged.
 */
import { readFile } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';
import type { ClusterConfig } from '../config/schema.ts';
import { describeSecretRef, resolveSecret } from '../config/secrets.ts';
import { kafkajsConfig, type ClusterConnection } from '../kafka/connection.ts';

/** Thrown when the coordination cluster cannot be used as configured. */
export class CoordinationConfigError extends Error {
  override name = 'CoordinationConfigError';
}

/** The connection for `cluster`, secrets resolved. */
export async function coordinationConnection(cluster: ClusterConfig): Promise<ClusterConnection> {
  const conn: ClusterConnection = { alias: cluster.alias, bootstrap: cluster.bootstrap, timeoutMs: cluster.timeoutMs };
  if (cluster.tls) {
    const ca = cluster.tls.ca ? await readFile(cluster.tls.ca.file, 'utf8').catch(() => undefined) : undefined;
    if (cluster.tls.ca && ca === undefined) throw new CoordinationConfigError(`coordination cluster ${cluster.alias}: the CA file ${cluster.tls.ca.file} is not readable`);
    conn.tls = { ...(ca && { ca }), ...(cluster.tls.servername && { servername: cluster.tls.servername }), rejectUnauthorized: cluster.tls.rejectUnauthorized };
  }
  if (cluster.sasl) {
    const pw = await resolveSecret(cluster.sasl.password);
    if (!pw.ok) throw new CoordinationConfigError(`coordination cluster ${cluster.alias}: the password reference (${describeSecretRef(cluster.sasl.password)}) failed: ${pw.error}`);
    conn.sasl = { mechanism: cluster.sasl.mechanism, username: cluster.sasl.username, password: pw.secret.reveal() };
  }
  return conn;
}

/** A kafkajs client for the coordination cluster; retries longer than diagnosis clients (this is the bot's own cluster). */
export function coordinationKafka(conn: ClusterConnection, clientId = 'mm2-doctor-coordination'): Kafka {
  return new Kafka({ ...kafkajsConfig(conn), clientId, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 } });
}
