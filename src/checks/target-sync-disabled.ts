import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import { checkpointIndex } from './lib/checkpoints.ts';
import { capList } from './lib/facts.ts';
import { formatDuration } from '../util/duration.ts';
import { booleanSetting, provenance } from './lib/mirror.ts';

/**
 * Says, as info, that MM2 writes no target group offsets (`sync.group.offsets.enabled`, default
 * false: MirrorCheckpointConfig @3.9; with it off `syncGroupOffsetsInterval()` is negative and the
 * sync job is never scheduled, Scheduler.scheduleRepeatingDelayed), and what a failover then needs:
 * the consumers translate from the checkpoints themselves. Only when there are checkpoints to use.
 */
export const targetSyncDisabled: Check = {
  id: 'target-sync-disabled',
  emits: ['target-sync-disabled'],
  needs: ['checkpoints'],
  run(facts: Facts) {
    if (booleanSetting(facts, 'sync.group.offsets.enabled') === true) return [];
    if (!facts.checkpoints.ok || facts.checkpoints.value.records.length === 0) return [];
    const { groups, newestAt } = checkpointIndex(facts)!;
    const newest = newestAt!;
    const where = provenance(facts, 'sync.group.offsets.enabled');
    return [
      {
        code: 'target-sync-disabled',
        severity: 'info',
        title: `MM2 does not write the offsets of ${groups.length === 1 ? `group ${groups[0]}` : `${groups.length} checkpointed groups`} to ${facts.mirror.targetAlias} (sync.group.offsets.enabled is off)`,
        evidence: [
          { label: 'sync.group.offsets.enabled', value: `${where.isDefault ? 'false (Kafka\'s default)' : `false (${where.words})`}` },
          {
            label: 'on failover',
            value: `consumers find no offsets MM2 wrote on ${facts.mirror.targetAlias}: they must translate from ${facts.topicNames.checkpoints} themselves (RemoteClusterUtils.translateOffsets in connect-mirror-client) or have their offsets set from the checkpoints before they start; otherwise they start at auto.offset.reset`,
          },
          { label: 'checkpointed groups', value: capList(groups) },
          { label: 'newest checkpoint', value: `${formatDuration(Math.max(0, facts.now - newest))} ago` },
        ],
        subject: { groups, topics: [facts.topicNames.checkpoints], setting: 'sync.group.offsets.enabled', cluster: 'target' },
      },
    ];
  },
};
