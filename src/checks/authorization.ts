import type { Check, FactKey } from './check.ts';
import { describeAcl, type ClusterRole, type Facts, type Gathered, type RequiredAcl } from '../model/facts.ts';
import { capList } from './lib/facts.ts';

const READS: { key: FactKey; label: string; cluster: (f: Facts) => ClusterRole }[] = [
  { key: 'sourceGroups', label: 'list consumer groups', cluster: () => 'source' },
  { key: 'sourceTopics', label: 'list topics', cluster: () => 'source' },
  { key: 'targetTopics', label: 'list topics', cluster: () => 'target' },
  { key: 'offsetSyncsTopic', label: 'describe the offset-syncs topic', cluster: (f) => f.topicNames.offsetSyncs.cluster },
  { key: 'offsetSyncs', label: 'read the offset-syncs topic', cluster: (f) => f.topicNames.offsetSyncs.cluster },
  { key: 'checkpointsTopic', label: 'describe the checkpoints topic', cluster: () => 'target' },
  { key: 'checkpoints', label: 'read the checkpoints topic', cluster: () => 'target' },
  // Failover readiness: the checkpointed groups on the target (their members and synced offsets).
  { key: 'targetGroups', label: 'describe the checkpointed groups', cluster: () => 'target' },
];

/**
 * Detects reads an ACL denied to mm2-doctor, and names the ACL each one lacks. Denied group reads
 * hide exactly what the checkpoint connector looks for, so those groups cannot be judged (the
 * verdict becomes `unknown`). MM2's principal needs the same DESCRIBE ACLs; ListGroups silently
 * drops groups it may not describe (C8), and Metadata and OffsetFetch silently drop topics, which
 * the gatherer's probes turn into denied reads.
 */
export const authorization: Check = {
  id: 'authorization',
  emits: ['not-authorized'],
  needs: [],
  run(facts: Facts) {
    const alias = (c: ClusterRole) => (c === 'source' ? facts.mirror.sourceAlias : facts.mirror.targetAlias);
    const denied: { text: string; cluster: ClusterRole; key: FactKey }[] = [];
    const acls: (RequiredAcl & { cluster: ClusterRole })[] = [];
    const need = (acl: RequiredAcl | undefined, cluster: ClusterRole) => {
      if (acl && !acls.some((a) => a.cluster === cluster && a.resource === acl.resource && a.name === acl.name && a.operation === acl.operation)) acls.push({ ...acl, cluster });
    };
    for (const r of READS) {
      const g = facts[r.key] as Gathered<unknown> | undefined;
      if (!g || g.ok || g.error.kind !== 'not-authorized') continue;
      const cluster = r.cluster(facts);
      const op = g.error.operation ? ` (${g.error.operation})` : '';
      denied.push({ text: `${r.label} on ${alias(cluster)}${op}: ${g.error.message}`, cluster, key: r.key });
      need(g.error.acl, cluster);
    }
    const deniedGroups = facts.sourceGroups.ok ? facts.sourceGroups.value.filter((g) => !g.offsets.ok && g.offsets.error.kind === 'not-authorized') : [];
    for (const g of deniedGroups) if (!g.offsets.ok) need(g.offsets.error.acl, 'source');
    const groups = deniedGroups.map((g) => g.groupId).sort();
    if (denied.length === 0 && groups.length === 0) return [];
    const groupsHidden = groups.length > 0 || denied.some((d) => d.key === 'sourceGroups');
    const cluster: ClusterRole = groupsHidden || denied.some((d) => d.cluster === 'source') ? 'source' : 'target';
    return [
      {
        code: 'not-authorized',
        severity: 'warning',
        title: groupsHidden
          ? `mm2-doctor may not read consumer groups on ${facts.mirror.sourceAlias}; whether any group commits offsets is unknown`
          : `mm2-doctor is denied ${denied.length === 1 ? 'a read' : `${denied.length} reads`} on ${alias(cluster)}`,
        evidence: [
          ...acls.map((a) => ({ label: `missing ACL on ${alias(a.cluster)}`, value: describeAcl(a) })),
          ...denied.map((d) => ({ label: 'denied', value: d.text })),
          ...(groups.length > 0 ? [{ label: 'OffsetFetch denied for groups', value: capList(groups) }] : []),
        ],
        subject: { cluster, ...(groups.length > 0 ? { groups } : {}), ...(acls.length > 0 ? { acls } : {}) },
      },
    ];
  },
};
