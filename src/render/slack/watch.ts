/**
 * Block Kit for watches: the reply that starts one, the parent message a channel watch opens its
 * thread with, a change post (the new diagnosis under a "from → to" header, with its buttons) and
 * the closing summary. Pure.
 */
import type { Diagnosis } from '../../model/diagnosis.ts';
import type { WatchState, WatchTally } from '../../monitor/watch.ts';
import type { WatchInfo } from '../../runtime/command.ts';
import { changeTitle, closingSummary, watchPlan } from '../words/watch.ts';
import { section } from './blocks.ts';
import { resultButtons } from './buttons.ts';
import { esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';
import { renderDiagnosis } from './report.ts';

/** The reply to `watch <mirror>`: the baseline diagnosis, with what the watch will do under its header. */
export function renderWatchStarted(w: WatchInfo, d: Diagnosis): SlackDraft {
  const draft = renderDiagnosis(d, { title: `${w.mirror}: watching` });
  return { text: esc(`Watching ${w.mirror}: ${d.report.verdict}`), blocks: [draft.blocks[0]!, section(esc(watchPlan(w))), ...draft.blocks.slice(1)] };
}

/** The text of the channel message a `/mm2 watch` opens its thread with (slash commands cannot run in threads). */
export function watchParentText(mirror: string, user: string): string {
  return `Watching ${esc(mirror)} for <@${user}>: changes of verdict or root cause are posted in this thread.`;
}

/** A change post in the watch's thread: the new diagnosis, headed `mirror: from → to`, with its buttons. */
export function renderWatchChange(mirror: string, from: WatchState, to: WatchState, d: Diagnosis): SlackDraft {
  const draft = renderDiagnosis(d, { title: changeTitle(mirror, from, to) });
  const actions = resultButtons({ kind: 'diagnosis', diagnosis: d }, { command: `diagnose ${mirror}` }, { ephemeral: false });
  return { ...draft, ...(actions ? { actions } : {}) };
}

/** The closing summary in the watch's thread. */
export function renderWatchEnded(w: WatchTally, endedAt: number, why: 'expired' | 'stopped'): SlackDraft {
  const text = esc(closingSummary(w, endedAt, why));
  return { text, blocks: [section(text)] };
}
