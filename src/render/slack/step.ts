/**
 * What the Workflow Builder step "Diagnose an MM2 mirror" hands to the workflow's next steps (its
 * manifest `output_parameters`), and the messages it fails with. Outputs are plain text, not
 * mrkdwn: a later step may put them anywhere (a message, a ticket, an email). Pure.
 */
import type { Report } from '../../model/report.ts';
import { quietStateOf } from '../../model/report.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';

/** The step's verdict and root cause (`link` is added once the full answer is posted). */
export interface StepSummary {
  /** `ok`, `pending`, `warning`, `critical` or `unknown`. */
  verdict: string;
  /** The root cause's title; without one, why the mirror is fine, or that facts were missing. */
  root_cause: string;
}

/** The verdict and root cause of a report, as `/mm2 diagnose` states them in its first line. */
export function stepSummary(report: Report): StepSummary {
  const quiet = quietStateOf(report.findings);
  const root = report.rootCause;
  const why = root ? root.title : report.verdict === 'ok' ? `none: ${quietPhrase(quiet)}` : 'none found: not every fact could be gathered';
  return { verdict: shownVerdict(report.verdict, quiet), root_cause: why };
}

/**
 * Why a workflow may not diagnose a mirror. The step runs for no particular person (Slack's
 * `function_executed` names none), so only access rules without `users` or `usergroups` apply.
 */
export function stepDenied(channel: string, mirror: string | null): string {
  const what = mirror ? `diagnose ${mirror}` : 'run diagnoses';
  return `Access denied: a workflow may not ${what} in channel ${channel}. A workflow step runs for no particular person, so only access rules without users or user groups apply, and none of them allows this (the access: section of the mm2-doctor config).`;
}

/** An unexpected error; its reference is in the bot's log. */
export function stepInternalError(ref: string): string {
  return `mm2-doctor hit an internal error (ref ${ref}); the bot's log has the details under that reference.`;
}
