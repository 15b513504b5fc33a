/**
 * A rule recognises one family of log lines by their message text (not the MDC prefix, which
 * varies by logging backend) and says what the line means for checkpoints.
 */
import type { LogEntry } from '../../model/log-explanation.ts';
import { connectorKind } from '../names.ts';
import type { LogRecord, MirrorKind } from '../parse.ts';

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

/** What rules may ask about the whole paste. */
export interface RuleContext {
  /**
   * The MM2 connector kind of a connector name: from its Strimzi-style name, from a class the
   * paste shows for it (a config, a "Creating connector" line), or from `record`'s stack trace.
   */
  kindOf(name: string | undefined, record?: LogRecord): MirrorKind | undefined;
}

/** A context that knows only Strimzi-style names (tests, single lines). */
export const NAME_ONLY: RuleContext = { kindOf: (name, record) => connectorKind(name) ?? record?.mirrorKind };

/** One family of lines. `keys`: substrings, one of which must occur before `match` runs. */
export interface Rule {
  keys: readonly string[];
  match(message: string, record: LogRecord, ctx: RuleContext): Hit | undefined;
}
