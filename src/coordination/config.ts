/**
 * The `coordination:` section (an entry of `sections` in src/config/schema.ts): the bot's OWN
 * Kafka cluster, where replicas elect the one that posts digests and alerts and share their
 * state. It names a cluster alias of `clusters:`; mm2-doctor creates its coordination topic, its
 * state topic and its consumer group on that cluster only. Clusters being diagnosed are only read.
 *
 * ```yaml
 * clusters:
 *   ops: { bootstrap: ops-kafka:9092 }       # the bot's own cluster (SASL/TLS as for any cluster)
 * coordination:
 *   cluster: ops
 *   topic: mm2-doctor.coordination            # 1 partition; its owner in the group is the poster
 *   stateTopic: mm2-doctor.state              # compacted, 1 partition: digest and incident state
 *   group: mm2-doctor                         # consumer group the replicas join
 *   sessionTimeoutMs: 10000                   # a dead poster is replaced after about this long
 *   replicationFactor: 3                      # of the two topics; default: the broker's default
 *   catchUpMinutes: 30                        # a digest missed while the poster changed is posted late, up to this late
 * ```
 */
import { integer, object, optional, required, string, withDefault, type Schema } from '../config/schema-kit.ts';

/** The `coordination:` section with defaults applied. */
export interface CoordinationConfig {
  cluster: string;
  topic: string;
  stateTopic: string;
  group: string;
  sessionTimeoutMs: number;
  replicationFactor?: number | undefined;
  catchUpMinutes: number;
}

// Kafka's rule for topic and group names used here: legal characters, at most 249.
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const topic = string({ pattern: TOPIC, expected: 'a topic name (letters, digits, ., _ and -)' });

/** Schema of `coordination:`. */
export const coordinationSchema = object({
  cluster: required(string({ pattern: /^[a-zA-Z0-9._-]{1,100}$/, expected: 'a cluster alias of clusters:' })),
  topic: withDefault(topic, 'mm2-doctor.coordination'),
  stateTopic: withDefault(topic, 'mm2-doctor.state'),
  group: withDefault(string({ pattern: TOPIC, expected: 'a consumer group id (letters, digits, ., _ and -)' }), 'mm2-doctor'),
  // The broker accepts group.min.session.timeout.ms (6 s) to group.max.session.timeout.ms (30 min).
  sessionTimeoutMs: withDefault(integer({ min: 6000, max: 1_800_000 }), 10_000),
  replicationFactor: optional(integer({ min: 1, max: 32 })),
  catchUpMinutes: withDefault(integer({ min: 0, max: 1440 }), 30),
}) as Schema<CoordinationConfig>;
