/**
 * The shipped forms of mm2-doctor's ACLs (deploy/kafkauser.yaml, the README's kafka-acls.sh
 * commands) are the table of src/kafka/required-acls.ts, which the lab grants, and say only
 * read-only things.
 */
import { describe, expect, it } from 'vitest';
import { requiredAcls } from '../../src/kafka/required-acls.ts';
import { README_ALIASES, readmeAclCommands, ruleText, SHIPPED_ALIASES, shippedKafkaUserAcls, tableAcls } from '../lab/acls.ts';

describe('the ACLs mm2-doctor needs', () => {
  it('the table: DESCRIBE on all topics and groups, READ and DESCRIBE_CONFIGS on the two internal topics', () => {
    expect(tableAcls(SHIPPED_ALIASES).map(ruleText)).toEqual([
      'source group:literal:* Describe',
      'source topic:literal:* Describe',
      'source topic:literal:mm2-offset-syncs.my-target-cluster.internal DescribeConfigs',
      'source topic:literal:mm2-offset-syncs.my-target-cluster.internal Read',
      'target group:literal:* Describe',
      'target topic:literal:* Describe',
      'target topic:literal:my-source-cluster.checkpoints.internal DescribeConfigs',
      'target topic:literal:my-source-cluster.checkpoints.internal Read',
    ]);
  });

  it('deploy/kafkauser.yaml grants exactly the table', () => {
    expect(shippedKafkaUserAcls().map(ruleText)).toEqual(tableAcls(SHIPPED_ALIASES).map(ruleText));
  });

  it("the README's kafka-acls.sh commands grant exactly the table", () => {
    expect(readmeAclCommands().map(ruleText)).toEqual(tableAcls(README_ALIASES).map(ruleText));
  });

  it('with offset-syncs.topic.location=target the offset-syncs rules move to the target', () => {
    const grants = requiredAcls({ checkpoints: 'S.checkpoints.internal', offsetSyncs: { name: 'mm2-offset-syncs.S.internal', cluster: 'target' } });
    expect(grants.filter((g) => g.name === 'mm2-offset-syncs.S.internal').map((g) => g.cluster)).toEqual(['target', 'target']);
    expect(grants.filter((g) => g.cluster === 'source').map((g) => g.name)).toEqual(['*', '*']);
  });

  it('READ only on the two internal topics, nothing on groups but DESCRIBE, nothing on the cluster', () => {
    const rules = tableAcls({ source: 'S', target: 'T' });
    expect(rules.filter((r) => r.operation === 'Read').map((r) => r.name).sort()).toEqual(['S.checkpoints.internal', 'mm2-offset-syncs.T.internal']);
    expect(rules.filter((r) => r.resource === 'group').every((r) => r.operation === 'Describe')).toBe(true);
    expect(rules.some((r) => r.resource === 'cluster')).toBe(false);
  });
});
