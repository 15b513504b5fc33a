import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import { connectOf } from './lib/facts.ts';

const isConverterMismatch = (c: { reason: string; code?: string }) => c.code === 'converter-mismatch' || /ByteArrayConverter|converter/i.test(c.reason);

/**
 * Detects checkpoint records that are not MM2's binary format, typically JSON written by a Connect
 * worker whose default converter is JsonConverter (C17). The topic is not empty, yet
 * CheckpointStore and RemoteClusterUtils ignore every such record.
 */
export const checkpointsFormat: Check = {
  id: 'checkpoints-format',
  emits: ['checkpoints-converter-mismatch'],
  needs: ['checkpoints'],
  run(facts: Facts) {
    if (!facts.checkpoints.ok) return [];
    const { records, corrupt } = facts.checkpoints.value;
    const bad = corrupt.filter(isConverterMismatch);
    if (bad.length === 0) return [];
    const first = bad[0];
    const cfg = connectOf(facts)?.checkpoint?.config;
    const converters = cfg ? ['key.converter', 'value.converter'].filter((k) => cfg[k]).map((k) => `${k}=${cfg[k]}`) : [];
    return [
      {
        code: 'checkpoints-converter-mismatch',
        severity: records.length === 0 ? 'critical' : 'warning',
        title: `${bad.length} record${bad.length === 1 ? '' : 's'} in ${facts.topicNames.checkpoints} ${bad.length === 1 ? 'is' : 'are'} not MM2's binary checkpoint format`,
        evidence: [
          { label: 'undecodable records', value: bad.length },
          { label: 'decodable checkpoints', value: records.length },
          ...(first ? [{ label: `offset ${first.offset}`, value: first.reason }] : []),
          ...(converters.length > 0 ? [{ label: 'connector converters', value: converters }] : []),
        ],
        subject: { topics: [facts.topicNames.checkpoints], cluster: 'target', setting: 'value.converter' },
      },
    ];
  },
};
