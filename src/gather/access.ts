/**
 * How mm2-doctor would reach a configured cluster, in one line for `check-config`: bootstrap,
 * TLS and its CA, the client certificate (subject, principal, expiry) or SASL user, resolved the
 * way a diagnosis resolves them (src/gather/connection.ts) but without connecting. Never a secret.
 */
import type { ClusterConfig } from '../config/schema.ts';
import { resolveConnection, type ConnectionIO } from './connection.ts';

/** One line about a cluster's access, and why it cannot be used (when it cannot). */
export async function describeAccess(c: ClusterConfig, io: ConnectionIO = {}): Promise<{ text: string; unusable?: string }> {
  const conn = await resolveConnection(c, io);
  const parts = [c.bootstrap.join(',')];
  if (c.tls) parts.push(`TLS${c.tls.ca ? ` (CA ${c.tls.ca.file})` : ' (system CAs)'}`);
  const cert = conn.clientCertificate;
  if (cert) {
    const details = [cert.subject && `subject ${cert.subject}`, cert.validTo && `valid until ${cert.validTo.slice(0, 10)}`].filter(Boolean).join(', ');
    parts.push(`client certificate ${cert.source}${details ? ` (${details})` : ''}`);
  }
  if (c.sasl) parts.push(`SASL ${c.sasl.mechanism} as ${c.sasl.username}`);
  if (conn.principal) parts.push(`principal ${conn.principal}`);
  if (conn.unusable) return { text: `${parts.join(', ')}: cannot be used`, unusable: conn.unusable };
  return { text: parts.join(', ') };
}
