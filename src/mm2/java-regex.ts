/**
 * Translates a `java.util.regex.Pattern` (JDK 11/17, as MM2 runs it) into a JavaScript RegExp that
 * gives the same answer as `pattern.matcher(s).matches()`.
 *
 * Handled Java-only syntax: `\Q…\E` quoting, possessive quantifiers and atomic groups (emulated with
 * a capturing lookahead plus a back-reference), inline flags `(?imsdux-imsdux)` / `(?i:…)` scoped
 * exactly as Java scopes them (to the end of the enclosing group, so `a|(?i)b|c` makes `c`
 * case-insensitive too), ASCII-only `(?i)`, Java's ASCII `\s` / `\h` / `\v` / `\R`, POSIX `\p{…}`
 * classes, class unions and `&&` intersections, Java's line terminators for `.`, `^`, `$`.
 * Patterns Java would reject come back as `kind: 'invalid'` (MM2 would fail to start with them);
 * constructs we cannot emulate come back as `kind: 'unsupported'`. Nothing throws.
 *
 * Known approximations: `\b` uses JS's ASCII word characters (JDK ≤ 18 also counts Unicode
 * letters), a back-reference to a group that did not participate matches empty (Java fails),
 * look-behinds Java rejects for lacking a maximum length are accepted, `(?iu)` folds each
 * character to its simple upper/lower case only, and `\p{Lower}`/`\p{Upper}` ignore `(?i)`.
 */

/** Outcome of translating one Java regex. `regex` is anchored for whole-string matching. */
export type JavaRegex =
  | { ok: true; pattern: string; regex: RegExp; jsSource: string }
  | { ok: false; pattern: string; kind: 'invalid' | 'unsupported'; message: string; index: number };

/** Compiles a Java regex for `Matcher.matches()` semantics (the whole string must match). */
export function compileJavaRegex(pattern: string): JavaRegex {
  let body: string;
  try {
    body = new Translator(pattern).translate();
  } catch (e) {
    if (e instanceof TranslateError) {
      return { ok: false, pattern, kind: e.kind, message: e.message, index: e.index };
    }
    return { ok: false, pattern, kind: 'unsupported', message: String(e), index: 0 };
  }
  const jsSource = `^(?:${body})$`;
  try {
    return { ok: true, pattern, regex: new RegExp(jsSource, 'v'), jsSource };
  } catch (e) {
    return { ok: false, pattern, kind: 'unsupported', message: `cannot express in JavaScript: ${(e as Error).message}`, index: 0 };
  }
}

/** `Matcher.matches()` for a compiled Java regex. */
export function javaMatches(re: JavaRegex & { ok: true }, input: string): boolean {
  return re.regex.test(input);
}

class TranslateError extends Error {
  constructor(readonly kind: 'invalid' | 'unsupported', message: string, readonly index: number) {
    super(message);
  }
}

interface Flags {
  i: boolean; // CASE_INSENSITIVE (ASCII unless u)
  m: boolean; // MULTILINE
  s: boolean; // DOTALL
  x: boolean; // COMMENTS
  u: boolean; // UNICODE_CASE
  d: boolean; // UNIX_LINES
}

type Atom = { src: string; kind: 'simple' | 'group' | 'assertion' | 'empty' };

type ClassItem =
  | { t: 'char'; cp: number }
  | { t: 'range'; lo: number; hi: number }
  | { t: 'raw'; src: string }
  | { t: 'class'; node: ClassNode };

interface ClassNode {
  negated: boolean;
  operands: ClassItem[][]; // intersected with each other; each operand is a union
}

const MARK = '\uE000'; // never emitted literally: plainChar()/classChar() escape this code point
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const JAVA_WS = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

