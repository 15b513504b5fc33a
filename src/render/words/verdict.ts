/**
 * A verdict with nothing wrong, in words, the same in every format: `ok` with "checkpoints flow"
 * only when checkpoints were read; `pending` with its evidence while MM2 is still catching up
 * (a group committed and its first checkpoint is not due yet), never a reassuring "ok" then.
 */
import type { Verdict } from '../../model/finding.ts';
import type { QuietState } from '../../model/report.ts';
import { evidenceText } from './evidence.ts';

/** The verdict as shown: `pending` for an ok report that is still catching up. */
export function shownVerdict(verdict: Verdict, quiet: QuietState | undefined): Verdict | 'pending' {
  return verdict === 'ok' && quiet?.kind === 'pending' ? 'pending' : verdict;
}

/** Why an ok report is ok: `checkpoints flow`, the pending finding with its first evidence, or `no problem found`. */
export function quietPhrase(quiet: QuietState | undefined): string {
  if (!quiet || quiet.kind === 'flowing') return 'checkpoints flow';
  if (quiet.kind === 'quiet') return 'no problem found';
  const title = quiet.title.replace(/^Pending: /, '');
  return quiet.evidence ? `${title} (${quiet.evidence.label}: ${evidenceText(quiet.evidence.value)})` : title;
}
