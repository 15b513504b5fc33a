/**
 * Finds log text inside a Slack message: code fences, quoted lines, inline code, bare log lines,
 * and attached file snippets. Undoes Slack's escaping (`-&gt;` is how `->` arrives).
 */
import { cleanLine, parseLine } from './parse.ts';

/** The parts of a Slack message (or its file attachments) that may carry log text. */
export interface SlackMessageLike {
  text?: string;
  files?: { name?: string; title?: string; preview?: string; plain_text?: string; content?: string }[];
}

/** Undoes Slack's mrkdwn link markup and HTML escaping. */
export function unescapeSlack(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]*)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>\s]*)>/g, '$1')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

/** True when a single line looks like a log line: timestamp or level first, a Java logger, or an exception. */
export function looksLikeLogLine(line: string): boolean {
  const { header, record } = parseLine(cleanLine(line));
  return header || record.logger !== undefined || record.exceptions.length > 0 || /^\s*at [\w$.]+\(/.test(line);
}

/**
 * The log text in a Slack message, joined with newlines; `''` when there is none. Fenced blocks
 * and file snippets are taken whole; quoted, inline-code and bare lines only when they look like logs.
 */
export function findLogText(message: string | SlackMessageLike): string {
  const msg = typeof message === 'string' ? { text: message } : message;
  const parts: string[] = [];
  const text = unescapeSlack(msg.text ?? '');
  const chunks = text.split('```');
  chunks.forEach((chunk, i) => {
    if (i % 2 === 1) {
      // A fence may open with a language tag on its own line: ```log
      const body = chunk.replace(/^[A-Za-z]{1,12}\n/, '').replace(/^\n/, '').replace(/\n$/, '');
      if (body.trim()) parts.push(body);
      return;
    }
    // A status dump, connector config or JSON log pasted without a fence: the explainer's paste
    // reader takes it whole (src/logs/read.ts), prose lines around it included.
    if (DOCUMENT.test(chunk)) {
      parts.push(chunk);
      return;
    }
    const found: string[] = [];
    for (const raw of chunk.split('\n')) {
      const quoted = /^>\s?/.test(raw) ? raw.replace(/^>\s?/, '') : undefined;
      const line = quoted ?? raw;
      if (looksLikeLogLine(line)) {
        found.push(line);
        continue;
      }
      for (const m of line.matchAll(/`([^`\n]{8,})`/g)) if (m[1] && looksLogish(m[1])) found.push(m[1]);
    }
    if (found.length) parts.push(found.join('\n'));
  });
  for (const f of msg.files ?? []) {
    const body = f.content ?? f.plain_text ?? f.preview;
    if (body?.trim()) parts.push(unescapeSlack(body).replace(/^```[A-Za-z]{0,12}\n?|```\s*$/g, ''));
  }
  return parts.join('\n');
}

/** Signs of a pasted status (REST JSON, KafkaMirrorMaker2 YAML, describe), connector config, pod table or JSON log event. */
const DOCUMENT =
  /"state"\s*:\s*"[A-Z]+"|^\s*-?\s*state:\s*[A-Z]+\s*$|^\s*State:\s+[A-Z]+\s*$|"trace"\s*:|^\s*trace:|connector\.class|^\s*(?:sourceConnector|checkpointConnector):|CrashLoopBackOff|^\s*\{\s*"(?:instant|@timestamp|timeMillis|timestamp|level|log\.level)"/m;

/** Inline code is log text when it is a log line or quotes a known MM2 message. */
function looksLogish(s: string): boolean {
  return looksLikeLogLine(s) || /consumer groups|checkpoint|offset-syncs|Exception|disconnected|not authorized/i.test(s);
}
