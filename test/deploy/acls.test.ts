/** The two shipped forms of mm2-doctor's ACLs say the same, and say only read-only things. */
import { describe, expect, it } from 'vitest';
import { readmeAclCommands, ruleText, shippedKafkaUserAcls } from '../lab/acls.ts';

describe('the ACLs mm2-doctor needs', () => {
  it('deploy/kafkauser.yaml and the README kafka-acls.sh commands grant the same rules', () => {
    const user = shippedKafkaUserAcls();
    expect(user.map(ruleText)).toEqual([
      'source group:literal:* Describe',
      'source topic:literal:* Describe',
      'source topic:literal:mm2-offset-syncs.my-target-cluster.internal DescribeConfigs',
      'source topic:literal:mm2-offset-syncs.my-target-cluster.internal Read',
      'target topic:literal:* Describe',
      'target topic:literal:my-source-cluster.checkpoints.internal DescribeConfigs',
      'target topic:literal:my-source-cluster.checkpoints.internal Read',
    ]);
    expect(readmeAclCommands().map(ruleText)).toEqual(user.map(ruleText));
  });

  it('READ only on the two internal topics, nothing on groups but DESCRIBE, nothing on the cluster', () => {
    const rules = shippedKafkaUserAcls({ source: 'S', target: 'T' });
    expect(rules.filter((r) => r.operation === 'Read').map((r) => r.name).sort()).toEqual(['S.checkpoints.internal', 'mm2-offset-syncs.T.internal']);
    expect(rules.filter((r) => r.resource === 'group').every((r) => r.operation === 'Describe')).toBe(true);
    expect(rules.some((r) => r.resource === 'cluster')).toBe(false);
  });
});
