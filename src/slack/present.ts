/**
 * Running a command for a Slack user and showing its outcome: the request the runner gets, and
 * the outcome cached (for Share and Show commands), rendered with its buttons and shown.
 */
import { runCommand, type RunOutcome, type RunRequest } from '../runtime/runner.ts';
import type { SlackDraft } from '../render/slack/limits.ts';
import { renderReply } from '../render/slack/reply.ts';
import type { SlackDeps } from './deps.ts';
import type { Surface } from './reply.ts';
import type { ResultCache } from './result-cache.ts';

/** A run request from Slack: the caller's user groups are looked up only when access rules name groups. */
export function slackRequest(deps: Pick<SlackDeps, 'groups'>, base: Omit<RunRequest, 'transport' | 'groups'>): RunRequest {
  return { ...base, transport: 'slack', groups: () => deps.groups(base.user) };
}

/** Renders `outcome` for `user`; its buttons carry its command and cached id. */
export function present(outcome: RunOutcome, cache: ResultCache, user: string, opts: { ephemeral: boolean; sharedBy?: string }): SlackDraft {
  const buttons = outcome.commandText ? { command: outcome.commandText, result: cache.put(outcome, user) } : undefined;
  return renderReply(outcome.result, { ...opts, ...(buttons ? { buttons } : {}) });
}

/** Runs a command with its progress on `surface`, then shows the outcome there, with its buttons. */
export async function runOn(surface: Surface, deps: SlackDeps, req: Omit<RunRequest, 'transport' | 'groups' | 'onProgress'>, opts: { ephemeral: boolean }): Promise<void> {
  const outcome = await runCommand(slackRequest(deps, { ...req, onProgress: (t) => surface.progress(t) }), deps.runner);
  await surface.show(present(outcome, deps.cache, req.user, opts));
}
