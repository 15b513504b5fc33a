/**
 * Command text as people type it in Slack and terminals: curly quotes, smart dashes, arrows,
 * Slack's auto-links and HTML escapes, extra spaces. Turned into tokens the command parsers read.
 */
import { unescapeSlack } from '../logs/slack.ts';

const MENTION = /<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g;

/**
 * Replaces the characters Slack and OS autocorrect put into typed commands. Slack escapes `&`, `<`
 * and `>` in slash-command text and wraps what looks like a link in `<url|label>`
 * (https://api.slack.com/reference/surfaces/formatting#escaping); both are undone first.
 */
export function sanitizeCommandText(raw: string): string {
  return unescapeSlack(raw)
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/\u2192/g, '->')
    .replace(/\u2014/g, '--')
    .replace(/\u2013/g, '-')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
}

/** Removes `<@U…>` mentions (the bot's own, in an app_mention's text). */
export function stripMentions(text: string): string {
  return text.replace(MENTION, ' ');
}

/**
 * `svl -> confluent` as one mirror name, `svl->confluent`: people put spaces around the arrow
 * (and Slack's autocorrect types `→`, which {@link sanitizeCommandText} turned into `->` already).
 */
export function joinArrows(text: string): string {
  return text.replace(/\s*->\s*/g, '->');
}

/** Splits on whitespace, honouring "double" and 'single' quotes; an unclosed quote runs to the end. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let inToken = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (inToken) out.push(cur);
  return out;
}

/** Quotes a token for display when it needs it, so `args` round-trip through {@link tokenize}. */
export function quoteToken(token: string): string {
  return token === '' || /[\s"']/.test(token) ? `"${token.replace(/"/g, "'")}"` : token;
}

/** The first line's words and the text after the command word (newlines kept, for pasted logs). */
export interface SplitCommand {
  name: string | undefined;
  args: string[];
  /** Everything after the command word, as typed (sanitized), e.g. pasted log lines. */
  rest: string;
}

/**
 * Splits sanitized text into the subcommand word, its arguments (the rest of its line) and the raw
 * rest (that line and the following ones).
 * A leading `/mm2` or `mm2` is dropped, so the shell accepts `/mm2 diagnose svl` and `diagnose svl`.
 */
export function splitCommand(text: string): SplitCommand {
  let body = sanitizeCommandText(text).replace(/^\s+/, '');
  body = body.replace(/^\/?mm2(?=\s|$)\s*/i, '');
  const m = /^(\S+)/.exec(body);
  if (!m || m[1] === undefined) return { name: undefined, args: [], rest: '' };
  const after = body.slice(m[1].length);
  const sameLine = joinArrows(after.split(/\r?\n/, 1)[0] ?? '');
  const rest = after.replace(/^[ \t]+/, '').replace(/^\r?\n/, '');
  return { name: m[1].toLowerCase(), args: tokenize(sameLine), rest };
}
