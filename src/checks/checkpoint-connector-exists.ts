import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { capList } from './lib/facts.ts';

function fromConnect(facts: Facts): Finding[] | null {
  if (!facts.connect?.ok) return null;
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
}

function fromStrimzi(facts: Facts): Finding[] {
  const m = facts.settings.strimzi;
  if (!m || !m.absent.includes('checkpoint')) return [];
  const field = `spec.mirrors[${m.mirrorIndex}].checkpointConnector`;
  return [
    {
      code: 'checkpoint-connector-missing',
      severity: 'critical',
      title: `The KafkaMirrorMaker2 has no checkpointConnector for ${facts.mirror.sourceAlias}->${facts.mirror.targetAlias}`,
      evidence: [{ label: field, value: 'not set: Strimzi creates a connector only when its spec is present (checkpointConnector: {} is enough)' }],
      subject: { strimziPath: field },
    },
  ];
}

/**
 * Detects a mirror without a MirrorCheckpointConnector: nothing writes checkpoints at all. Live
 * Connect answers first; without it, a KafkaMirrorMaker2 that leaves out
 * `spec.mirrors[].checkpointConnector` says the same (Strimzi creates only connectors it has a spec for).
 */
export const checkpointConnectorExists: Check = {
  id: 'checkpoint-connector-exists',
  emits: ['checkpoint-connector-missing'],
  needs: [],
  run(facts: Facts) {
    return fromConnect(facts) ?? fromStrimzi(facts);
  },
};
