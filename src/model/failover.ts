/**
 * Failover readiness: if the consumers of a mirror's groups moved to the target now, where would
 * each group resume, and how much would it re-read or skip? Computed from the facts by
 * src/doctor/failover.ts; rendered as text, JSON (a public contract, README "failover") and Slack.
 */

/** `ready`: resumes within the thresholds; `degraded`: resumes, but re-reads more than the threshold (or how much cannot be told); `not-ready`: some partition cannot resume where the group was. */
export type Readiness = 'ready' | 'degraded' | 'not-ready';

/** Where a partition resumes: the group's committed offset on the target (what MM2 synced, or what consumers there committed), the newest checkpoint (only if the consumers translate it themselves), or nowhere (`auto.offset.reset`). */
export type ResumeFrom = 'target-offset' | 'checkpoint' | 'auto.offset.reset';

/**
 * `exact`: resumes at the group's position. `re-read`: resumes before it. `skip`: resumes after it
 * (records the source group had not consumed are never read). `untranslatable`: no offset to resume
 * from. `pending`: MM2 is still catching up, the numbers will change. `unknown`: cannot be told
 * (no source position or no offset sync at or below it).
 */
export type PartitionStatus = 'exact' | 're-read' | 'skip' | 'untranslatable' | 'pending' | 'unknown';

/** One mirrored partition of one group. Offsets are bigint (decimal strings in JSON). */
export interface PartitionFailover {
  /** Source topic and partition. */
  topic: string;
  partition: number;
  /** The remote topic on the target (what checkpoints and target offsets name). */
  targetTopic: string;
  /** The source group's committed offset: the next record it would read. */
  sourceCommitted: bigint | null;
  sourceEnd: bigint | null;
  targetEnd: bigint | null;
  /** The newest checkpoint of the group for this partition. */
  checkpoint: { upstream: bigint; downstream: bigint; ageMs: number } | null;
  /** The group's committed offset on the target. */
  targetCommitted: bigint | null;
  /** Where a consumer of the group would start on the target; `null` = at auto.offset.reset. */
  resumeAt: bigint | null;
  resumeFrom: ResumeFrom;
  /** The source group's position on the target per the offset syncs (capped at the target's log end), and the least it can be. */
  expectedAt: bigint | null;
  expectedMin: bigint | null;
  /** Records read again (already processed on the source): `expectedAt − resumeAt`; at least `reReadMin`. */
  reRead: bigint | null;
  reReadMin: bigint | null;
  /** Records never read: `resumeAt − expectedAt` when the target offset is ahead. */
  skipped: bigint | null;
  status: PartitionStatus;
  /** One sentence on how the numbers came about. */
  note: string;
}

/** One consumer group. */
export interface GroupFailover {
  group: string;
  readiness: Readiness;
  /** Why not ready / degraded, one phrase each; empty when ready. */
  reasons: string[];
  /** MM2 is still catching up on some partition of the group. */
  pending: boolean;
  newestCheckpointAgeMs: number | null;
  /** The group on the target, when the target groups were read. */
  target: { state: string; members: { clientId: string; host: string }[] } | null;
  /** Totals over the partitions whose numbers are known. */
  reRead: bigint;
  skipped: bigint;
  untranslatable: number;
  partitions: PartitionFailover[];
}

/** The readiness of one mirror. */
export interface FailoverReadiness {
  mirror: { name: string; sourceAlias: string; targetAlias: string };
  /** When the facts were gathered (ms). */
  at: number;
  syncGroupOffsets: { enabled: boolean; intervalSeconds: number };
  offsetLagMax: number;
  /** A group is degraded when one of its partitions would re-read more than this many records. */
  thresholds: { reReadRecordsPerPartition: number };
  summary: { ready: number; degraded: number; notReady: number; total: number };
  groups: GroupFailover[];
  /** What could not be read, so some numbers are missing ("can't tell"). */
  caveats: string[];
}

/** "2 of 3 groups ready" (+ how many are degraded / not ready). */
export function readinessLine(r: FailoverReadiness): string {
  const { ready, degraded, notReady, total } = r.summary;
  if (total === 0) return 'no checkpointed group';
  const rest = [degraded ? `${degraded} degraded` : '', notReady ? `${notReady} not ready` : ''].filter(Boolean).join(', ');
  return `${ready} of ${total} group${total === 1 ? '' : 's'} ready${rest ? ` (${rest})` : ''}`;
}

/** The readiness of one group only, its summary recounted (for `--group`). */
export function onlyGroup(r: FailoverReadiness, group: string): FailoverReadiness {
  const groups = r.groups.filter((g) => g.group === group);
  const count = (x: Readiness) => groups.filter((g) => g.readiness === x).length;
  return { ...r, groups, summary: { ready: count('ready'), degraded: count('degraded'), notReady: count('not-ready'), total: groups.length } };
}
