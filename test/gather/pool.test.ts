/** Which connections share a pooled client: the same cluster reached the same way, key material included. */
import { describe, expect, it } from 'vitest';
import { ClusterPool } from '../../src/gather/pool.ts';
import type { ClusterConnection, Sensitive } from '../../src/kafka/connection.ts';

const secret = <T>(v: T): Sensitive<T> => ({ reveal: () => v, toJSON: () => '[redacted]' }) as unknown as Sensitive<T>;
const conn = (alias: string, tls: ClusterConnection['tls']): ClusterConnection => ({ alias, bootstrap: ['kafka:9093'], timeoutMs: 1000, tls });

describe('ClusterPool', () => {
  it('shares a client between aliases of one cluster with the same credentials', async () => {
    const pool = new ClusterPool({ idleMs: 60_000 });
    const a = pool.lease(conn('a', { cert: 'C', key: secret('K1') }));
    const b = pool.lease(conn('b', { cert: 'C', key: secret('K1') }));
    expect(a.kafka).toBe(b.kafka);
    await pool.close();
  });

  it('gives two client certificates (two principals) on one cluster two clients, whatever their keys print as', async () => {
    const pool = new ClusterPool({ idleMs: 60_000 });
    const a = pool.lease(conn('a', { cert: 'C', key: secret('K1') }));
    const b = pool.lease(conn('b', { cert: 'C', key: secret('K2') }));
    const c = pool.lease(conn('c', { pfx: secret(Buffer.from('P1')), passphrase: secret('x') }));
    const d = pool.lease(conn('d', { pfx: secret(Buffer.from('P2')), passphrase: secret('x') }));
    const e = pool.lease(conn('e', { pfx: secret(Buffer.from('P2')), passphrase: secret('y') }));
    expect(new Set([a, b, c, d, e].map((l) => l.kafka)).size).toBe(5);
    await pool.close();
  });
});
