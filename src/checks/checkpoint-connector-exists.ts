import type { Check } from './check.ts';
import type { Facts } from '../engine/facts.ts';
import { capList } from './lib/facts.ts';

/**
 * Detects a Connect cluster without a MirrorCheckpointConnector for this mirror: nothing writes
 * checkpoints at all. Strimzi creates it only when `spec.mirrors[].checkpointConnector` is set.
 */
export const checkpointConnectorExists: Check = {
  id: 'checkpoint-connector-exists',
  emits: ['checkpoint-connector-missing'],
  needs: ['connect'],
  run(facts: Facts) {
    if (!facts.connect?.ok) return [];
    const c = facts.connect.value;
    if (c.checkpoint !== null) return [];
    const lookalikes = c.allConnectors.filter((n) => /checkpoint/i.test(n));
    return [
      {
        code: 'checkpoint-connector-missing',
        severity: 'critical',
        title: `No MirrorCheckpointConnector for ${facts.mirror.sourceAlias}->${facts.mirror.targetAlias} on Kafka Connect`,
        evidence: [
          { label: 'connectors on the worker', value: c.allConnectors.length > 0 ? capList([...c.allConnectors].sort()) : 'none' },
          ...(lookalikes.length > 0 ? [{ label: 'other checkpoint connectors (another flow or name?)', value: lookalikes }] : []),
        ],
      },
    ];
  },
};
