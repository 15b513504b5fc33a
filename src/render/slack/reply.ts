/**
 * A command result as the reply a user sees: the rendered result, who shared it, and its buttons.
 * Pure; the Slack adapter caches the outcome (for Share) and sends the draft.
 */
import type { MirrorRef } from '../../model/diagnosis.ts';
import type { CommandResult } from '../../runtime/command.ts';
import { context, section } from './blocks.ts';
import { resultButtons, type ButtonValue } from './buttons.ts';
import { esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import { renderResult } from './results.ts';

/** Options of {@link renderReply}. */
export interface ReplyOptions {
  ephemeral: boolean;
  /** The user who shared the reply into the channel. */
  sharedBy?: string;
  /** What the buttons carry: the command as run and the cached result's id; absent: no buttons. */
  buttons?: Required<ButtonValue>;
}

/** `result` with its buttons (Share only on an ephemeral reply) and a "Shared by" line. */
export function renderReply(result: CommandResult, opts: ReplyOptions): SlackDraft {
  const draft = renderResult(result);
  if (opts.sharedBy) draft.blocks.push(context(`Shared by <@${opts.sharedBy}>`));
  if (!opts.buttons) return draft;
  // A watch's buttons act on its diagnosis; running `watch …` again from a button would start another.
  const command = result.kind === 'watch' ? `diagnose ${result.watch.mirror}` : opts.buttons.command;
  const actions = resultButtons(result, { command, result: opts.buttons.result }, opts);
  return actions ? { ...draft, actions } : draft;
}

/** Incident-thread assistance when the thread names no mirror and the caller may ask about several. */
export function renderWhichMirror(visible: readonly MirrorRef[]): SlackDraft {
  const names = visible.map((m) => `\`${esc(m.name)}\``).join(', ');
  const text = visible.length === 0 ? 'No mirror you may ask about is configured.' : `Which mirror? Mention me with one: \`@mm2-doctor diagnose <mirror>\`. Mirrors: ${names}`;
  return { text, blocks: [section(text)] };
}

/** What a click on a button whose result and command are gone gets (a stale or foreign button). */
export const EXPIRED_BUTTON = 'This button no longer works; run the command again.';
