/**
 * A rule recognises one family of log lines by their message text (not the MDC prefix, which
 * varies by logging backend) and says what the line means for checkpoints.
 */
import type { LogEntry } from '../../model/log-explanation.ts';
import type { LogRecord } from '../parse.ts';

/** What a rule concluded about one log record: the entry's own fields, plus how to count it. */
export interface Hit extends Pick<LogEntry, 'code' | 'kind' | 'title' | 'reason' | 'connector' | 'flow' | 'groupCount' | 'groups' | 'topic' | 'node'> {
  address?: string;
  /** Counts as a connection drop in the network summary. */
  disconnect?: boolean;
  /** Counts as a timeout in the network summary. */
  timeout?: boolean;
  /** A catch-all cause (task failed, scheduled task failed): a stack-trace line may name a sharper one. */
  generic?: boolean;
  /** Overrides how occurrences are grouped (unrecognized lines group by their shape). */
  key?: string;
}

/** One family of lines. `keys`: substrings, one of which must occur before `match` runs. */
export interface Rule {
  keys: readonly string[];
  match(message: string, record: LogRecord): Hit | undefined;
}
