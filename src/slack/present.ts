/** A command outcome as a Slack draft: the rendered result plus its buttons (cached for Share). */
import type { RunOutcome } from '../runtime/runner.ts';
import { context } from '../render/slack/blocks.ts';
import { resultButtons } from '../render/slack/buttons.ts';
import type { SlackDraft } from '../render/slack/limits.ts';
import type { ResultCache } from './result-cache.ts';
import { renderResult } from '../render/slack/results.ts';

/** Renders `outcome` for `user`; buttons carry its command and cached id. */
export function present(outcome: RunOutcome, cache: ResultCache, user: string, opts: { ephemeral: boolean; sharedBy?: string }): SlackDraft {
  const draft = renderResult(outcome.result);
  if (opts.sharedBy) draft.blocks.push(context(`Shared by <@${opts.sharedBy}>`));
  if (!outcome.commandText) return draft;
  const id = cache.put(outcome, user);
  // A watch's buttons act on its diagnosis; running `watch …` again from a button would start another.
  const command = outcome.result.kind === 'watch' ? `diagnose ${outcome.result.watch.mirror}` : outcome.commandText;
  const actions = resultButtons(outcome.result, { command, result: id }, opts);
  return actions ? { ...draft, actions } : draft;
}
