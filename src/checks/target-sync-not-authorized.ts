import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { LogEntry } from '../model/log-explanation.ts';
import { capList } from './lib/facts.ts';
import { between, logEntries } from './lib/logs.ts';

const AUTHZ = /(Group|Topic|Cluster)AuthorizationException/;

/** A log entry of the sync path that an authorization failure caused, or null. */
function denied(e: LogEntry, targetAlias: string): string | null {
  const text = `${(e.exceptions ?? []).join(' ')} ${e.title} ${e.sample}`;
  const m = AUTHZ.exec(text);
  if (!m) return null;
  // MirrorCheckpointTask.syncGroupOffset's whenComplete: ERROR "Unable to sync offsets for consumer group {}." + the exception.
  if (e.code === 'sync-offsets-failed') return m[0];
  // MirrorUtils.adminCall (3.8+, KAFKA-15517): "<X>AuthorizationException occurred while trying to <list|alter> offsets for consumer group <g> on <target> cluster".
  if (e.code === 'group-not-authorized' && /offsets for consumer group/.test(text) && text.includes(`on ${targetAlias} cluster`)) return m[0];
  return null;
}

/**
 * Detects, from MM2's logs, that its principal may not commit offsets on the target: the
 * asynchronous OffsetCommit of the sync job failed with an authorization error (logged by
 * MirrorCheckpointTask.syncGroupOffset @3.9 L390-392), or a blocking group-offsets call on the
 * target was denied (MirrorUtils.adminCall @3.9 L328-340). A commit needs READ on the group and
 * READ on each topic (KafkaApis.handleOffsetCommitRequest @3.9 L451-466); DESCRIBE is not enough.
 */
export const targetSyncNotAuthorized: Check = {
  id: 'target-sync-not-authorized',
  emits: ['target-sync-not-authorized'],
  needs: ['logs'],
  run(facts: Facts) {
    const hits = logEntries(facts, 'cause')
      .map((e) => ({ e, ex: denied(e, facts.mirror.targetAlias) }))
      .filter((x): x is { e: LogEntry; ex: string } => x.ex !== null);
    if (hits.length === 0) return [];
    const groups = [...new Set(hits.flatMap((h) => h.e.groups ?? []))].sort();
    const topics = [...new Set(hits.flatMap((h) => [...`${h.e.sample}`.matchAll(/Not authorized to access topics: \[([^\]]+)\]/g)].flatMap((m) => (m[1] ?? '').split(',').map((t) => t.trim()))))].filter(Boolean).sort();
    const exceptions = [...new Set(hits.map((h) => h.ex))].sort();
    return [
      {
        code: 'target-sync-not-authorized',
        severity: 'warning',
        title: `MM2 may not commit ${groups.length === 1 ? `group ${groups[0]}'s` : groups.length > 1 ? `the offsets of ${groups.length} groups` : 'group offsets'}${groups.length === 1 ? ' offsets' : ''} on ${facts.mirror.targetAlias} (${exceptions.join(', ')})`,
        evidence: [
          ...hits.slice(0, 3).map((h) => ({ label: 'MM2 logged', value: `${h.e.count}× ${between(h.e.first, h.e.last) ?? ''} ${h.e.sample}`.replace(/ {2,}/g, ' ') })),
          ...(groups.length ? [{ label: 'groups', value: capList(groups) }] : []),
          { label: 'needs', value: `READ on each group and READ on each remote topic for the principal MM2 uses on ${facts.mirror.targetAlias} (DESCRIBE only lets it look)` },
        ],
        subject: { groups, ...(topics.length ? { topics } : {}), cluster: 'target' },
      },
    ];
  },
};
