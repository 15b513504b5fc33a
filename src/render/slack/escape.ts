/**
 * Text from Kafka (topics, groups, log lines, error messages) is data, never markup. Slack parses
 * `<…>` as links and mentions, so `&`, `<` and `>` are escaped in every mrkdwn string and in the
 * fallback `text` (https://api.slack.com/reference/surfaces/formatting#escaping): a topic named
 * `<!channel>` must notify nobody.
 */

/** Escapes `&`, `<`, `>` for mrkdwn and message `text`. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes {@link esc}, for plain-text files made from rendered blocks. */
export function unesc(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Inline code: escaped, backticks (which would end the span) replaced by a prime. */
export function code(s: string): string {
  return `\`${esc(s).replace(/`/g, 'ʹ')}\``;
}

/** A fenced code block; a fence inside the text would end it early, so it is broken up. */
export function codeBlock(lines: string | readonly string[]): string {
  const text = typeof lines === 'string' ? lines : lines.join('\n');
  return `\`\`\`${esc(text).replace(/```/g, 'ʹʹʹ')}\`\`\``;
}
