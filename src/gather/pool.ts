/**
 * Kafka connections a doctor keeps between diagnoses: one read-only client per cluster connection,
 * shared by every diagnosis that needs it, closed after `idleMs` without use, and rebuilt when a
 * diagnosis found it broken (the cluster unreachable, a timeout, a failed login). A connection
 * whose settings or secrets changed (secrets are resolved at every diagnosis) is a different key,
 * so it gets its own client and the old one idles out. Aliases do not count: mirrors that name one
 * cluster under different aliases (same bootstrap, same credentials) share its client, and with it
 * the reads in flight (twenty mirrors of one source list its groups once).
 */
import { createHash } from 'node:crypto';
import type { ClusterConnection } from '../kafka/connection.ts';
import { ReadOnlyKafka, type ReadOnlyKafkaOptions } from '../kafka/read-only-kafka.ts';

/** A client on loan to one diagnosis; `release` once, saying whether the client should be rebuilt. */
export interface KafkaLease {
  kafka: ReadOnlyKafka;
  release(broken: boolean): Promise<void>;
}

/** Where gathering gets its Kafka clients: a fresh one per diagnosis, or a pool's. */
export interface KafkaProvider {
  lease(conn: ClusterConnection): KafkaLease;
}

/** A new client per lease, closed on release: a one-off diagnosis (the CLI) needs nothing more. */
export function freshClients(opts: ReadOnlyKafkaOptions = {}): KafkaProvider {
  return {
    lease(conn) {
      const kafka = new ReadOnlyKafka(conn, opts);
      return { kafka, release: () => kafka.close() };
    },
  };
}

interface Entry {
  key: string;
  kafka: ReadOnlyKafka;
  leases: number;
  /** Set when the entry left the pool (broken, replaced, closed): closed when its last lease returns. */
  retired: boolean;
  idle?: NodeJS.Timeout;
}

export interface PoolStats {
  /** Clients created so far (a rebuilt one counts again). */
  created: number;
  /** Clients open now. */
  open: number;
}

export class ClusterPool implements KafkaProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly all = new Set<Entry>();
  private created = 0;
  private closed = false;

  constructor(private readonly opts: { idleMs: number; client?: ReadOnlyKafkaOptions }) {}

  get stats(): PoolStats {
    return { created: this.created, open: this.all.size };
  }

  lease(conn: ClusterConnection): KafkaLease {
    if (this.closed) throw new Error('the Kafka connection pool is closed');
    const key = fingerprint(conn);
    let e = this.entries.get(key);
    if (!e) {
      e = { key, kafka: new ReadOnlyKafka(conn, this.opts.client), leases: 0, retired: false };
      this.created++;
      this.entries.set(key, e);
      this.all.add(e);
    }
    clearTimeout(e.idle);
    e.leases++;
    const entry = e;
    let released = false;
    return {
      kafka: entry.kafka,
      release: async (broken) => {
        if (released) return;
        released = true;
        entry.leases--;
        if (broken) this.retire(entry);
        if (entry.leases > 0) return;
        if (entry.retired) return this.dispose(entry);
        entry.idle = setTimeout(() => {
          this.retire(entry);
          void this.dispose(entry);
        }, this.opts.idleMs);
        entry.idle.unref(); // an idle connection never keeps the process alive
      },
    };
  }

  /** Closes every client, lent or not; leases still out see their next request fail. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.all];
    for (const e of all) this.retire(e);
    await Promise.all(all.map((e) => this.dispose(e)));
  }

  private retire(e: Entry): void {
    e.retired = true;
    if (this.entries.get(e.key) === e) this.entries.delete(e.key);
  }

  private async dispose(e: Entry): Promise<void> {
    clearTimeout(e.idle);
    if (!this.all.delete(e)) return;
    await e.kafka.close();
  }
}

/**
 * The identity of a connection, secrets included, without keeping them in another readable form.
 * Key material counts: two principals on one cluster (two client certificates) are two clients.
 */
function fingerprint(conn: ClusterConnection): string {
  const tls = typeof conn.tls === 'object' ? { ...conn.tls, key: conn.tls.key?.reveal(), passphrase: conn.tls.passphrase?.reveal(), pfx: conn.tls.pfx?.reveal().toString('base64') } : (conn.tls ?? null);
  return createHash('sha256').update(JSON.stringify([conn.bootstrap, conn.sasl ?? null, tls, conn.timeoutMs, conn.unusable ?? null])).digest('hex');
}
