/** A command outcome as a Slack draft for `user`: cached (for Share and Show commands), then rendered with its buttons. */
import type { RunOutcome } from '../runtime/runner.ts';
import type { SlackDraft } from '../render/slack/limits.ts';
import { renderReply } from '../render/slack/reply.ts';
import type { ResultCache } from './result-cache.ts';

/** Renders `outcome` for `user`; its buttons carry its command and cached id. */
export function present(outcome: RunOutcome, cache: ResultCache, user: string, opts: { ephemeral: boolean; sharedBy?: string }): SlackDraft {
  const buttons = outcome.commandText ? { command: outcome.commandText, result: cache.put(outcome, user) } : undefined;
  return renderReply(outcome.result, { ...opts, ...(buttons ? { buttons } : {}) });
}