// Java's predefined classes without UNICODE_CHARACTER_CLASS are ASCII-only (java.util.regex.CharPredicates).
const PREDEFINED: Record<string, string> = {
  d: '[0-9]',
  D: '[^0-9]',
  w: '[a-zA-Z_0-9]',
  W: '[^a-zA-Z_0-9]',
  s: '[\\u{20}\\u{9}\\u{a}\\u{b}\\u{c}\\u{d}]',
  S: '[^\\u{20}\\u{9}\\u{a}\\u{b}\\u{c}\\u{d}]',
  h: '[\\u{20}\\u{9}\\u{a0}\\u{1680}\\u{180e}\\u{2000}-\\u{200a}\\u{202f}\\u{205f}\\u{3000}]',
  H: '[^\\u{20}\\u{9}\\u{a0}\\u{1680}\\u{180e}\\u{2000}-\\u{200a}\\u{202f}\\u{205f}\\u{3000}]',
  v: '[\\u{a}\\u{b}\\u{c}\\u{d}\\u{85}\\u{2028}\\u{2029}]',
  V: '[^\\u{a}\\u{b}\\u{c}\\u{d}\\u{85}\\u{2028}\\u{2029}]',
};

// POSIX character classes (US-ASCII only), as in java.util.regex.Pattern's documentation.
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\u{0}-\\u{7f}',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}',
  Graph: '\\u{21}-\\u{7e}',
  Print: '\\u{20}-\\u{7e}',
  Blank: '\\u{20}\\u{9}',
  Cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  XDigit: '0-9a-fA-F',
  Space: '\\u{20}\\u{9}\\u{a}\\u{b}\\u{c}\\u{d}',
};

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function isAsciiAlnum(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

/** A code point written for use inside a `v`-mode character class. */
function classChar(cp: number): string {
  return isAsciiAlnum(cp) ? String.fromCodePoint(cp) : hex(cp);
}

/** A code point written for use outside a character class. */
function plainChar(cp: number): string {
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp === 0xe000) return hex(cp);
  const ch = String.fromCodePoint(cp);
  return SYNTAX.has(ch) ? `\\${ch}` : ch;
}

function caseVariants(cp: number, unicode: boolean): number[] {
  if (!unicode) {
    if (cp >= 0x61 && cp <= 0x7a) return [cp, cp - 32];
    if (cp >= 0x41 && cp <= 0x5a) return [cp, cp + 32];
    return [cp];
  }
  const out = new Set([cp]);
  const s = String.fromCodePoint(cp);
  for (const t of [s.toUpperCase(), s.toLowerCase()]) {
    const c = t.codePointAt(0);
    if (c !== undefined && String.fromCodePoint(c) === t) out.add(c);
  }
  return [...out];
}

class Translator {
  private pos = 0;
  private flags: Flags = { i: false, m: false, s: false, x: false, u: false, d: false };
  private inQuote = false;
  private javaGroups = 0; // capturing groups opened so far, Java numbering
  private synthetic = 0;
  private readonly names = new Set<string>();

  constructor(private readonly p: string) {}

