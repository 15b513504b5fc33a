import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { atLeast } from '../mm2/version.ts';
import { booleanSetting, numberSetting, provenance, versionOf } from './lib/mirror.ts';

function origin(facts: Facts, key: string): Finding['evidence'][number] {
  return { label: 'set by', value: provenance(facts, key).words };
}

function strimziPath(facts: Facts, key: string): { strimziPath?: string } {
  const p = provenance(facts, key).path;
  return p ? { strimziPath: p } : {};
}

/**
 * Detects a checkpoint connector that is switched off (C1 `enabled=false`, e.g. a dedicated-mode
 * flow without `A->B.enabled=true`) or told not to emit (C2 `emit.checkpoints.enabled=false`, a
 * negative interval, or no offset syncs with `emit.offset-syncs.enabled=false`).
 */
export const checkpointEmission: Check = {
  id: 'checkpoint-emission',
  emits: ['flow-disabled', 'checkpoints-disabled'],
  needs: [],
  run(facts: Facts) {
    const out: Finding[] = [];
    const version = versionOf(facts);
    const flow = `${facts.mirror.sourceAlias}->${facts.mirror.targetAlias}`;
    if (booleanSetting(facts, 'enabled') === false) {
      out.push({
        code: 'flow-disabled',
        severity: 'critical',
        title: `The checkpoint connector of ${flow} is disabled (enabled=false)`,
        evidence: [
          { label: 'enabled', value: 'false' },
          origin(facts, 'enabled'),
          // MirrorMakerConfig L260: dedicated mode puts enabled=false on every flow not listed as A->B.enabled=true.
          { label: 'note', value: `dedicated MirrorMaker 2 disables every flow unless ${flow}.enabled = true` },
          // KAFKA-18021: 3.9.0's disabled checkpoint connector throws RetriableException from taskConfigs.
          ...(atLeast(version, '3.9.0') && !atLeast(version, '4.0.0')
            ? [{ label: 'log noise', value: 'Kafka 3.9.0 then logs "Failed to reconfigure connector\'s tasks" / "Timeout while loading consumer groups." repeatedly (KAFKA-18021)' }]
            : []),
        ],
        subject: { setting: 'enabled', ...strimziPath(facts, 'enabled') },
      });
    }
    const reject = atLeast(version, '3.9.0')
      ? 'Kafka 3.9 rejects this config: the connector cannot be created (KIP-1031)'
      : 'the connector runs with no tasks';
    if (booleanSetting(facts, 'emit.checkpoints.enabled') === false) {
      out.push({
        code: 'checkpoints-disabled',
        severity: 'critical',
        title: `Checkpoint emission is off for ${flow} (emit.checkpoints.enabled=false)`,
        evidence: [{ label: 'emit.checkpoints.enabled', value: 'false' }, origin(facts, 'emit.checkpoints.enabled'), { label: 'effect', value: reject }],
        subject: { setting: 'emit.checkpoints.enabled', ...strimziPath(facts, 'emit.checkpoints.enabled') },
      });
    }
    const interval = numberSetting(facts, 'emit.checkpoints.interval.seconds');
    if (interval < 0) {
      out.push({
        code: 'checkpoints-disabled',
        severity: 'critical',
        title: `Checkpoint emission is off for ${flow} (emit.checkpoints.interval.seconds=${interval})`,
        evidence: [{ label: 'emit.checkpoints.interval.seconds', value: String(interval) }, origin(facts, 'emit.checkpoints.interval.seconds'), { label: 'effect', value: reject }],
        subject: { setting: 'emit.checkpoints.interval.seconds', ...strimziPath(facts, 'emit.checkpoints.interval.seconds') },
      });
    }
    if (atLeast(version, '3.9.0') && booleanSetting(facts, 'emit.offset-syncs.enabled') === false) {
      out.push({
        code: 'checkpoints-disabled',
        severity: 'critical',
        title: `Offset syncs are off for ${flow} (emit.offset-syncs.enabled=false), so nothing can be translated`,
        evidence: [
          { label: 'emit.offset-syncs.enabled', value: 'false' },
          origin(facts, 'emit.offset-syncs.enabled'),
          { label: 'effect', value: 'MirrorCheckpointConnector can\'t run without offset syncs (validation error, Kafka 3.9)' },
        ],
        subject: { setting: 'emit.offset-syncs.enabled', ...strimziPath(facts, 'emit.offset-syncs.enabled') },
      });
    }
    return out;
  },
};
