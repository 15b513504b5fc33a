/**
 * What a checkpoint connector with no task means, whoever reports it (Connect REST, or Strimzi's
 * copy of it in the KafkaMirrorMaker2 status): MirrorCheckpointConnector.taskConfigs returns no
 * task when emission is off (C1, C2), when no group qualifies (C5), or while its initial group
 * load has not finished (C7); with qualifying groups it is the reason nothing is checkpointed.
 */
import type { Facts } from '../../model/facts.ts';
import type { Severity } from '../../model/finding.ts';
import { atLeast } from '../../mm2/version.ts';
import { analyzeGroups } from './groups.ts';
import { booleanSetting, numberSetting, versionOf } from './mirror.ts';

/** How bad "no task" is for this mirror, why, and the groups that qualify. */
export function noTaskMeaning(facts: Facts): { severity: Severity; why: string; candidates: string[] } {
  const disabled =
    booleanSetting(facts, 'enabled') === false ||
    booleanSetting(facts, 'emit.checkpoints.enabled') === false ||
    numberSetting(facts, 'emit.checkpoints.interval.seconds') < 0;
  const a = analyzeGroups(facts);
  const decided = a !== null && !a.undecided.some((v) => v.decision.selected !== false);
  const candidates = a?.candidates.map((v) => v.group.groupId) ?? [];
  if (disabled) return { severity: 'info', why: 'expected: checkpoint emission is disabled, so taskConfigs returns no task', candidates };
  if (candidates.length > 0 && atLeast(versionOf(facts), '3.9.0') && booleanSetting(facts, 'refresh.groups.enabled') !== false) {
    // 3.9 logs and retries a timed-out initial load (KAFKA-17232), so the connector simply has
    // not refreshed since the groups appeared: groups-pending-refresh names them and the wait.
    return {
      severity: 'info',
      why: `a consequence: ${candidates.length} group(s) qualify, but the connector has not looked for groups since they appeared (every refresh.groups.interval.seconds, ${numberSetting(facts, 'refresh.groups.interval.seconds')} s)`,
      candidates,
    };
  }
  if (candidates.length > 0) {
    const v = versionOf(facts);
    return {
      severity: 'critical',
      why:
        `${candidates.length} group(s) qualify but no task checkpoints them: new groups are found every refresh.groups.interval.seconds (${numberSetting(facts, 'refresh.groups.interval.seconds')} s)` +
        (atLeast(v, '3.5.0') && !atLeast(v, '3.9.0') ? '; on Kafka 3.5–3.8 a timed-out initial group load leaves the connector without tasks until restarted (KAFKA-17232)' : ''),
      candidates,
    };
  }
  if (decided) return { severity: 'info', why: 'a consequence: no consumer group qualifies, so the connector creates no task', candidates };
  return { severity: 'warning', why: 'no task: either no group qualifies, or the initial group load has not finished; the groups could not be read to tell', candidates };
}
