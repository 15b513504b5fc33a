import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { connectOf } from './lib/facts.ts';
import { partition0 } from './lib/topics.ts';

function sourceConnectorState(facts: Facts): Finding['evidence'] {
  const c = connectOf(facts);
  if (!c) return [];
  if (!c.source) return [{ label: 'source connector', value: 'not found on Kafka Connect' }];
  const failed = c.source.tasks.filter((t) => t.state !== 'RUNNING').map((t) => `task ${t.id} ${t.state}`);
  return [{ label: `source connector ${c.source.name}`, value: [c.source.state, ...failed].join(', ') }];
}

/**
 * Detects a missing or empty offset-syncs topic. The checkpoint task translates only through
 * offset syncs; without the topic its store never loads, without records nothing translates (C10).
 */
export const offsetSyncs: Check = {
  id: 'offset-syncs',
  emits: ['offset-syncs-missing', 'offset-syncs-empty'],
  needs: ['offsetSyncsTopic'],
  run(facts: Facts) {
    if (!facts.offsetSyncsTopic.ok) return [];
    const { name, cluster } = facts.topicNames.offsetSyncs;
    const alias = cluster === 'source' ? facts.mirror.sourceAlias : facts.mirror.targetAlias;
    const t = facts.offsetSyncsTopic.value;
    const lookalikes = facts.lookalikeTopics.filter((l) => /offset-syncs/.test(l.name)).map((l) => `${l.name} on ${l.cluster}`);
    if (t === null) {
      return [
        {
          code: 'offset-syncs-missing',
          severity: 'critical',
          title: `Offset-syncs topic ${name} does not exist on ${alias}`,
          evidence: [
            { label: 'expected', value: `${name} on ${cluster} (${alias})` },
            { label: 'effect', value: 'the checkpoint task\'s offset-sync store never finishes loading, so no offset is translated' },
            ...(lookalikes.length > 0 ? [{ label: 'similar topics', value: lookalikes }] : []),
            ...sourceConnectorState(facts),
          ],
          subject: { topics: [name], cluster },
        },
      ];
    }
    const p0 = partition0(t);
    const decoded = facts.offsetSyncs.ok ? facts.offsetSyncs.value : null;
    const empty = p0 ? p0.end === p0.start : decoded !== null && decoded.records.length === 0 && decoded.corrupt.length === 0;
    if (!empty) return [];
    const evidence: Finding['evidence'] = [];
    if (p0) {
      evidence.push({ label: 'partition 0 offsets', value: `${p0.start}..${p0.end}` });
      if (p0.end > 0n) evidence.push({ label: 'history', value: `${p0.end} syncs were written and all were deleted (check cleanup.policy and retention.ms)` });
    }
    evidence.push(
      { label: 'effect', value: 'syncs are written only after replicated records are acked by the target; none means nothing to translate with' },
      ...sourceConnectorState(facts),
      ...(lookalikes.length > 0 ? [{ label: 'similar topics', value: lookalikes }] : []),
    );
    return [
      {
        code: 'offset-syncs-empty',
        severity: 'critical',
        title: `Offset-syncs topic ${name} on ${alias} is empty`,
        evidence,
        subject: { topics: [name], cluster },
      },
    ];
  },
};
