/**
 * The ACLs a diagnosis needs, as one table: the reads of ReadOnlyKafka and what the broker checks
 * for each (KafkaApis.scala @3.9; the "Operations and Resources on Protocols" table of Kafka's
 * docs/security.html). deploy/kafkauser.yaml and the README's kafka-acls.sh commands are this
 * table written out; test/deploy/acls.test.ts holds them to it, and the lab grants exactly it
 * (test/lab/mtls-acl.lab.test.ts).
 */
import type { ClusterRole, InternalTopicNames, RequiredAcl } from '../model/facts.ts';

/** One ALLOW rule (literal pattern) on one side of a mirror, with the reads that need it. */
export interface AclGrant extends RequiredAcl {
  cluster: ClusterRole;
  why: string;
}

/**
 * Everything a full diagnosis of one mirror reads. READ implies DESCRIBE; nothing implies
 * DESCRIBE_CONFIGS (AclOperation.java, StandardAuthorizerData.java @3.9). No Cluster ACL: with
 * Cluster DESCRIBE, ListGroups lists every group, but DescribeGroups and OffsetFetch still need
 * DESCRIBE on each group. No group READ: a diagnosis never joins a group or commits.
 */
export function requiredAcls(topics: Pick<InternalTopicNames, 'checkpoints' | 'offsetSyncs'>): AclGrant[] {
  const internal = (cluster: ClusterRole, name: string, what: string): AclGrant[] => [
    { cluster, resource: 'topic', name, operation: 'Read', why: `Fetch the ${what} topic without a group` },
    { cluster, resource: 'topic', name, operation: 'DescribeConfigs', why: `DescribeConfigs of the ${what} topic (cleanup.policy)` },
  ];
  const allTopics = (cluster: ClusterRole): AclGrant => ({
    cluster,
    resource: 'topic',
    name: '*',
    operation: 'Describe',
    why: 'Metadata, ListOffsets and OffsetFetch silently leave out the topics a principal may not DESCRIBE',
  });
  return [
    allTopics('source'),
    { cluster: 'source', resource: 'group', name: '*', operation: 'Describe', why: 'ListGroups silently leaves out the groups a principal may not DESCRIBE; FindCoordinator, DescribeGroups and OffsetFetch need it per group' },
    allTopics('target'),
    { cluster: 'target', resource: 'group', name: '*', operation: 'Describe', why: 'Failover readiness reads the checkpointed groups on the target (FindCoordinator, DescribeGroups, OffsetFetch): their members and the offsets MM2 synced there' },
    ...internal(topics.offsetSyncs.cluster, topics.offsetSyncs.name, 'offset-syncs'),
    ...internal('target', topics.checkpoints, 'checkpoints'),
  ];
}
