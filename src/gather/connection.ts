/**
 * A configured cluster as a connection: its secrets resolved and its CA file read now, at use
 * time. Part of gathering, the only place a diagnosis does I/O.
 */
import { readFile } from 'node:fs/promises';
import type { ClusterConfig } from '../config/schema.ts';
import { describeSecretRef } from '../config/secrets.ts';
import type { ClusterConnection } from '../kafka/connection.ts';
import { resolveSecret, type SecretIO } from './secrets.ts';

/**
 * The connection for a configured cluster, its secrets resolved now (at use time). A TLS CA file
 * or password reference that fails gives a connection marked `unusable` with the reason: the
 * diagnosis reports it as a finding about that cluster; other callers may refuse it.
 */
export async function resolveConnection(c: ClusterConfig, io: SecretIO = {}): Promise<ClusterConnection> {
  const base: ClusterConnection = { alias: c.alias, bootstrap: c.bootstrap, timeoutMs: c.timeoutMs };
  if (c.tls) {
    let ca: string | undefined;
    if (c.tls.ca) {
      try {
        ca = await readFile(c.tls.ca.file, 'utf8');
      } catch (err) {
        return { ...base, unusable: `cannot use TLS for ${c.alias}: the CA file ${c.tls.ca.file} is not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
      }
    }
    base.tls = { ...(ca && { ca }), ...(c.tls.servername && { servername: c.tls.servername }), rejectUnauthorized: c.tls.rejectUnauthorized };
  }
  if (!c.sasl) return base;
  const pw = await resolveSecret(c.sasl.password, io);
  if (!pw.ok) return { ...base, unusable: `cannot authenticate to ${c.alias}: the password reference (${describeSecretRef(c.sasl.password)}) failed: ${pw.error}` };
  return { ...base, sasl: { mechanism: c.sasl.mechanism, username: c.sasl.username, password: pw.secret.reveal() } };
}

