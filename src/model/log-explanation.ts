/**
 * The data the log explainer produces. Plain, serialisable values only: the engine stores it in
 * `Facts.logs`, checks read it, renderers print it.
 */

/**
 * `cause`: explains missing checkpoints. `red-herring`: looks alarming, does not affect them.
 * `network`: connection trouble between client and brokers. `evidence`: a healthy signal.
 * `unrecognized`: a WARN/ERROR line no rule knows (shown so nothing alarming is silently dropped).
 */
export type LogEntryKind = 'cause' | 'red-herring' | 'network' | 'evidence' | 'unrecognized';

/** One kind of line, with repeated occurrences grouped. */
export interface LogEntry {
  kind: LogEntryKind;
  /** Stable identifier of the line kind, e.g. `started-with-zero-groups`. */
  code: string;
  title: string;
  /** Why the line matters or, for red herrings, why it does not. */
  reason?: string;
  /** What to do about it, when the line says (the ACL to grant, the setting to fix). */
  action?: string;
  count: number;
  /** Timestamps as `YYYY-MM-DD HH:mm:ss.SSS` (or `HH:mm:ss.SSS` when the line had no date). */
  first?: string;
  last?: string;
  /** The first occurrence, secrets masked, shortened. */
  sample: string;
  level?: string;
  /** Java logger (class) that wrote the line, when the log pattern includes it. */
  logger?: string;
  connector?: string;
  /** Replication flow, `source->target`. */
  flow?: string;
  groupCount?: number;
  /** Consumer groups named by the lines (deduplicated, capped). */
  groups?: string[];
  topic?: string;
  /** Broker node id for network lines. */
  node?: string;
  /** Exception class names seen in the line or its stack trace. */
  exceptions?: string[];
}

/** Disconnect counts across all network lines. */
export interface NetworkSummary {
  /** Connection drops: disconnects, failed connects, request and connection-setup timeouts. */
  disconnects: number;
  /** Lines reporting a timeout (request timeout, admin call timeout, scheduler timeout). */
  timeouts: number;
  /** Disconnects per broker node id (coordinator ids are folded into their broker). */
  byNode: Record<string, number>;
  /** Last known address per node id, `host/ip:port`. */
  addresses: Record<string, string>;
  /** Disconnects per minute (`YYYY-MM-DD HH:mm`), ascending; only lines with a timestamp. */
  perMinute: { minute: string; count: number }[];
  first?: string;
  last?: string;
}

/** Everything the explainer learned from one piece of log text. */
export interface LogExplanation {
  /** Physical lines in the input. */
  lines: number;
  /** Lines recognised as the start of a log record (they had a timestamp or a level). */
  parsed: number;
  /** Structured blocks read beside the log lines: status JSON/YAML, `kubectl describe`, JSON log events, connector configs. */
  documents?: number;
  /**
   * Set when the text was longer than the explainer reads (src/logs/read.ts `MAX_LOG_CHARS`):
   * nothing was explained, `entries` is empty.
   */
  tooLarge?: { chars: number; limit: number };
  /** Causes first, then red herrings, network, evidence, unrecognized. */
  entries: LogEntry[];
  network: NetworkSummary;
  /** Flows seen anywhere, e.g. `svl->confluent`. */
  mentionedMirrors: string[];
  /** Connector names seen in MDC prefixes and messages. */
  connectors: string[];
  /** MM2 internal topics named by the lines (checkpoints, offset-syncs, heartbeats). */
  topics: string[];
  /** From `Kafka version: X` lines, when present. */
  kafkaVersion?: string;
}
