/**
 * The kafkajs client for the bot's own coordination cluster. Unlike src/kafka (read-only, for
 * the clusters being diagnosed), this client writes: it creates the coordination and state topics,
 * joins the replicas' consumer group and produces state records, on the `coordination.cluster`
 * only. Secrets are resolved here, at start-up, and never logged.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { ClusterConfig } from '../config/schema.ts';
import { kafkajsConfig, type ClusterConnection } from '../kafka/connection.ts';
import { resolveConnection } from '../gather/connection.ts';

/** Thrown when the coordination cluster cannot be used as configured. */
export class CoordinationConfigError extends Error {
  override name = 'CoordinationConfigError';
}

/** The connection for `cluster`, secrets resolved; refused when they cannot be. */
export async function coordinationConnection(cluster: ClusterConfig): Promise<ClusterConnection> {
  const conn = await resolveConnection(cluster);
  if (conn.unusable) throw new CoordinationConfigError(`coordination cluster ${conn.unusable}`);
  return conn;
}

/** A kafkajs client for the coordination cluster; retries longer than diagnosis clients (this is the bot's own cluster). */
export function coordinationKafka(conn: ClusterConnection, clientId = 'mm2-doctor-coordination'): Kafka {
  return new Kafka({ ...kafkajsConfig(conn), clientId, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 } });
}
