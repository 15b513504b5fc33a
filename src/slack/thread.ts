/**
 * What an incident thread says: which configured mirrors it names (`svl->confluent`, or a source
 * alias that names exactly one mirror) and the log text people pasted. The bot's own messages are
 * skipped, so its replies never feed back into the next answer. Pure.
 */
import type { MirrorRef } from '../model/diagnosis.ts';
import { findLogText, type SlackMessageLike } from '../logs/slack.ts';
import { joinArrows, sanitizeCommandText } from '../runtime/text.ts';

/** A thread message as conversations.replies returns it (the fields used here). */
export interface ThreadMessage extends SlackMessageLike {
  user?: string;
  bot_id?: string;
  ts?: string;
}

/** What the thread names and holds. */
export interface ThreadScan {
  mirrors: MirrorRef[];
  logText: string;
  /** Messages read (the bot's own excluded). */
  messages: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `word` first occurs as a whole name, -1 if not. An alias must not continue with `.x`
 * (`svl.checkpoints.internal` is a topic); a mirror name may (`svl->confluent.MirrorCheckpointConnector`).
 */
function firstIndex(text: string, word: string, dotted: boolean): number {
  const after = dotted ? '(?![A-Za-z0-9_-])' : '(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])';
  const m = new RegExp(`(?<![A-Za-z0-9._-])${escapeRe(word)}${after}`, 'i').exec(text);
  return m ? m.index : -1;
}

/** Mirrors named in `text`, in order of first mention. */
export function mirrorsIn(text: string, mirrors: readonly MirrorRef[]): MirrorRef[] {
  const bySource = new Map<string, MirrorRef[]>();
  for (const m of mirrors) bySource.set(m.sourceAlias, [...(bySource.get(m.sourceAlias) ?? []), m]);
  const hits: { at: number; mirror: MirrorRef }[] = [];
  for (const m of mirrors) {
    const byName = firstIndex(text, m.name, true);
    // An alias names a mirror only when it is the source of exactly one.
    const byAlias = bySource.get(m.sourceAlias)?.length === 1 ? firstIndex(text, m.sourceAlias, false) : -1;
    const at = [byName, byAlias].filter((i) => i >= 0);
    if (at.length > 0) hits.push({ at: Math.min(...at), mirror: m });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.mirror);
}

/** Scans thread messages, skipping the bot's own. */
export function scanThread(messages: readonly ThreadMessage[], mirrors: readonly MirrorRef[], botUserId: string | undefined): ThreadScan {
  const human = messages.filter((m) => !m.bot_id && (botUserId === undefined || m.user !== botUserId));
  // `svl → confluent` and `svl -> confluent` name the mirror `svl->confluent` too.
  const text = human.map((m) => joinArrows(sanitizeCommandText(m.text ?? ''))).join('\n');
  const logText = human.map((m) => findLogText(m)).filter((t) => t.trim() !== '').join('\n');
  return { mirrors: mirrorsIn(text, mirrors), logText, messages: human.length };
}
