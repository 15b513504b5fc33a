/** Readers over `TopicFacts` for MM2's single-partition internal topics. */
import type { TopicFacts } from '../../model/facts.ts';

/** Partition 0's start and end offsets, when they were gathered: MM2 writes and reads only partition 0. */
export function partition0(t: TopicFacts): { start: bigint; end: bigint } | null {
  const p = t.offsets?.find((o) => o.partition === 0);
  return p ? { start: p.start, end: p.end } : null;
}

/** `cleanup.policy` as a set (`compact,delete` has both); `null` when configs were not gathered. */
export function cleanupPolicy(t: TopicFacts): Set<string> | null {
  const raw = t.configs?.['cleanup.policy'];
  if (raw === undefined) return null;
  return new Set(raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** How a pre-created internal topic differs from what MM2 creates (1 partition, `cleanup.policy=compact`). */
export function deviations(t: TopicFacts): { partitions: boolean; deletes: boolean; policy: string | null } {
  const policy = cleanupPolicy(t);
  return {
    partitions: t.partitions !== 1,
    deletes: policy !== null && (policy.has('delete') || !policy.has('compact')),
    policy: t.configs?.['cleanup.policy'] ?? null,
  };
}
