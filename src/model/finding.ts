import type { RequiredAcl } from './facts.ts';

/**
 * Findings are data: a stable code (a public contract in JSON output, Slack and docs), a
 * severity, a one-line title, evidence, and what the troubleshooting steps need to be filled in.
 */

/** One finding code's row: its place in the diagnostic chain, its usual severity and what it means. */
export interface FindingSpec {
  /**
   * Position in the diagnostic chain (mm2-checkpoints.md §8): reachability → auth → flow/emission
   * disabled → connector existence and state → config mismatch (and known bugs) → groups → offset
   * syncs → translation → checkpoints topic → staleness → target group offsets → network/logs →
   * flowing. Lower runs earlier; the
   * root cause is the first critical finding in this order.
   */
  rank: number;
  /** The severity a check gives it unless the facts say otherwise (e.g. a cause vs. a consequence). */
  severity: Severity;
  /** What the finding says, in a few words; its title states the same with the facts filled in. */
  meaning: string;
}

/**
 * Every finding code, the one table of them. A code is a public contract (JSON output, Slack,
 * history files); adding one means a row here, a row in src/runbook/steps.ts (a missing one fails
 * to compile) and the check that emits it.
 */
export const FINDINGS = {
  // From MM2's own logs, when the live facts that would show it are missing: nothing of MM2 runs
  // (or its clients cannot connect), a proven cause that outranks mm2-doctor's own reachability.
  'connect-worker-dead': { rank: 0, severity: 'critical', meaning: 'the Kafka Connect worker running MM2 stopped (from the logs)' },
  'mm2-client-config-failed': { rank: 0, severity: 'critical', meaning: "MM2's clients cannot be built from, or cannot connect with, the cluster config (from the logs)" },
  'source-unreachable': { rank: 0, severity: 'critical', meaning: 'mm2-doctor cannot connect to the source cluster' },
  'target-unreachable': { rank: 0, severity: 'critical', meaning: 'mm2-doctor cannot connect to the target cluster' },
  'connect-unreachable': { rank: 0, severity: 'warning', meaning: 'the Kafka Connect REST API did not answer' },
  'not-authorized': { rank: 1, severity: 'warning', meaning: 'an ACL hides facts the diagnosis needs' },
  'mm2-not-authorized': { rank: 1, severity: 'warning', meaning: "MM2's own principal is denied an operation checkpointing needs (from the logs)" },
  'kubernetes-access-denied': { rank: 1, severity: 'info', meaning: 'the bot\'s Kubernetes Role lacks a rule, so some facts were not read' },
  // §8 step 2 before step 3: with emission or the flow disabled, a missing or task-less
  // checkpoint connector is the consequence (3.9 even rejects the config, KIP-1031).
  'flow-disabled': { rank: 2, severity: 'critical', meaning: 'the replication flow is disabled' },
  'checkpoints-disabled': { rank: 2, severity: 'critical', meaning: 'checkpoint emission is switched off' },
  'checkpoint-connector-missing': { rank: 3, severity: 'critical', meaning: 'no checkpoint connector exists for the flow' },
  'checkpoint-connector-not-running': { rank: 3, severity: 'critical', meaning: 'the checkpoint connector is not RUNNING' },
  'checkpoint-task-failed': { rank: 3, severity: 'critical', meaning: 'a checkpoint task FAILED' },
  'checkpoint-connector-no-tasks': { rank: 3, severity: 'warning', meaning: 'the checkpoint connector runs no task' },
  'source-connector-failed': { rank: 3, severity: 'critical', meaning: 'the source connector or a task of it is down, so nothing is replicated (from the logs)' },
  'strimzi-ready-without-checkpoint-tasks': { rank: 3, severity: 'info', meaning: 'Strimzi reports Ready while the checkpoint connector runs no task' },
  'strimzi-spec-not-reconciled': { rank: 4, severity: 'warning', meaning: 'the operator has not applied the KafkaMirrorMaker2\'s latest spec' },
  'connector-config-mismatch': { rank: 4, severity: 'warning', meaning: 'the source and checkpoint connectors disagree on a setting that must match' },
  // A bug of the running release explains a symptom the facts or logs show (src/mm2/known-bugs.ts).
  'known-mm2-bug': { rank: 4, severity: 'warning', meaning: 'the running Kafka version has a known MM2 bug, and its symptom shows' },
  'groups-excluded-by-filter': { rank: 5, severity: 'info', meaning: 'the group filter excludes consumer groups' },
  'groups-without-offsets': { rank: 5, severity: 'info', meaning: 'consumer groups have no committed offsets' },
  'groups-on-unmirrored-topics': { rank: 5, severity: 'critical', meaning: 'groups commit only on topics the flow does not mirror' },
  'no-consumer-groups': { rank: 5, severity: 'critical', meaning: 'no consumer group on the source commits offsets on a mirrored topic' },
  'groups-pending-refresh': { rank: 5, severity: 'warning', meaning: 'qualifying groups are not assigned to a checkpoint task yet' },
  'offset-syncs-missing': { rank: 6, severity: 'critical', meaning: 'the offset-syncs topic does not exist' },
  'offset-syncs-empty': { rank: 6, severity: 'critical', meaning: 'the offset-syncs topic holds no sync' },
  'offset-syncs-topic-name-mismatch': { rank: 6, severity: 'warning', meaning: 'an offset-syncs topic exists under another name' },
  'offset-syncs-topic-misconfigured': { rank: 6, severity: 'warning', meaning: 'the offset-syncs topic is not made as MM2 makes it' },
  'translation-impossible': { rank: 7, severity: 'warning', meaning: 'committed offsets cannot be translated with the syncs there are' },
  // Transient, not broken: says "pending" with the evidence and never raises the verdict.
  'replication-catching-up': { rank: 7, severity: 'info', meaning: 'MM2 is still catching up; some offsets are not translatable yet' },
  'translation-coarse': { rank: 7, severity: 'info', meaning: 'translated offsets trail the groups by up to offset.lag.max records' },
  'checkpoints-topic-missing': { rank: 8, severity: 'critical', meaning: 'the checkpoints topic does not exist on the target' },
  'checkpoints-topic-auto-created': { rank: 8, severity: 'warning', meaning: 'the checkpoints topic was auto-created with broker defaults' },
  'checkpoints-topic-misconfigured': { rank: 8, severity: 'warning', meaning: 'the checkpoints topic is not one compacted partition' },
  'checkpoints-topic-name-mismatch': { rank: 8, severity: 'warning', meaning: 'a checkpoints topic exists under another name' },
  'checkpoints-converter-mismatch': { rank: 8, severity: 'warning', meaning: 'checkpoint records are not in MM2\'s binary format' },
  'checkpoints-not-emitted': { rank: 9, severity: 'critical', meaning: 'everything is in place, yet no checkpoint is written' },
  'checkpoints-stale': { rank: 9, severity: 'warning', meaning: 'checkpoints stopped advancing while groups move' },
  // Transient, like replication-catching-up: a group's first checkpoint is not due yet.
  'checkpoints-pending': { rank: 9, severity: 'info', meaning: "a group's first checkpoint is not written yet, and not due yet" },
  // The end of the chain (issue 10): MM2 writing the checkpoints into the target's groups.
  'target-sync-disabled': { rank: 10, severity: 'info', meaning: 'MM2 does not write target group offsets; a failover must translate' },
  'target-group-active': { rank: 10, severity: 'warning', meaning: 'a checkpointed group has members on the target, so MM2 cannot write its offsets' },
  'target-sync-not-authorized': { rank: 10, severity: 'warning', meaning: "MM2's principal may not commit offsets on the target" },
  'target-offsets-ahead': { rank: 10, severity: 'warning', meaning: 'target group offsets are ahead of the translated checkpoint; MM2 never rewinds them' },
  'target-offsets-stale': { rank: 10, severity: 'warning', meaning: 'target group offsets lag checkpoints MM2 should have synced' },
  'network-instability': { rank: 11, severity: 'info', meaning: 'connections between MM2 and the clusters drop' },
  'log-red-herring': { rank: 11, severity: 'info', meaning: 'log lines that look alarming but do not affect checkpoints' },
  'checkpoints-flowing': { rank: 12, severity: 'info', meaning: 'checkpoints are written' },
} as const satisfies Record<string, FindingSpec>;

