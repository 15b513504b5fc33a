import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import { parseList } from '../mm2/kafka-config.ts';
import { analyzeGroups } from './lib/groups.ts';
import { booleanSetting, numberSetting } from './lib/mirror.ts';
import { capList } from './lib/facts.ts';

/**
 * Detects qualifying groups that no checkpoint task has been assigned yet (`task.assigned.groups`),
 * including a connector that has no task at all.
 * The connector looks for new groups only every `refresh.groups.interval.seconds` (default 600),
 * and never with `refresh.groups.enabled=false` (C6).
 */
export const groupsPendingRefresh: Check = {
  id: 'groups-pending-refresh',
  emits: ['groups-pending-refresh'],
  needs: ['sourceGroups', 'connect'],
  run(facts: Facts) {
    if (!facts.connect?.ok) return [];
    const c = facts.connect.value.checkpoint;
    if (!c || c.state !== 'RUNNING') return [];
    // With no task at all no group is assigned: the connector started before the groups committed
    // and has not refreshed since (the seed's operator starting a consumer after MM2, C5 + C6).
    const configs = c.tasks.map((t) => t.config?.['task.assigned.groups']);
    if (configs.some((g) => g === undefined)) return [];
    // MirrorCheckpointConfig.TASK_CONSUMER_GROUPS is a comma-joined list.
    const assigned = new Set(configs.flatMap((g) => parseList(g ?? '')));
    const a = analyzeGroups(facts);
    if (!a) return [];
    const pending = a.candidates.map((v) => v.group.groupId).filter((g) => !assigned.has(g));
    if (pending.length === 0) return [];
    const never = booleanSetting(facts, 'refresh.groups.enabled') === false;
    const interval = numberSetting(facts, 'refresh.groups.interval.seconds');
    return [
      {
        code: 'groups-pending-refresh',
        severity: never ? 'critical' : 'warning',
        title: never
          ? `${pending.length === 1 ? 'A qualifying group is' : `${pending.length} qualifying groups are`} not assigned to a checkpoint task, and group refresh is off`
          : `${pending.length === 1 ? 'A qualifying group is' : `${pending.length} qualifying groups are`} not assigned to a checkpoint task yet`,
        evidence: [
          { label: 'not assigned', value: capList(pending) },
          { label: 'assigned to tasks', value: assigned.size > 0 ? capList([...assigned].sort()) : 'none' },
          never
            ? { label: 'refresh.groups.enabled', value: 'false: new groups are seen only when the connector restarts' }
            : { label: 'refresh.groups.interval.seconds', value: `${interval} (new groups are picked up within this time)` },
        ],
        subject: { groups: pending, connector: c.name, setting: never ? 'refresh.groups.enabled' : 'refresh.groups.interval.seconds' },
      },
    ];
  },
};