  translate(): string {
    const out = this.alternation();
    if (this.pos < this.p.length) {
      // alternation() only stops early at ')'
      this.fail('invalid', "Unmatched closing ')'", this.pos);
    }
    return this.renumber(out);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private fail(kind: 'invalid' | 'unsupported', message: string, index = this.pos): never {
    throw new TranslateError(kind, message, index);
  }

  private peekCp(at = this.pos): number | undefined {
    return this.p.codePointAt(at);
  }

  private readCp(): number {
    const cp = this.p.codePointAt(this.pos);
    if (cp === undefined) this.fail('invalid', 'Unexpected end of pattern');
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private at(s: string): boolean {
    return this.p.startsWith(s, this.pos);
  }

  /** COMMENTS mode: whitespace and `#…` up to a line terminator are ignored between tokens. */
  private skipIgnorable(): void {
    if (!this.flags.x || this.inQuote) return;
    for (;;) {
      const c = this.p.charCodeAt(this.pos);
      if (JAVA_WS.has(c)) {
        this.pos++;
      } else if (c === 0x23 /* # */) {
        while (this.pos < this.p.length && !'\n\r\u0085\u2028\u2029'.includes(this.p[this.pos] ?? '')) this.pos++;
      } else {
        return;
      }
    }
  }

  private lineTerminators(): string {
    return this.flags.d ? '\\u{a}' : '\\u{a}\\u{d}\\u{85}\\u{2028}\\u{2029}';
  }

  private literal(cp: number): string {
    if (this.flags.i) {
      const vs = caseVariants(cp, this.flags.u);
      if (vs.length > 1) return `[${vs.map(classChar).join('')}]`;
    }
    return plainChar(cp);
  }

  // Capturing groups are numbered after the whole pattern is built, because atomic-group emulation
  // inserts capturing groups of its own. Markers: C<n> = Java group n opens, S<n> = synthetic group
  // n opens, B<n> = back-reference to Java group n, R<n> = back-reference to synthetic group n.
  private renumber(src: string): string {
    const javaToJs = new Map<number, number>();
    const synthToJs = new Map<number, number>();
    let next = 0;
    for (const m of src.matchAll(/\uE000([CS])(\d+)\uE000/g)) {
      next++;
      (m[1] === 'C' ? javaToJs : synthToJs).set(Number(m[2]), next);
    }
    return src
      .replace(/\uE000([CS])(\d+)\uE000/g, '')
      .replace(/\uE000([BR])(\d+)\uE000/g, (_all, kind: string, n: string) => {
        const js = (kind === 'B' ? javaToJs : synthToJs).get(Number(n));
        return js === undefined ? '(?!)' : `(?:\\${js})`;
      });
  }

  // ---- structure -----------------------------------------------------------------------------

  private alternation(): string {
    const parts = [this.sequence()];
    while (this.pos < this.p.length && this.p[this.pos] === '|' && !this.inQuote) {
      this.pos++;
      parts.push(this.sequence());
    }
    return parts.join('|');
  }

  private sequence(): string {
    let out = '';
    for (;;) {
      this.skipIgnorable();
      if (this.pos >= this.p.length) break;
      if (!this.inQuote && (this.p[this.pos] === '|' || this.p[this.pos] === ')')) break;
      const atom = this.atom();
      if (atom === null) continue;
      out += this.quantified(atom);
    }
    return out;
  }

  private quantified(atom: Atom): string {
    if (this.inQuote && this.at('\\E')) {
      this.pos += 2;
      this.inQuote = false;
    }
    if (this.inQuote) return atom.src;
    this.skipIgnorable();
    const q = this.quantifier();
    if (q === null) return atom.src;
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
    if (this.p[this.pos] === '?') {
      mode = 'lazy';
      this.pos++;
    } else if (this.p[this.pos] === '+') {
      mode = 'possessive';
      this.pos++;
    }
    if (atom.kind === 'empty') return '';
    const base = atom.kind === 'simple' || atom.kind === 'group' ? atom.src : `(?:${atom.src})`;
    if (mode === 'lazy') return `${base}${q}?`;
    if (mode === 'greedy') return `${base}${q}`;
    return this.atomic(`${base}${q}`);
  }

  /** Atomic group `(?>X)` emulated as `(?=(X))\n`: the look-ahead fixes X's first match. */
  private atomic(inner: string): string {
    const n = ++this.synthetic;
    return `(?:(?=(${MARK}S${n}${MARK}${inner}))${MARK}R${n}${MARK})`;
  }

  /** Parses `? * + {n} {n,} {n,m}`; returns its JS text or null when none follows. */
  private quantifier(): string | null {
    const c = this.p[this.pos];
    if (c === '?' || c === '*' || c === '+') {
      this.pos++;
      return c;
    }
    if (c !== '{') return null;
    const start = this.pos;
    const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.p.slice(this.pos));
    if (!m) {
      if (/^\{\d/.test(this.p.slice(this.pos))) this.fail('invalid', 'Unclosed counted closure', start);
      this.fail('invalid', 'Illegal repetition', start);
    }
    const min = Number(m[1]);
    const max = m[3] ? Number(m[3]) : undefined;
    if (max !== undefined && max < min) this.fail('invalid', 'Illegal repetition range', start);
    this.pos += m[0].length;
    return m[2] ? `{${min},${max ?? ''}}` : `{${min}}`;
  }

  private atom(): Atom | null {
    const start = this.pos;
    if (this.inQuote) {
      if (this.at('\\E')) {
        this.pos += 2;
        this.inQuote = false;
        return null;
      }
      return { src: this.literal(this.readCp()), kind: 'simple' };
    }
    const c = this.p[this.pos];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return { src: this.emitClass(this.charClass()), kind: 'simple' };
      case '\\':
        return this.escapeAtom();
      case '^': {
        this.pos++;
        if (!this.flags.m) return { src: '^', kind: 'assertion' };
        const lt = this.lineTerminators();
        const crlf = this.flags.d ? '' : '(?!(?<=\\u{d})\\u{a})';
        return { src: `(?:^|(?<=[${lt}])${crlf}(?!$))`, kind: 'assertion' };
      }
      case '$': {
        this.pos++;
        return { src: this.dollar(), kind: 'assertion' };
      }
      case '.': {
        this.pos++;
        if (this.flags.s) return { src: '[\\s\\S]', kind: 'simple' };
        return { src: `[^${this.lineTerminators()}]`, kind: 'simple' };
      }
      case '*':
      case '+':
      case '?':
        this.fail('invalid', `Dangling meta character '${c}'`, start);
        break;
      case '{':
        // Java parses a counted closure applied to an empty atom here; only its syntax matters.
        return { src: '', kind: 'empty' };
      default:
        return { src: this.literal(this.readCp()), kind: 'simple' };
    }
    return null;
  }

  private dollar(): string {
    const lt = this.lineTerminators();
    if (this.flags.m) {
      const crlf = this.flags.d ? '' : '(?!(?<=\\u{d})\\u{a})';
      return `(?:(?=[${lt}])${crlf}|$)`;
    }
    return this.flags.d ? '(?=\\u{a}?$)' : `(?=(?:\\u{d}\\u{a}|[${lt}])?$)(?!(?<=\\u{d})\\u{a})`;
  }

  private group(): Atom | null {
    const open = this.pos;
    this.pos++; // (
    const saved = { ...this.flags };
    let prefix: string;
    let kind: 'capture' | 'plain' | 'look' | 'atomic' = 'plain';
    if (this.p[this.pos] !== '?') {
      kind = 'capture';
      const n = ++this.javaGroups;
      prefix = `(${MARK}C${n}${MARK}`;
    } else {
      this.pos++;
      const c = this.p[this.pos];
      if (c === ':') {
        this.pos++;
        prefix = '(?:';
      } else if (c === '=' || c === '!') {
        this.pos++;
        prefix = `(?${c}`;
        kind = 'look';
      } else if (c === '>') {
        this.pos++;
        kind = 'atomic';
        prefix = '';
      } else if (c === '<') {
        const la = this.p[this.pos + 1];
        if (la === '=' || la === '!') {
          this.pos += 2;
          prefix = `(?<${la}`;
          kind = 'look';
        } else {
          this.pos++;
          const m = /^([a-zA-Z][a-zA-Z0-9]*)>/.exec(this.p.slice(this.pos));
          if (!m || m[1] === undefined) {
            this.fail('invalid', /^[a-zA-Z]/.test(this.p.slice(this.pos))
              ? "named capturing group is missing trailing '>'"
              : 'capturing group name does not start with a Latin letter');
          }
          const name = m[1];
          if (this.names.has(name)) this.fail('invalid', `Named capturing group <${name}> is already defined`);
          this.names.add(name);
          this.pos += m[0].length;
          kind = 'capture';
          const n = ++this.javaGroups;
          prefix = `(?<${name}>${MARK}C${n}${MARK}`;
        }
      } else {
        // inline flags: (?idmsux-idmsux) or (?idmsux-idmsux:X)
        let on = true;
        const flagStart = this.pos;
        for (;;) {
          const f = this.p[this.pos];
          if (f === undefined) this.fail('invalid', 'Unknown inline modifier', flagStart);
          if (f === ')' || f === ':') break;
          if (f === '-') {
            on = false;
          } else if (f === 'i' || f === 'm' || f === 's' || f === 'x' || f === 'u' || f === 'd') {
            this.flags[f] = on;
          } else if (f === 'U' || f === 'c') {
            this.fail('unsupported', `inline flag (?${f}) is not supported`, this.pos);
          } else {
            this.fail('invalid', 'Unknown inline modifier', this.pos);
          }
          this.pos++;
        }
        if (this.p[this.pos] === ')') {
          // Pure modifier: Java keeps the new flags until the enclosing group closes.
          this.pos++;
          return null;
        }
        this.pos++; // ':'
        prefix = '(?:';
      }
    }
    const body = this.alternation();
    if (this.p[this.pos] !== ')') this.fail('invalid', 'Unclosed group', open);
    this.pos++;
    this.flags = saved;
    if (kind === 'atomic') return { src: this.atomic(body), kind: 'group' };
    return { src: `${prefix}${body})`, kind: kind === 'look' ? 'assertion' : 'group' };
  }

  // ---- escapes ---------------------------------------------------------------------------------

  private escapeAtom(): Atom | null {
    const start = this.pos;
    this.pos++; // backslash
    const c = this.p[this.pos];
    if (c === undefined) this.fail('invalid', 'Unexpected internal error: trailing backslash', start);
    switch (c) {
      case 'Q':
        this.pos++;
        this.inQuote = true;
        return null;
      case 'b':
        this.pos++;
        if (this.p[this.pos] === '{') this.fail('unsupported', '\\b{g} is not supported', start);
        return { src: '\\b', kind: 'assertion' };
      case 'B':
        this.pos++;
        return { src: '\\B', kind: 'assertion' };
      case 'A':
      case 'G':
        this.pos++;
        return { src: '^', kind: 'assertion' };
      case 'z':
        this.pos++;
        return { src: '$', kind: 'assertion' };
      case 'Z':
        this.pos++;
        return {
          src: this.flags.d ? '(?=\\u{a}?$)' : `(?=(?:\\u{d}\\u{a}|[${this.lineTerminators()}])?$)`,
          kind: 'assertion',
        };
      case 'R':
        this.pos++;
        return { src: '(?:\\u{d}\\u{a}|[\\u{a}\\u{b}\\u{c}\\u{d}\\u{85}\\u{2028}\\u{2029}])', kind: 'group' };
      case 'X':
        this.fail('unsupported', '\\X (grapheme cluster) is not supported', start);
        break;
      case 'k': {
        this.pos++;
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(this.p.slice(this.pos));
        if (!m || m[1] === undefined) this.fail('invalid', '\\k is not followed by \'<\' for named capturing group', start);
        if (!this.names.has(m[1])) this.fail('invalid', `named capturing group <${m[1]}> does not exist`, start);
        if (this.flags.i) this.fail('unsupported', 'case-insensitive back-references are not supported', start);
        this.pos += m[0].length;
        return { src: `(?:\\k<${m[1]}>)`, kind: 'simple' };
      }
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      // Java reads further digits only while the number still names an existing group.
      let n = Number(c);
      this.pos++;
      for (;;) {
        const d = this.p[this.pos];
        if (d === undefined || d < '0' || d > '9') break;
        const candidate = n * 10 + Number(d);
        if (candidate > this.javaGroups) break;
        n = candidate;
        this.pos++;
      }
      if (this.flags.i) this.fail('unsupported', 'case-insensitive back-references are not supported', start);
      return { src: `${MARK}B${n}${MARK}`, kind: 'simple' };
    }
    const pre = PREDEFINED[c];
    if (pre !== undefined) {
      this.pos++;
      return { src: pre, kind: 'simple' };
    }
    if (c === 'p' || c === 'P') {
      this.pos = start;
      return { src: this.property(), kind: 'simple' };
    }
    this.pos = start;
    return { src: this.literal(this.escapedChar()), kind: 'simple' };
  }

  /** Reads an escape that denotes one character (shared by atoms and classes); pos is at `\`. */
  private escapedChar(): number {
    const start = this.pos;
    this.pos++;
    const c = this.p[this.pos];
    if (c === undefined) this.fail('invalid', 'Unexpected internal error', start);
    this.pos++;
    switch (c) {
      case 't': return 0x09;
      case 'n': return 0x0a;
      case 'r': return 0x0d;
      case 'f': return 0x0c;
      case 'a': return 0x07;
      case 'e': return 0x1b;
      case 'c': {
        const x = this.p.charCodeAt(this.pos);
        if (Number.isNaN(x)) this.fail('invalid', 'Illegal control escape sequence', start);
        this.pos++;
        return x ^ 64;
      }
      case '0': {
        const m = /^([0-3][0-7]{2}|[0-7]{1,2})/.exec(this.p.slice(this.pos));
        if (!m || m[1] === undefined) this.fail('invalid', 'Illegal octal escape sequence', start);
        this.pos += m[1].length;
        return parseInt(m[1], 8);
      }
      case 'x': {
        if (this.p[this.pos] === '{') {
          const m = /^\{([0-9a-fA-F]+)\}/.exec(this.p.slice(this.pos));
          if (!m || m[1] === undefined) this.fail('invalid', 'Unclosed hexadecimal escape sequence', start);
          const cp = parseInt(m[1], 16);
          if (cp > 0x10ffff) this.fail('invalid', 'Hexadecimal codepoint is too big', start);
          this.pos += m[0].length;
          return cp;
        }
        const m = /^[0-9a-fA-F]{2}/.exec(this.p.slice(this.pos));
        if (!m) this.fail('invalid', 'Illegal hexadecimal escape sequence', start);
        this.pos += 2;
        return parseInt(m[0], 16);
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(this.p.slice(this.pos));
        if (!m) this.fail('invalid', 'Illegal Unicode escape sequence', start);
        this.pos += 4;
        const hi = parseInt(m[0], 16);
        // A \uD8xx\uDCxx pair is one supplementary code point, as in Java.
        const lo = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(this.p.slice(this.pos));
        if (hi >= 0xd800 && hi <= 0xdbff && lo && lo[1] !== undefined) {
          this.pos += 6;
          return 0x10000 + ((hi - 0xd800) << 10) + (parseInt(lo[1], 16) - 0xdc00);
        }
        return hi;
      }
      case 'N':
        this.fail('unsupported', '\\N{name} is not supported', start);
        break;
      default:
        break;
    }
    if (/[a-zA-Z0-9]/.test(c)) this.fail('invalid', 'Illegal/unsupported escape sequence', start);
    // Any other escaped character stands for itself (including surrogate pairs).
    this.pos = start + 1;
    return this.readCp();
  }

  /** `\p{…}` / `\P{…}` / `\pL`; returns a JS class or property escape. */
  private property(): string {
    const start = this.pos;
    const negate = this.p[this.pos + 1] === 'P';
    this.pos += 2;
    let name: string;
    if (this.p[this.pos] === '{') {
      const end = this.p.indexOf('}', this.pos);
      if (end < 0) this.fail('invalid', 'Unclosed character family', start);
      name = this.p.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      const cp = this.peekCp();
      if (cp === undefined) this.fail('invalid', 'Illegal character family', start);
      name = String.fromCodePoint(this.readCp());
    }
    const posix = POSIX[name.startsWith('Is') && POSIX[name.slice(2)] ? name.slice(2) : name];
    if (posix !== undefined) return `[${negate ? '^' : ''}${posix}]`;
    const candidates: string[] = [];
    const bare = name.startsWith('Is') ? name.slice(2) : name;
    const eq = /^(?:general_category|gc|script|sc)=(.+)$/i.exec(name);
    if (eq && eq[1] !== undefined) {
      candidates.push(/^(?:script|sc)=/i.test(name) ? `Script=${eq[1]}` : `General_Category=${eq[1]}`);
    } else if (/^(?:In|block=|blk=)/i.test(name)) {
      this.fail('unsupported', `Unicode block \\p{${name}} is not supported`, start);
    } else if (/^java/.test(name)) {
      this.fail('unsupported', `\\p{${name}} (java.lang.Character method) is not supported`, start);
    } else {
      candidates.push(bare, `Script=${bare}`, bare.replace(/([a-z])([A-Z])/g, '$1_$2'));
    }
    for (const cand of candidates) {
      try {
        new RegExp(`\\p{${cand}}`, 'v');
        return `\\${negate ? 'P' : 'p'}{${cand}}`;
      } catch {
        // try the next spelling
      }
    }
    this.fail('invalid', `Unknown character property name {${name}}`, start);
  }

  // ---- character classes -----------------------------------------------------------------------

  private charClass(): ClassNode {
    const open = this.pos;
    this.pos++; // [
    let negated = false;
    if (this.p[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const operands: ClassItem[][] = [];
    let current: ClassItem[] = [];
    let first = true;
    for (;;) {
      this.skipIgnorable();
      if (this.pos >= this.p.length) this.fail('invalid', 'Unclosed character class', open);
      const c = this.p[this.pos];
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[') {
        current.push({ t: 'class', node: this.charClass() });
        continue;
      }
      if (c === '&' && this.p[this.pos + 1] === '&') {
        this.pos += 2;
        operands.push(current);
        current = [];
        continue;
      }
      if (c === '\\' && this.p[this.pos + 1] === 'Q') {
        this.pos += 2;
        while (this.pos < this.p.length && !this.at('\\E')) this.addChar(current, this.readCp());
        if (this.at('\\E')) this.pos += 2;
        continue;
      }
      // Pattern.range: `\v` at either end of a range is VT (0x0B), not the vertical-space class.
      const vtRangeStart = c === '\\' && this.p[this.pos + 1] === 'v' && this.p[this.pos + 2] === '-';
      if (c === '\\' && !vtRangeStart) {
        const e = this.p[this.pos + 1];
        if (e !== undefined && PREDEFINED[e] !== undefined) {
          this.pos += 2;
          current.push({ t: 'raw', src: PREDEFINED[e] });
          continue;
        }
        if (e === 'p' || e === 'P') {
          current.push({ t: 'raw', src: this.property() });
          continue;
        }
        if (e === 'b' || e === 'B' || e === 'R' || e === 'X' || e === 'k' || e === 'A' || e === 'z' || e === 'Z' || e === 'G') {
          this.fail('invalid', 'Illegal/unsupported escape sequence', this.pos);
        }
        if (e !== undefined && e >= '1' && e <= '9') this.fail('invalid', 'Illegal/unsupported escape sequence', this.pos);
      }
      const lo = vtRangeStart ? ((this.pos += 2), 0x0b) : c === '\\' ? this.escapedChar() : this.readCp();
      // A range needs '-' followed by something other than ']' or a nested class.
      if (this.p[this.pos] === '-' && this.p[this.pos + 1] !== ']' && this.p[this.pos + 1] !== '[' && this.pos + 1 < this.p.length) {
        const dash = this.pos;
        this.pos++;
        let hi: number;
        if (this.p[this.pos] === '\\') {
          const e = this.p[this.pos + 1];
          if (e === 'v') {
            this.pos += 2;
            hi = 0x0b;
          } else {
            if (e !== undefined && (PREDEFINED[e] !== undefined || e === 'p' || e === 'P' || e === 'Q')) {
              this.fail('invalid', 'Illegal character range', dash);
            }
            hi = this.escapedChar();
          }
        } else {
          hi = this.readCp();
        }
        if (hi < lo) this.fail('invalid', 'Illegal character range', dash);
        this.addRange(current, lo, hi);
        continue;
      }
      this.addChar(current, lo);
    }
    operands.push(current);
    const nonEmpty = operands.filter((o) => o.length > 0);
    if (nonEmpty.length === 0 && operands.length > 1) this.fail('invalid', 'Bad class syntax', open);
    return { negated, operands: nonEmpty.length > 0 ? nonEmpty : [[]] };
  }

  private addChar(items: ClassItem[], cp: number): void {
    const vs = this.flags.i ? caseVariants(cp, this.flags.u) : [cp];
    for (const v of vs) items.push({ t: 'char', cp: v });
  }

  private addRange(items: ClassItem[], lo: number, hi: number): void {
    items.push({ t: 'range', lo, hi });
    if (!this.flags.i) return;
    // Java (ASCII case) also accepts a character whose other-case form is in the range.
    const swap = (a: number, b: number, delta: number) => {
      const l = Math.max(lo, a);
      const h = Math.min(hi, b);
      if (l <= h) items.push({ t: 'range', lo: l + delta, hi: h + delta });
    };
    swap(0x61, 0x7a, -32);
    swap(0x41, 0x5a, 32);
    if (this.flags.u) {
      if (hi - lo > 5000) this.fail('unsupported', 'large ranges under (?iu) are not supported', this.pos);
      for (let cp = Math.max(lo, 0x80); cp <= hi; cp++) {
        for (const v of caseVariants(cp, true)) if (v !== cp) items.push({ t: 'char', cp: v });
      }
    }
  }

  private emitClass(node: ClassNode): string {
    const union = (items: ClassItem[]) =>
      items
        .map((it) => {
          switch (it.t) {
            case 'char':
              return classChar(it.cp);
            case 'range':
              return `${classChar(it.lo)}-${classChar(it.hi)}`;
            case 'raw':
              return it.src;
            case 'class':
              return this.emitClass(it.node);
          }
        })
        .join('');
    const inner =
      node.operands.length === 1
        ? union(node.operands[0] ?? [])
        : node.operands.map((o) => `[${union(o)}]`).join('&&');
    return `[${node.negated ? '^' : ''}${inner}]`;
  }
}
