/**
 * Counts connection drops per broker node and per minute while the explainer reads the log.
 */
import type { NetworkSummary } from '../model/log-explanation.ts';

/** Minute bucket of a normalised timestamp: `YYYY-MM-DD HH:mm` (or `HH:mm` without a date). */
export function minuteOf(ts: string): string {
  return ts.length >= 16 && ts.charAt(4) === '-' ? ts.slice(0, 16) : ts.slice(0, 5);
}

/** Accumulates disconnects and timeouts; `summary()` returns the serialisable result. */
export class NetworkCounter {
  private disconnects = 0;
  private timeouts = 0;
  private readonly byNode = new Map<string, number>();
  private readonly addresses = new Map<string, string>();
  private readonly perMinute = new Map<string, number>();
  private first: string | undefined;
  private last: string | undefined;

  /** `Node -1 disconnected.` lines: counted only when the client never reached a broker (see `summary`). */
  private readonly bootstrap: { node?: string; ts?: string }[] = [];

  /** Records one network line. `bootstrap`: the end of a bootstrap connection, normal once a broker answered. */
  add(e: { disconnect?: boolean; timeout?: boolean; node?: string; address?: string; ts?: string; bootstrap?: boolean }): void {
    if (e.timeout) this.timeouts++;
    if (e.node && e.address) this.addresses.set(e.node, e.address);
    if (!e.disconnect) return;
    if (e.bootstrap) {
      if (this.bootstrap.length < 100_000) this.bootstrap.push({ ...(e.node && { node: e.node }), ...(e.ts && { ts: e.ts }) });
      return;
    }
    this.count(e.node, e.ts);
  }

  /** Bootstrap disconnects seen (whether or not they count). */
  get bootstrapDrops(): number {
    return this.bootstrap.length;
  }

  private count(node: string | undefined, ts: string | undefined): void {
    this.disconnects++;
    if (node) this.byNode.set(node, (this.byNode.get(node) ?? 0) + 1);
    if (!ts) return;
    const minute = minuteOf(ts);
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + 1);
    if (this.first === undefined || ts < this.first) this.first = ts;
    if (this.last === undefined || ts > this.last) this.last = ts;
  }

  /**
   * The summary. `withBootstrap`: count bootstrap disconnects too (the client never reached a
   * broker, so they are the only connections there were, and every one of them failed).
   */
  summary(withBootstrap = false): NetworkSummary {
    if (withBootstrap) {
      for (const b of this.bootstrap) this.count(b.node, b.ts);
      this.bootstrap.length = 0;
    }
    const out: NetworkSummary = {
      disconnects: this.disconnects,
      timeouts: this.timeouts,
      byNode: Object.fromEntries([...this.byNode].sort((a, b) => b[1] - a[1])),
      addresses: Object.fromEntries(this.addresses),
      perMinute: [...this.perMinute].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([minute, count]) => ({ minute, count })),
    };
    if (this.first) out.first = this.first;
    if (this.last) out.last = this.last;
    return out;
  }
}
