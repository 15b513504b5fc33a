import type { Check, FactKey } from './check.ts';
import type { Facts, Gathered } from '../model/facts.ts';
import type { Finding, Severity } from '../model/finding.ts';
import { between, logEntries, networkSummary } from './lib/logs.ts';

const PER_CLUSTER: { key: FactKey; cluster: (f: Facts) => 'source' | 'target' }[] = [
  { key: 'sourceTopics', cluster: () => 'source' },
  { key: 'sourceGroups', cluster: () => 'source' },
  { key: 'targetTopics', cluster: () => 'target' },
  { key: 'checkpointsTopic', cluster: () => 'target' },
  { key: 'checkpoints', cluster: () => 'target' },
  { key: 'offsetSyncsTopic', cluster: (f) => f.topicNames.offsetSyncs.cluster },
  { key: 'offsetSyncs', cluster: (f) => f.topicNames.offsetSyncs.cluster },
];

/** A few drops happen everywhere; from this many on they are worth acting on. */
export const DISCONNECTS_WORTH_A_WARNING = 3;

/**
 * Detects unstable connectivity: disconnects and timeouts in MM2's logs, or mm2-doctor's own reads
 * timing out against a cluster that otherwise answered. Drops between the clusters break offset
 * syncs, group listing and checkpoint writes in ways no single error explains (seed step 4).
 */
export const networkInstability: Check = {
  id: 'network-instability',
  emits: ['network-instability'],
  needs: [],
  run(facts: Facts) {
    const net = networkSummary(facts);
    const drops = (net?.disconnects ?? 0) + (net?.timeouts ?? 0);
    const flaky: string[] = [];
    for (const p of PER_CLUSTER) {
      const g = facts[p.key] as Gathered<unknown>;
      const up = p.cluster(facts) === 'source' ? facts.source.ok : facts.target.ok;
      if (up && !g.ok && (g.error.kind === 'timeout' || g.error.kind === 'unreachable')) flaky.push(`${g.error.operation ?? p.key}: ${g.error.message}`);
    }
    if (drops === 0 && flaky.length === 0) return [];

    const evidence: Finding['evidence'] = [];
    if (net && drops > 0) {
      evidence.push({ label: 'disconnects in the logs', value: net.disconnects });
      if (net.timeouts > 0) evidence.push({ label: 'timeouts in the logs', value: net.timeouts });
      const when = between(net.first, net.last);
      if (when) evidence.push({ label: 'between', value: when });
      const nodes = Object.entries(net.byNode)
        .sort(([, a], [, b]) => b - a)
        .slice(0, 5)
        .map(([node, n]) => `node ${node}${net.addresses[node] ? ` (${net.addresses[node]})` : ''}: ${n}`);
      if (nodes.length > 0) evidence.push({ label: 'by broker', value: nodes });
      const busiest = [...net.perMinute].sort((a, b) => b.count - a.count)[0];
      if (busiest && busiest.count > 1) evidence.push({ label: 'worst minute', value: `${busiest.minute}: ${busiest.count}` });
      const sample = logEntries(facts, 'network')[0]?.sample;
      if (sample) evidence.push({ label: 'example', value: sample });
    }
    for (const f of flaky.slice(0, 5)) evidence.push({ label: 'timed out while the cluster answered', value: f });

    const severity: Severity = drops >= DISCONNECTS_WORTH_A_WARNING || (flaky.length > 0 && drops > 0) ? 'warning' : 'info';
    return [
      {
        code: 'network-instability',
        severity,
        title:
          drops > 0
            ? `MM2 logged ${drops} connection drop${drops === 1 ? '' : 's'} or timeout${drops === 1 ? '' : 's'}`
            : `mm2-doctor's reads timed out against clusters that otherwise answered`,
        evidence,
      },
    ];
  },
};
