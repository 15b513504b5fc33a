/**
 * The ACLs mm2-doctor ships (deploy/kafkauser.yaml, and the README's kafka-acls.sh commands), read
 * as data: one ALLOW rule per operation, on the source or the target. The lab test grants exactly
 * these; the unit test test/deploy/acls.test.ts holds the two forms to each other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

export type Side = 'source' | 'target';
export interface AclRule {
  side: Side;
  resource: 'topic' | 'group' | 'cluster';
  name: string;
  patternType: 'literal' | 'prefixed';
  operation: 'Describe' | 'Read' | 'DescribeConfigs';
}

/** The aliases (and Kafka cluster names) deploy/kafkauser.yaml is written for. */
export const SHIPPED_ALIASES: Record<Side, string> = { source: 'my-source-cluster', target: 'my-target-cluster' };

const key = (r: AclRule) => `${r.side} ${r.resource}:${r.patternType}:${r.name} ${r.operation}`;
/** Rules in a stable order, for comparing. */
export const sorted = (rules: AclRule[]) => [...rules].sort((a, b) => key(a).localeCompare(key(b)));
export const ruleText = key;

/** The rules of deploy/kafkauser.yaml, with its example aliases replaced by `aliases`. */
export function shippedKafkaUserAcls(aliases: Record<Side, string> = SHIPPED_ALIASES): AclRule[] {
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
    const side: Side = cluster === SHIPPED_ALIASES.source ? 'source' : 'target';
    for (const acl of user.spec.authorization.acls) {
      for (const operation of acl.operations) {
        const name = (acl.resource.name ?? 'kafka-cluster').replaceAll(SHIPPED_ALIASES.source, aliases.source).replaceAll(SHIPPED_ALIASES.target, aliases.target);
        out.push({ side, resource: acl.resource.type, name, patternType: acl.resource.patternType === 'prefix' ? 'prefixed' : 'literal', operation });
      }
    }
  }
  return sorted(out);
}

/** The rules of the README's kafka-acls.sh block, `$S`/`$T` replaced by `aliases`. */
export function readmeAclCommands(aliases: Record<Side, string> = SHIPPED_ALIASES): AclRule[] {
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
    const name = (res?.[2] ?? res?.[3] ?? 'kafka-cluster').replaceAll('$S', aliases.source).replaceAll('$T', aliases.target);
    const patternType = /--resource-pattern-type prefixed/.test(line) ? 'prefixed' : 'literal';
    for (const operation of ops) out.push({ side, resource, name, patternType, operation });
  }
  return sorted(out);
}
