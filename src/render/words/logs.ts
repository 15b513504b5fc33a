/** A log explanation's times and network summary in words, shared by the terminal and Slack renderers. */
import { minuteOf } from '../../logs/network.ts';
import type { NetworkSummary } from '../../model/log-explanation.ts';

/** `10:42:01` from a normalised timestamp. */
export function clock(ts: string): string {
  const t = ts.length > 12 && ts.charAt(4) === '-' ? ts.slice(11) : ts;
  return t.slice(0, 8);
}

/** `42 disconnects from node 1 over 12 minutes, peak 9/min at 10:42`, or undefined when calm. */
export function networkSentence(n: NetworkSummary): string | undefined {
  if (n.disconnects === 0 && n.timeouts === 0) return undefined;
  const nodes = Object.entries(n.byNode).sort((a, b) => b[1] - a[1]);
  let where = '';
  if (nodes.length === 1 && nodes[0]) where = ` from node ${nodes[0][0]}`;
  else if (nodes.length > 1) where = ` (${nodes.slice(0, 4).map(([node, c]) => `node ${node}: ${c}`).join(', ')}${nodes.length > 4 ? ', …' : ''})`;
  const minutes = n.first && n.last ? minutesBetween(n.first, n.last) : undefined;
  const over = minutes !== undefined ? ` over ${minutes} minute${minutes === 1 ? '' : 's'}` : '';
  const peak = n.perMinute.reduce<{ minute: string; count: number } | undefined>((p, m) => (!p || m.count > p.count ? m : p), undefined);
  const peakText = peak && n.perMinute.length > 1 ? `, peak ${peak.count}/min at ${clock(peak.minute.length > 5 ? peak.minute.slice(11) : peak.minute)}` : '';
  const drops = `${n.disconnects} disconnect${n.disconnects === 1 ? '' : 's'}${where}${over}${peakText}`;
  const timeouts = n.timeouts ? `; ${n.timeouts} timeout${n.timeouts === 1 ? '' : 's'}` : '';
  return `${drops}${timeouts}`;
}

/** Whole minutes from the first to the last drop, at least 1. */
function minutesBetween(first: string, last: string): number {
  const a = toMs(minuteOf(first));
  const b = toMs(minuteOf(last));
  if (a === undefined || b === undefined) return 1;
  return Math.max(1, Math.round((b - a) / 60_000) + 1);
}

function toMs(minute: string): number | undefined {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2}) )?(\d{2}):(\d{2})$/.exec(minute);
  if (!m) return undefined;
  return Date.UTC(Number(m[1] ?? 1970), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4]), Number(m[5]));
}
