import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { compareConnectors, type Setting } from '../mm2/settings.ts';

function shown(s: Setting<unknown>): string {
  const v = s.value === undefined ? '(unset)' : JSON.stringify(s.value);
  const from = s.source === 'default' ? 'Kafka default' : (s.path ?? s.connector ?? s.source);
  return `${v} (${from})`;
}

/**
 * Detects settings that differ between MirrorSourceConnector and MirrorCheckpointConnector. A
 * different alias, policy, separator or offset-syncs location makes the checkpoint task read an
 * offset-syncs topic nobody writes (C10, the `target.cluster.alias=target` trap).
 */
export const connectorConfigMismatch: Check = {
  id: 'connector-config-mismatch',
  emits: ['connector-config-mismatch'],
  needs: [],
  run(facts: Facts) {
    const settings = facts.settings;
    // An absent connector has only Kafka defaults (target.cluster.alias=target): nothing to compare.
    if (settings.source.present === false || settings.checkpoint.present === false) return [];
    const cmp = compareConnectors(settings);
    const { source, checkpoint } = settings;
    const split = !cmp.offsetSyncs.match;
    return cmp.mismatches.map((m): Finding => {
      const naming = m.consequence.includes('internal topic names') || m.consequence.includes('other cluster');
      return {
        code: 'connector-config-mismatch',
        // Filter differences only starve some groups; a split offset-syncs topic starves all.
        severity: naming && split ? 'critical' : 'warning',
        title: `${m.key} differs between ${source.name} and ${checkpoint.name}`,
        evidence: [
          { label: source.name, value: shown(m.sourceConnector) },
          { label: checkpoint.name, value: shown(m.checkpointConnector) },
          { label: 'consequence', value: m.consequence },
          // strimzi#4498: checkpoints and synced offsets name remote topics the way the checkpoint connector's policy does.
          ...(m.key === 'replication.policy.class'
            ? [{ label: 'effect', value: "checkpoints name remote topics by the checkpoint connector's policy, so they do not match the topics the source connector creates" }]
            : []),
          ...(naming
            ? [
                { label: 'offset syncs written to', value: `${cmp.offsetSyncs.writtenBySource.name} on ${cmp.offsetSyncs.writtenBySource.cluster}` },
                { label: 'offset syncs read from', value: `${cmp.offsetSyncs.readByCheckpoint.name} on ${cmp.offsetSyncs.readByCheckpoint.cluster}` },
              ]
            : []),
        ],
        subject: {
          setting: m.checkpointConnector.key,
          connector: checkpoint.name,
          ...(m.checkpointConnector.source === 'strimzi' && m.checkpointConnector.path ? { strimziPath: m.checkpointConnector.path } : {}),
        },
      };
    });
  },
};
