/**
 * The `coordination:` section (a config section, listed for the loader by
 * src/config-sections.ts): the bot's OWN Kafka cluster, where replicas elect the one that posts
 * digests and alerts and share their state. It names a cluster alias of `clusters:`; mm2-doctor creates its coordination topic, its
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
import { z } from 'zod';
import { formatPath, type Path } from '../config/document.ts';
import { configSection, type SectionValues } from '../config/section.ts';
import { suggestionSuffix } from '../config/suggest.ts';
import { strictMap } from '../config/zod-yaml.ts';

// Kafka's rule for topic and group names used here: legal characters, at most 249.
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const topic = z.string().regex(TOPIC).describe('a topic name (letters, digits, ., _ and -)');

/** Schema of `coordination:`. */
export const coordinationSchema = strictMap({
  cluster: z.string().regex(/^[a-zA-Z0-9._-]{1,100}$/).describe('a cluster alias of clusters:'),
  topic: topic.default('mm2-doctor.coordination'),
  stateTopic: topic.default('mm2-doctor.state'),
  group: z.string().regex(TOPIC).describe('a consumer group id (letters, digits, ., _ and -)').default('mm2-doctor'),
  // The broker accepts group.min.session.timeout.ms (6 s) to group.max.session.timeout.ms (30 min).
  sessionTimeoutMs: z.int().min(6000).max(1_800_000).default(10_000),
  replicationFactor: z.int().min(1).max(32).optional(),
  catchUpMinutes: z.int().min(0).max(1440).default(30),
});

/** The `coordination:` section with defaults applied. */
export type CoordinationConfig = z.output<typeof coordinationSchema>;

/**
 * `coordination:`; its cluster must be a configured one, and a warning says what is created there
 * when that cluster is also being diagnosed.
 */
export const coordinationSection = configSection({
  key: 'coordination',
  schema: coordinationSchema,
  crossCheck: (c, ctx) => {
    const at: Path = ['coordination', 'cluster'];
    const { clusters, mirrors } = ctx.config;
    if (!clusters[c.cluster]) {
      // An alias missing because its own entry has errors is not reported twice.
      if (!ctx.hasErrorsUnder(['clusters'])) {
        ctx.error(at, `unknown cluster alias '${c.cluster}'${suggestionSuffix(c.cluster, Object.keys(clusters))}; define the bot's own cluster under clusters:`);
      }
    } else {
      const used = mirrors.filter((m) => m.source === c.cluster || m.target === c.cluster).map((m) => m.id);
      if (used.length > 0) ctx.warn(at, `${formatPath(at)} '${c.cluster}' is also a cluster of ${used.join(', ')}: mm2-doctor will create its topics ${c.topic} and ${c.stateTopic} and its group ${c.group} there`);
    }
    return c;
  },
});

/** The part of a loaded config that holds `coordination:`. */
export type CoordinationSection = SectionValues<[typeof coordinationSection]>;
