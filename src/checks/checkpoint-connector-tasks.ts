import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding, Severity } from '../model/finding.ts';
import { atLeast } from '../mm2/version.ts';
import { analyzeGroups } from './lib/groups.ts';
import { booleanSetting, numberSetting, versionOf } from './lib/mirror.ts';
import { capList } from './lib/facts.ts';

/**
 * Detects a RUNNING checkpoint connector with no tasks (REST `"tasks":[]`). With zero qualifying
 * groups or emission off that is a consequence (C5, C2); with qualifying groups it is the reason
 * nothing is checkpointed (C6 refresh delay, or KAFKA-17232 on 3.5–3.8).
 */
export const checkpointConnectorTasks: Check = {
  id: 'checkpoint-connector-tasks',
  emits: ['checkpoint-connector-no-tasks'],
  needs: ['connect'],
  run(facts: Facts) {
    if (!facts.connect?.ok) return [];
    const c = facts.connect.value.checkpoint;
    if (!c || c.state !== 'RUNNING' || c.tasks.length > 0) return [];
    const disabled =
      booleanSetting(facts, 'enabled') === false ||
      booleanSetting(facts, 'emit.checkpoints.enabled') === false ||
      numberSetting(facts, 'emit.checkpoints.interval.seconds') < 0;
    const a = analyzeGroups(facts);
    const decided = a !== null && !a.undecided.some((v) => v.decision.selected !== false);
    const candidates = a?.candidates.map((v) => v.group.groupId) ?? [];

    let severity: Severity;
    let why: string;
    if (disabled) {
      severity = 'info';
      why = 'expected: checkpoint emission is disabled, so taskConfigs returns no task';
    } else if (candidates.length > 0 && atLeast(versionOf(facts), '3.9.0') && booleanSetting(facts, 'refresh.groups.enabled') !== false) {
      // 3.9 logs and retries a timed-out initial load (KAFKA-17232), so the connector simply has
      // not refreshed since the groups appeared: groups-pending-refresh names them and the wait.
      severity = 'info';
      why = `a consequence: ${candidates.length} group(s) qualify, but the connector has not looked for groups since they appeared (every refresh.groups.interval.seconds, ${numberSetting(facts, 'refresh.groups.interval.seconds')} s)`;
    } else if (candidates.length > 0) {
      severity = 'critical';
      const v = versionOf(facts);
      why =
        `${candidates.length} group(s) qualify but no task checkpoints them: new groups are found every refresh.groups.interval.seconds (${numberSetting(facts, 'refresh.groups.interval.seconds')} s)` +
        (atLeast(v, '3.5.0') && !atLeast(v, '3.9.0') ? '; on Kafka 3.5–3.8 a timed-out initial group load leaves the connector without tasks until restarted (KAFKA-17232)' : '');
    } else if (decided) {
      severity = 'info';
      why = 'a consequence: no consumer group qualifies, so the connector creates no task';
    } else {
      severity = 'warning';
      why = 'no task: either no group qualifies, or the initial group load has not finished; the groups could not be read to tell';
    }
    const evidence: Finding['evidence'] = [
      { label: 'connector state', value: c.state },
      { label: 'tasks', value: 0 },
      { label: 'meaning', value: why },
    ];
    if (candidates.length > 0) evidence.push({ label: 'qualifying groups', value: capList(candidates) });
    return [
      {
        code: 'checkpoint-connector-no-tasks',
        severity,
        title: `Checkpoint connector ${c.name} is RUNNING with no tasks`,
        evidence,
        subject: { connector: c.name, ...(candidates.length > 0 ? { groups: candidates } : {}) },
      },
    ];
  },
};
