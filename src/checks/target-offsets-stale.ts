import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { atLeast } from '../mm2/version.ts';
import { formatDuration } from '../util/duration.ts';
import { logCauseEvidence } from './lib/logs.ts';
import { versionOf } from './lib/mirror.ts';
import { targetView } from './lib/target.ts';

/** Log codes that explain why MM2's sync writes nothing (src/logs). */
const SYNC_LOG_CODES = ['sync-offsets-failed', 'sync-offsets-query-failed', 'group-not-authorized'];

interface Stale {
  group: string;
  topic: string;
  label: string;
  text: string;
}

/**
 * Detects target group offsets behind checkpoints that MM2 should have written by now: the group
 * has no member on the target, sync.group.offsets is on, and a checkpoint older than two sync
 * intervals (plus 30 s) names a higher offset than the target group has (or the target group has
 * none). MM2 syncs every checkpoint it holds each `sync.group.offsets.interval.seconds`
 * (MirrorCheckpointTask.syncGroupOffset @3.9 L320-379, scheduled at that fixed rate after the
 * stores loaded, L117-121); a gap that outlives two runs means the sync job does not run or its
 * commits fail.
 */
export const targetOffsetsStale: Check = {
  id: 'target-offsets-stale',
  emits: ['target-offsets-stale'],
  needs: ['checkpoints'],
  run(facts: Facts) {
    const v = targetView(facts);
    if (!v || !v.targetRead || !v.syncEnabled || v.storesLoading) return [];
    const graceMs = 2 * v.syncIntervalMs + 30_000;
    const found: Stale[] = [];
    for (const g of v.groups) {
      if (g.activeOnTarget) continue; // target-group-active's finding
      for (const p of g.partitions) {
        const cp = p.checkpoint;
        if (!cp || facts.now - cp.timestamp <= graceMs) continue;
        if (p.targetCommitted !== null && p.targetCommitted >= cp.downstreamOffset) continue;
        found.push({
          group: g.group,
          topic: p.remoteTopic,
          label: `${g.group} ${p.remoteTopic}-${p.partition}`,
          text: `checkpoint ${cp.downstreamOffset} written ${formatDuration(Math.max(0, facts.now - cp.timestamp))} ago; the target group has ${p.targetCommitted === null ? 'no offset' : `offset ${p.targetCommitted}`}`,
        });
      }
    }
    if (found.length === 0) return [];
    const groups = [...new Set(found.map((f) => f.group))];
    const evidence: Finding['evidence'] = found.slice(0, 10).map((f) => ({ label: f.label, value: f.text }));
    if (found.length > 10) evidence.push({ label: 'more', value: `${found.length - 10} more partitions` });
    evidence.push({ label: 'sync.group.offsets.interval.seconds', value: `${v.syncIntervalMs / 1000} (MM2 writes the checkpoints it holds that often)` });
    if (!atLeast(versionOf(facts), '3.7.1')) {
      evidence.push({ label: 'note', value: `before Kafka 3.7.1 a restarted checkpoint task syncs only groups that got a new checkpoint since the restart (KAFKA-15905)` });
    }
    evidence.push(...logCauseEvidence(facts, SYNC_LOG_CODES));
    return [
      {
        code: 'target-offsets-stale',
        severity: 'warning',
        title: `Target offsets of ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} groups`} lag checkpoints MM2 should have written more than ${formatDuration(graceMs)} ago`,
        evidence,
        subject: { groups, topics: [...new Set(found.map((f) => f.topic))].sort(), cluster: 'target' },
      },
    ];
  },
};
