/** A log explanation as JSON (`mm2-doctor explain-logs --json`): the explainer's model, 2-space indented. */
import type { LogExplanation } from '../../model/log-explanation.ts';

/** The explanation as JSON text. */
export function renderLogsJson(x: LogExplanation): string {
  return JSON.stringify(x, null, 2);
}
