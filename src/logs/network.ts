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

  /** Records one network line. */
  add(e: { disconnect?: boolean; timeout?: boolean; node?: string; address?: string; ts?: string }): void {
    if (e.timeout) this.timeouts++;
    if (e.node && e.address) this.addresses.set(e.node, e.address);
    if (!e.disconnect) return;
    this.disconnects++;
    if (e.node) this.byNode.set(e.node, (this.byNode.get(e.node) ?? 0) + 1);
    if (!e.ts) return;
    const minute = minuteOf(e.ts);
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + 1);
    if (this.first === undefined || e.ts < this.first) this.first = e.ts;
    if (this.last === undefined || e.ts > this.last) this.last = e.ts;
  }

  summary(): NetworkSummary {
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
