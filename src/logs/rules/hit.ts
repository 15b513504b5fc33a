/**
 * What a rule concluded about one log record. Its own module so the paste reader (parse.ts), which
 * lets a structured document preset a record's hit, and the rules, which read records, do not
 * import each other.
 */
import type { LogEntry } from '../../model/log-explanation.ts';

/** What a rule concluded about one log record: the entry's own fields, plus how to count it. */
export interface Hit extends Pick<LogEntry, 'code' | 'kind' | 'title' | 'reason' | 'action' | 'connector' | 'flow' | 'groupCount' | 'groups' | 'topic' | 'node'> {
  address?: string;
  /** The request a network line names (`API_VERSIONS` in "Cancelled in-flight API_VERSIONS request"). */
  api?: string;
  /** Counts as a connection drop in the network summary. */
  disconnect?: boolean;
  /** Counts as a timeout in the network summary. */
  timeout?: boolean;
  /** A catch-all cause (task failed, scheduled task failed): a stack-trace line may name a sharper one. */
  generic?: boolean;
  /** Overrides how occurrences are grouped (unrecognized lines group by their shape). */
  key?: string;
}
