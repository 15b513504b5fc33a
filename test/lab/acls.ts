/**
 * mm2-doctor's ACLs in their three forms, read as comparable rules (one ALLOW operation each, on
 * the source or the target): the table (src/kafka/required-acls.ts), the Strimzi KafkaUsers of
 * deploy/kafkauser.yaml, and the README's kafka-acls.sh commands. test/deploy/acls.test.ts holds
 * the last two to the first; the lab test grants the table's rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { requiredAcls } from '../../src/kafka/required-acls.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';
import { internalTopics, replicationPolicy } from '../../src/mm2/policy.ts';
import type { RequiredAcl } from '../../src/model/facts.ts';

export type Side = 'source' | 'target';
export interface AclRule {
  side: Side;
  resource: RequiredAcl['resource'];
  name: string;
  patternType: 'literal' | 'prefixed';
  operation: RequiredAcl['operation'];
}

/** The aliases (and Kafka cluster names) deploy/kafkauser.yaml is written for. */
export const SHIPPED_ALIASES: Record<Side, string> = { source: 'my-source-cluster', target: 'my-target-cluster' };
/** The placeholders of the README's kafka-acls.sh commands. */
export const README_ALIASES: Record<Side, string> = { source: '$S', target: '$T' };

export const ruleText = (r: AclRule) => `${r.side} ${r.resource}:${r.patternType}:${r.name} ${r.operation}`;
/** Rules in a stable order, for comparing. */
const sorted = (rules: AclRule[]) => [...rules].sort((a, b) => ruleText(a).localeCompare(ruleText(b)));

/** The table's rules for a mirror `aliases.source` → `aliases.target` with MM2's default naming. */
export function tableAcls(aliases: Record<Side, string>): AclRule[] {
  const names = internalTopics({ policy: replicationPolicy(), sourceAlias: aliases.source, targetAlias: aliases.target });
  const grants = requiredAcls({ checkpoints: names.checkpoints.name, offsetSyncs: names.offsetSyncs });
  return sorted(grants.map((g) => ({ side: g.cluster, resource: g.resource, name: g.name, patternType: 'literal', operation: g.operation })));
}

/** The rules of deploy/kafkauser.yaml, as written. */
export function shippedKafkaUserAcls(): AclRule[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, 'deploy/kafkauser.yaml'), 'utf8');
  const out: AclRule[] = [];
  for (const doc of parseAllDocuments(text)) {
    const user = doc.toJS() as {
      kind: string;
      metadata: { labels: Record<string, string> };
      spec: { authorization: { acls: { resource: { type: AclRule['resource']; name?: string; patternType?: string }; operations: AclRule['operation'][] }[] } };
    };
    if (user.kind !== 'KafkaUser') continue;
    const cluster = user.metadata.labels['strimzi.io/cluster'];
    const side = (Object.keys(SHIPPED_ALIASES) as Side[]).find((s) => SHIPPED_ALIASES[s] === cluster);
    if (!side) throw new Error(`deploy/kafkauser.yaml: a KafkaUser for cluster ${cluster}, neither ${Object.values(SHIPPED_ALIASES).join(' nor ')}`);
    for (const acl of user.spec.authorization.acls) {
      for (const operation of acl.operations) {
        out.push({ side, resource: acl.resource.type, name: acl.resource.name ?? 'kafka-cluster', patternType: acl.resource.patternType === 'prefix' ? 'prefixed' : 'literal', operation });
      }
    }
  }
  return sorted(out);
}

/** The rules of the README's kafka-acls.sh block, as written (with `$S` and `$T`). */
export function readmeAclCommands(): AclRule[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## The ACLs mm2-doctor needs'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const out: AclRule[] = [];
  let side: Side = 'source';
  for (const line of block.split('\n')) {
    if (/^#\s*source/.test(line)) side = 'source';
    if (/^#\s*target/.test(line)) side = 'target';
    if (!line.startsWith('kafka-acls.sh')) continue;
    const ops = [...line.matchAll(/--operation (\w+)/g)].map((m) => m[1] as AclRule['operation']);
    const res = /--(topic|group) (?:'([^']*)'|"([^"]*)")/.exec(line);
    const resource = res ? (res[1] as AclRule['resource']) : 'cluster';
    const name = res?.[2] ?? res?.[3] ?? 'kafka-cluster';
    const patternType = /--resource-pattern-type prefixed/.test(line) ? 'prefixed' : 'literal';
    for (const operation of ops) out.push({ side, resource, name, patternType, operation });
  }
  return sorted(out);
}