export type FindingCode = keyof typeof FINDINGS;

/**
 * Codes that mean "pending": MM2 is still catching up and the finding goes away by itself. A
 * verdict of `ok` with one of them is not "checkpoints flow": renderers say pending, with its evidence.
 */
export const PENDING_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['replication-catching-up', 'checkpoints-pending']);

/** Every code, in table order (for validation and contract tests). */
export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/** The code's place in the diagnostic chain (lower is earlier). */
export function causalRank(code: FindingCode): number {
  return FINDINGS[code].rank;
}

/** `info` findings explain without alarming (a red herring, checkpoints flowing). */
export type Severity = 'critical' | 'warning' | 'info';

export type Verdict = 'ok' | 'warning' | 'critical' | 'unknown';

/** Evidence values are scalars so every renderer can print them; offsets are bigint. */
export type EvidenceValue = string | number | boolean | bigint | null | string[];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One factual line, no greeting: "No consumer group on svl has committed offsets on a mirrored topic". */
  title: string;
  /** Short labelled facts that prove the finding. */
  evidence: { label: string; value: EvidenceValue }[];
  /** Values the troubleshooting steps are filled in with (group ids, topic names, CR field paths). */
  subject?: {
    groups?: string[];
    topics?: string[];
    connector?: string;
    setting?: string;
    /** The one pattern entry that decided (e.g. `connect-.*` of `groups.exclude`). */
    pattern?: string;
    strimziPath?: string;
    cluster?: 'source' | 'target';
    /** mm2-doctor's own config cannot produce a connection to that cluster (a secret reference, key material, an authentication it does not speak): nothing was sent to it. */
    unusable?: boolean;
    /** ACLs a read was denied for (`not-authorized`), each on the cluster it is missing on. */
    acls?: (RequiredAcl & { cluster: 'source' | 'target' })[];
  };
}
