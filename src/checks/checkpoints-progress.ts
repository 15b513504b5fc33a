import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { parseList } from '../mm2/kafka-config.ts';
import { analyzeGroups } from './lib/groups.ts';
import { booleanSetting, numberSetting, policyOf } from './lib/mirror.ts';
import { syncTime, syncView } from './lib/translation.ts';
import { formatDuration } from '../util/duration.ts';
import { connectOf } from './lib/facts.ts';
import { logCauseEvidence } from './lib/logs.ts';
import { storesLoading } from './lib/target.ts';
import { checkpointIndex } from './lib/checkpoints.ts';

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
  emits: ['checkpoints-stale', 'checkpoints-not-emitted', 'checkpoints-pending'],
  needs: ['checkpoints', 'sourceGroups', 'offsetSyncs'],
  run(facts: Facts) {
    if (!facts.checkpoints.ok) return [];
    const cps = facts.checkpoints.value;
    const a = analyzeGroups(facts);
    const sv = syncView(facts);
    const interval = numberSetting(facts, 'emit.checkpoints.interval.seconds');
    if (!a || !sv || cps.truncated || interval <= 0 || explainedElsewhere(facts)) return [];
    // While the task still loads its offset syncs nothing is emitted: pending (replication-catching-up), not missing.
    if (storesLoading(facts)) return [];
    // Grace: the first emission waits one full interval after task start (C2), then every interval.
    const graceMs = Math.max(5 * interval, 300) * 1000;
    const assigned = assignedGroups(facts);
    const policy = policyOf(facts);
    const latest = checkpointIndex(facts)!.byGroup;
    // Checkpoint keys carry the downstream (renamed) topic (MirrorCheckpointTask.renameTopicPartition): named once per topic.
    const remoteNames = new Map<string, string>();
    const remoteOf = (topic: string) => {
      let r = remoteNames.get(topic);
      if (r === undefined) remoteNames.set(topic, (r = policy.formatRemoteTopic(facts.mirror.sourceAlias, topic)));
      return r;
    };

    const stale: Lag[] = [];
    const missing: Lag[] = [];
    /** No checkpoint yet, but the sync it would translate through is younger than the grace period. */
    const due: Lag[] = [];
    for (const v of a.candidates) {
      const group = v.group.groupId;
      if (assigned && !assigned.has(group)) continue; // groups-pending-refresh's finding
      for (const o of v.mirroredCommits) {
        const t = sv.index.translate(o.topic, o.partition, o.offset);
        if (t.kind !== 'translated') continue; // translation-impossible's finding
        const written = syncTime(t);
        if (written === null) continue;
        const remote = remoteOf(o.topic);
        const cp = latest.get(group)?.get(remote, o.partition);
        const label = `${group} ${o.topic}-${o.partition}`;
        if (facts.now - written < graceMs) {
          // Between a group's first commit and MM2's first checkpoint for it: pending, not "flowing".
          if (!cp) due.push({ group, label, text: () => `committed ${o.offset} translates to ${remote}-${o.partition} offset ${t.downstreamOffset} (sync written ${formatDuration(Math.max(0, facts.now - written))} ago); no checkpoint yet` });
          continue;
        }
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
    /** The first ten partitions' lines, and how many more there are. */
    const shown = (l: Lag[]): Finding['evidence'] => [
      ...l.slice(0, 10).map((m) => ({ label: m.label, value: m.text() })),
      ...(l.length > 10 ? [{ label: 'more', value: `${l.length - 10} more partitions` }] : []),
    ];
    const causes = {
      label: 'remaining causes',
      value: [
        "the task's offset-sync store never finished loading (MM2's principal lacks READ on the offset-syncs topic)",
        'writes to the checkpoints topic fail (errors.tolerance=all hides it; look for "failed to send record to")',
        'the task is stuck polling (look for "Failure polling consumer state for checkpoints")',
      ],
    };
    const taskCauses = [causes, ...logCauseEvidence(facts, TASK_LOG_CODES)];
    /** `group g`, or `N groups` (`N <many>`). */
    const named = (groups: string[], many = 'groups') => (groups.length === 1 ? `group ${groups[0]}` : `${groups.length} ${many}`);
    /** One finding over `list`'s partitions, titled from its groups. */
    const emit = (code: Finding['code'], severity: Finding['severity'], list: Lag[], title: (groups: string[]) => string, extra: Finding['evidence']) => {
      if (list.length === 0) return;
      const groups = groupsOf(list);
      out.push({ code, severity, title: title(groups), evidence: [...shown(list), ...extra], subject: { groups, cluster: 'target' } });
    };
    emit('checkpoints-not-emitted', cps.records.length === 0 ? 'critical' : 'warning', missing, (g) => `No checkpoint for ${named(g, 'qualifying groups')} although ${g.length === 1 ? 'its' : 'their'} offsets translate`, taskCauses);
    emit('checkpoints-pending', 'info', due, (g) => `Pending: no checkpoint for ${named(g)} yet`, [
      {
        label: 'pending because',
        value: `MM2 writes a group's first checkpoint one emit.checkpoints.interval.seconds (${interval}s) after its checkpoint task starts or is given the group (MirrorCheckpointTask.poll); reported missing if there is none ${formatDuration(graceMs)} after the sync`,
      },
    ]);
    emit('checkpoints-stale', 'warning', stale, (g) => `Checkpoints of ${named(g)} lag their committed offsets by more than ${formatDuration(Math.max(0, graceMs))}`, taskCauses);
    return out;
  },
};
