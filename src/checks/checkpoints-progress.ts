import type { Check } from './check.ts';
import type { CheckpointRecord, Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { parseList } from '../mm2/kafka-config.ts';
import { analyzeGroups } from './lib/groups.ts';
import { booleanSetting, numberSetting, policyOf } from './lib/mirror.ts';
import { syncTime, syncView } from './lib/translation.ts';
import { formatDuration } from '../util/duration.ts';
import { connectOf } from './lib/facts.ts';
import { logCauseEvidence } from './lib/logs.ts';

/** Log explainer codes for a checkpoint task that runs but cannot load, translate or write. */
const TASK_LOG_CODES = [
  'error-polling',
  'offset-sync-store-failed',
  'offset-syncs-unreadable',
  'checkpoint-send-failed',
  'translate-skipped-loading',
  'translate-skipped-no-sync',
  'translate-skipped-sync-ahead',
];

interface Lag {
  label: string;
  /** Built only for the few shown (thousands of groups may lag). */
  text: () => string;
  group: string;
}

/** Groups the tasks were assigned, or `null` when task configs are unknown. */
function assignedGroups(facts: Facts): Set<string> | null {
  const c = connectOf(facts)?.checkpoint;
  if (!c || c.tasks.length === 0 || c.tasks.some((t) => t.config?.['task.assigned.groups'] === undefined)) return null;
  return new Set(c.tasks.flatMap((t) => parseList(t.config?.['task.assigned.groups'] ?? '')));
}

/** True when another check already explains missing checkpoints (connector, emission, topic, format). */
function explainedElsewhere(facts: Facts): boolean {
  const connect = connectOf(facts);
  if (connect) {
    const c = connect.checkpoint;
    if (!c || c.state !== 'RUNNING' || c.tasks.length === 0 || c.tasks.some((t) => t.state !== 'RUNNING')) return true;
  }
  if (booleanSetting(facts, 'enabled') === false || booleanSetting(facts, 'emit.checkpoints.enabled') === false) return true;
  if (facts.checkpointsTopic.ok && facts.checkpointsTopic.value === null) return true;
  return facts.checkpoints.ok && facts.checkpoints.value.corrupt.length > 0;
}

/**
 * Detects checkpoints that should exist by now and do not, or that stopped following the group:
 * a qualifying, assigned group's committed offset translates (through a sync older than the
 * grace period) to a downstream offset newer than its last checkpoint. MM2 re-emits only when the
 * translated downstream offset advances (C13), so an idle group's old checkpoint is not stale.
 */
export const checkpointsProgress: Check = {
  id: 'checkpoints-progress',
  emits: ['checkpoints-stale', 'checkpoints-not-emitted'],
  needs: ['checkpoints', 'sourceGroups', 'offsetSyncs'],
  run(facts: Facts) {
    if (!facts.checkpoints.ok) return [];
    const cps = facts.checkpoints.value;
    const a = analyzeGroups(facts);
    const sv = syncView(facts);
    const interval = numberSetting(facts, 'emit.checkpoints.interval.seconds');
    if (!a || !sv || cps.truncated || interval <= 0 || explainedElsewhere(facts)) return [];
    // Grace: the first emission waits one full interval after task start (C2), then every interval.
    const graceMs = Math.max(5 * interval, 300) * 1000;
    const assigned = assignedGroups(facts);
    const policy = policyOf(facts);
    const latest = new Map<string, CheckpointRecord & { timestamp: number }>();
    for (const r of cps.records) latest.set(`${r.group}\u0000${r.topic}\u0000${r.partition}`, r);

    const stale: Lag[] = [];
    const missing: Lag[] = [];
    for (const v of a.candidates) {
      const group = v.group.groupId;
      if (assigned && !assigned.has(group)) continue; // groups-pending-refresh's finding
      for (const o of v.mirroredCommits) {
        const t = sv.index.translate(o.topic, o.partition, o.offset);
        if (t.kind !== 'translated') continue; // translation-impossible's finding
        const written = syncTime(t);
        if (written === null || facts.now - written < graceMs) continue;
        // Checkpoint keys carry the downstream (renamed) topic (MirrorCheckpointTask.renameTopicPartition).
        const remote = policy.formatRemoteTopic(facts.mirror.sourceAlias, o.topic);
        const cp = latest.get(`${group}\u0000${remote}\u0000${o.partition}`);
        const label = `${group} ${o.topic}-${o.partition}`;
        if (!cp) {
          missing.push({ group, label, text: () => `committed ${o.offset} translates to ${remote}-${o.partition} offset ${t.downstreamOffset} (sync written ${formatDuration(Math.max(0, facts.now - written))} ago); no checkpoint` });
        } else if (t.downstreamOffset > cp.downstreamOffset && facts.now - cp.timestamp > graceMs) {
          stale.push({
            group,
            label,
            text: () => `last checkpoint ${formatDuration(Math.max(0, facts.now - cp.timestamp))} ago at ${cp.upstreamOffset} → ${cp.downstreamOffset}; committed now ${o.offset} → ${t.downstreamOffset}`,
          });
        }
      }
    }
    const out: Finding[] = [];
    const groupsOf = (l: Lag[]) => [...new Set(l.map((x) => x.group))];
    const causes = {
      label: 'remaining causes',
      value: [
        "the task's offset-sync store never finished loading (MM2's principal lacks READ on the offset-syncs topic, C10)",
        'writes to the checkpoints topic fail (errors.tolerance=all hides it; look for "failed to send record to", C8)',
        'the task is stuck polling (look for "Failure polling consumer state for checkpoints", C15)',
      ],
    };
    if (missing.length > 0) {
      const groups = groupsOf(missing);
      out.push({
        code: 'checkpoints-not-emitted',
        severity: cps.records.length === 0 ? 'critical' : 'warning',
        title: `No checkpoint for ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} qualifying groups`} although ${groups.length === 1 ? 'its offsets translate' : 'their offsets translate'}`,
        evidence: [...missing.slice(0, 10).map((m) => ({ label: m.label, value: m.text() })), causes, ...logCauseEvidence(facts, TASK_LOG_CODES)],
        subject: { groups, cluster: 'target' },
      });
    }
    if (stale.length > 0) {
      const groups = groupsOf(stale);
      out.push({
        code: 'checkpoints-stale',
        severity: 'warning',
        title: `Checkpoints of ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} groups`} lag their committed offsets by more than ${formatDuration(Math.max(0, graceMs))}`,
        evidence: [...stale.slice(0, 10).map((m) => ({ label: m.label, value: m.text() })), causes, ...logCauseEvidence(facts, TASK_LOG_CODES)],
        subject: { groups, cluster: 'target' },
      });
    }
    return out;
  },
};
