/**
 * A rule recognises one family of log lines by their message text (not the MDC prefix, which
 * varies by logging backend) and says what the line means for checkpoints.
 */
import { connectorKind } from '../names.ts';
import type { LogRecord, MirrorKind } from '../parse.ts';
import type { Hit } from './hit.ts';

export type { Hit } from './hit.ts';

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
