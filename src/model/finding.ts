/**
 * Findings are data: a stable code (a public contract in JSON output, Slack and docs), a
 * severity, a one-line title, evidence, and what the troubleshooting steps need to be filled in.
 */

export const FINDING_CODES = [
  'source-unreachable',
  'target-unreachable',
  'connect-unreachable',
  'not-authorized',
  'checkpoint-connector-missing',
  'checkpoint-connector-not-running',
  'checkpoint-task-failed',
  'checkpoint-connector-no-tasks',
  'checkpoints-disabled',
  'connector-config-mismatch',
  'offset-syncs-missing',
  'offset-syncs-empty',
  'checkpoints-topic-missing',
  'checkpoints-topic-misconfigured',
  'checkpoints-topic-name-mismatch',
  'no-consumer-groups',
  'groups-without-offsets',
  'groups-excluded-by-filter',
  'groups-on-unmirrored-topics',
  'groups-pending-refresh',
  'translation-impossible',
  'checkpoints-stale',
  'network-instability',
  'log-red-herring',
  'checkpoints-flowing',
  // Added with the check engine: causes the reference names that the codes above miss.
  'flow-disabled',
  'checkpoints-topic-auto-created',
  'checkpoints-converter-mismatch',
  'offset-syncs-topic-misconfigured',
  'offset-syncs-topic-name-mismatch',
  'checkpoints-not-emitted',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

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
  };
}
