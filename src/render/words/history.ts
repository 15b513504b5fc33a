/** `/mm2 history`'s lines in words, shared by the Slack and terminal renderers (they escape and style them). */
import { formatDuration } from '../../util/duration.ts';
import type { VerdictChange } from '../../monitor/changes.ts';

/** `critical (no-consumer-groups)`, or the verdict alone when there is no root cause. */
function conclusion(c: VerdictChange['to']): string {
  return `${c.verdict}${c.rootCause ? ` (${c.rootCause})` : ''}`;
}

/** One change: how long ago (`12m`) and what (`critical (…) → ok [chat, then 1 more diagnosis alike]`). */
export function changeLine(c: VerdictChange, now: number): { when: string; what: string } {
  const to = conclusion(c.to);
  const what = c.from ? `${conclusion(c.from)} → ${to}` : `first seen ${to}`;
  const repeats = c.repeats > 0 ? `, then ${c.repeats} more diagnos${c.repeats === 1 ? 'is' : 'es'} alike` : '';
  return { when: formatDuration(Math.max(0, now - c.at)), what: `${what} [${c.origin}${repeats}]` };
}
