/**
 * JSON as people paste it: `curl …/status | jq` output cut where the terminal or the message
 * ended, a line break inside a string where a wrapped terminal split an identifier, tabs inside
 * strings. `JSON.parse` reads it once it is whole again. No JSON-repair library is a dependency,
 * and what is needed here is narrow: join lines inside strings and close what a cut paste left open.
 */

/** Longest JSON block the explainer parses; larger ones are read line by line. */
export const MAX_JSON = 1024 * 1024;

/** Where a JSON value starting at `lines[start]` ends, and whether it closed. */
export interface JsonBlock {
  /** Index of the last line that belongs to the block. */
  end: number;
  text: string;
  complete: boolean;
}

/**
 * Collects the lines of one JSON value that starts at `lines[start]` (its first non-blank
 * character is `{` or `[`). Stops when the value closes, at `stop(line)` outside a string (a fence,
 * a cut marker, a log line), or at {@link MAX_JSON}.
 */
export function scanJson(lines: readonly string[], start: number, stop: (line: string) => boolean): JsonBlock {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let size = 0;
  const parts: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (i > start && !inString && stop(line)) return { end: i - 1, text: parts.join('\n'), complete: false };
    size += line.length + 1;
    if (size > MAX_JSON) return { end: i - 1, text: parts.join('\n'), complete: false };
    parts.push(line);
    for (let j = 0; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        depth--;
        if (depth === 0) return { end: i, text: parts.join('\n'), complete: true };
      }
    }
    escaped = false;
  }
  return { end: lines.length - 1, text: parts.join('\n'), complete: false };
}

/** Parses `text` as JSON, repairing line breaks inside strings and a cut end. `undefined` if it cannot. */
export function parseJsonTolerant(text: string): unknown {
  if (text.length > MAX_JSON) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // repaired below
  }
  const repaired = repair(text);
  for (let cut = 0; cut < 4 && repaired; cut++) {
    const candidate = close(repaired, cut);
    if (candidate === undefined) break;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try cutting back one more member
    }
  }
  return undefined;
}

interface Repaired {
  /** The text with raw line breaks and tabs inside strings fixed. */
  text: string;
  /** Open brackets at the end, outermost first. */
  stack: string[];
  inString: boolean;
  /** The last few cut points: offsets of a `,` or just after an opening bracket, with the open brackets there. */
  cuts: { at: number; stack: string[] }[];
}

function repair(text: string): Repaired | undefined {
  const out: string[] = [];
  const stack: string[] = [];
  const cuts: { at: number; stack: string[] }[] = [];
  let inString = false;
  let escaped = false;
  let len = 0;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      // A real line break inside a string is a wrapped terminal line: join it back.
      if (ch === '\n' || ch === '\r') continue;
      const piece = ch === '\t' ? '\\t' : ch < ' ' ? '' : ch;
      out.push(piece);
      len += piece.length;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      stack.push(ch === '{' ? '}' : ']');
      started = true;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      if (started && stack.length === 0) {
        out.push(ch);
        return { text: out.join(''), stack, inString: false, cuts };
      }
    }
    out.push(ch);
    len += 1;
    if (ch === ',' || ch === '{' || ch === '[') {
      cuts.push({ at: ch === ',' ? len - 1 : len, stack: [...stack] });
      if (cuts.length > 8) cuts.shift();
    }
  }
  return started ? { text: out.join(''), stack, inString, cuts } : undefined;
}

/**
 * Closes a cut JSON text: ends an open string, drops a dangling `"key":` or `,`, and appends
 * the closing brackets. With `back > 0`, first cuts back that many members (a half-written value).
 */
function close(r: Repaired, back: number): string | undefined {
  let text = r.text;
  let stack = r.stack;
  if (back > 0) {
    const cut = r.cuts[r.cuts.length - back];
    if (!cut) return undefined;
    text = text.slice(0, cut.at);
    stack = cut.stack;
  } else if (r.inString) {
    text += '"';
  }
  // Only the tail can dangle; the regexes never see more than its last few KB.
  const head = text.length > 4096 ? text.slice(0, -4096) : '';
  let tail = (text.length > 4096 ? text.slice(-4096) : text).replace(/\s+$/, '');
  // A dangling `"key":` or `"key"` inside an object, or a trailing comma.
  for (let i = 0; i < 3; i++) {
    const before = tail;
    tail = tail.replace(/,\s*$/, '').replace(/,?\s*"(?:[^"\\]|\\.)*"\s*:\s*$/, '');
    if (stack[stack.length - 1] === '}') tail = tail.replace(/([{,])\s*"(?:[^"\\]|\\.)*"\s*$/, '$1').replace(/,\s*$/, '');
    if (tail === before) break;
  }
  return head + tail + [...stack].reverse().join('');
}
