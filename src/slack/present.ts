/**
 * Running a command for a Slack user and showing its outcome: the request the runner gets, and
 * the outcome cached (for Share and Show commands), rendered with its buttons and shown.
 */
import { runCommand, type RunOutcome, type RunRequest } from '../runtime/runner.ts';
import type { SlackDraft } from '../render/slack/limits.ts';
import { renderReply } from '../render/slack/reply.ts';
import type { SlackDeps } from './deps.ts';
import { ProgressShower } from './progress.ts';
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

/** Whether an outcome is for the asker only: a denial always; `usage` help where others see the surface. */
export function isPrivate(outcome: RunOutcome, opts: { usage?: boolean } = {}): boolean {
  return outcome.result.kind === 'denied' || (opts.usage === true && outcome.result.kind === 'help' && outcome.result.problem !== undefined);
}

/**
 * Runs a command with its progress on `surface` (src/slack/progress.ts: none for a quick answer),
 * then shows the outcome there, in the progress message's place, with its buttons; a denial (and,
 * with `privateUsage`, a usage error) goes to the asker only and changes nothing others see.
 * Returns the outcome.
 */
export async function runOn(surface: Surface, deps: SlackDeps, req: Omit<RunRequest, 'transport' | 'groups' | 'onProgress' | 'onStage'>, opts: { ephemeral: boolean; privateUsage?: boolean }): Promise<RunOutcome> {
  const progress = new ProgressShower(surface, (e) => deps.surface.warn(`progress message failed: ${String((e as { data?: { error?: string } }).data?.error ?? e)}`), deps.progress, surface.progressLimit);
  const run = slackRequest(deps, { ...req, onProgress: async (t) => progress.start(t), onStage: (p) => progress.report(p) });
  const outcome = await runCommand(run, deps.runner).finally(() => progress.finish());
  const draft = present(outcome, deps.cache, req.user, { ephemeral: opts.ephemeral });
  if (isPrivate(outcome, { usage: opts.privateUsage ?? false })) await surface.private(draft);
  else await surface.show(draft);
  return outcome;
}
