import { describe, expect, it } from 'vitest';
import { compileJavaRegex } from '../../src/mm2/java-regex.ts';

function matches(pattern: string, input: string): boolean {
  const r = compileJavaRegex(pattern);
  if (!r.ok) throw new Error(`${pattern}: ${r.kind} ${r.message}`);
  return r.regex.test(input);
}

describe('compileJavaRegex', () => {
  it.each([
    // [pattern, input, Java's Matcher.matches()]
    ['orders-.*', 'orders-eu', true],
    ['orders-.*', 'billing', false],
    ['orders', 'orders-eu', false], // whole-name match, not find()
    ['.*[\\-\\.]internal', 'mm2-offset-syncs.confluent.internal', true],
    ['.*[\\-\\.]internal', 'connect-internal', true],
    ['.*[\\-\\.]internal', 'internal', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['\\Qab\\E*', 'abbb', true], // the quantifier after \E applies to the last quoted char
    ['\\Qab\\E*', 'abab', false],
    ['\\Qa*', 'a*', true], // unterminated \Q quotes to the end
    ['[\\Q]\\E]x', ']x', true],
    ['a*+a', 'aaa', false], // possessive: never gives back an 'a'
    ['a*+b', 'aab', true],
    ['(?>a|ab)c', 'ac', true],
    ['(?>a|ab)c', 'abc', false], // atomic: no backtracking into the group
    ['(a)(?>b+)\\1', 'abba', true], // back-references are renumbered around emulated atomic groups
    ['(?i)Orders-.*', 'ORDERS-1', true],
    ['(?i)k', '\u212a', false], // (?i) is ASCII-only without (?u); Kelvin sign is not 'k'
    ['(?iu)é', 'É', true],
    ['a|(?i)b|c', 'C', true], // an inline flag lasts to the end of the enclosing group…
    ['a|(?i)b|c', 'A', false], // …but not before it
    ['(?i:a)b', 'Ab', true],
    ['(?i:a)b', 'AB', false],
    ['((?i)a)b', 'AB', false], // restored when the group closes
    ['(?i)[a-c]+', 'AbC', true],
    ['(?i)[Z-a]', 'z', true], // Java also tries the other case of ASCII characters in ranges
    ['(?x) orders - .*  # comment', 'orders-1', true],
    ['(?x)a\\ b', 'a b', true],
    ['[a-z&&[^aeiou]]+', 'bcd', true],
    ['[a-z&&[^aeiou]]+', 'abc', false],
    ['[\\w&&[^_]]+', 'a_b', false],
    ['[a-c[x-z]]+', 'axc', true],
    ['[]a]+', ']a', true], // a leading ']' is literal in Java
    ['[^]a]', 'b', true],
    ['[a-]+', 'a-', true],
    ['\\p{Lower}+\\p{Digit}', 'abc1', true],
    ['\\p{Lower}+', 'Abc', false],
    ['\\p{IsLatin}+', 'abc', true],
    ['\\p{L}+', 'é', true],
    ['\\s', '\u00a0', false], // Java's \s is ASCII only
    ['\\h', '\u00a0', true],
    ['\\w+', 'é', false],
    ['.', '\n', false],
    ['.', '\u0085', false], // NEL is a Java line terminator
    ['(?s).', '\n', true],
    ['(?d).', '\r', true],
    ['a$', 'a\n', false], // matches() must consume the terminator too
    ['a$\\n', 'a\n', true], // Java's $ matches before a final line terminator
    ['^a', 'a', true],
    ['\\x41\\u0042\\x{43}\\0104\\t', 'ABCD\t', true],
    ['\\uD83D\\uDE00', '😀', true],
    ['x{2}{3}', 'xx', true], // Java applies {3} to an empty atom
    ['(?<grp>x)\\k<grp>', 'xx', true],
    ['(a)\\1', 'aa', true],
    ['(a)\\10', 'aa0', true], // Java reads "\10" as group 1 then '0' when there is no group 10
    ['a\\.b', 'a.b', true],
    ['a\\/b', 'a/b', true],
    ['\\-', '-', true],
    ['[\\v-\\x0C]', '\f', true], // \v at a range end is VT (Pattern.range isrange)
    ['[\\v]', '\u2028', true], // elsewhere it is the vertical-whitespace class
  ])('%j matches %j: %s', (pattern, input, expected) => {
    expect(matches(pattern, input)).toBe(expected);
  });

  it.each([
    ['orders-(', 'invalid', 'Unclosed group'],
    ['orders)', 'invalid', "Unmatched closing ')'"],
    ['*abc', 'invalid', 'Dangling meta character'],
    ['a**', 'invalid', 'Dangling meta character'],
    ['a{', 'invalid', 'Illegal repetition'],
    ['{x}', 'invalid', 'Illegal repetition'],
    ['a{3,1}', 'invalid', 'Illegal repetition range'],
    ['[z-a]', 'invalid', 'Illegal character range'],
    ['[abc', 'invalid', 'Unclosed character class'],
    ['\\E', 'invalid', 'Illegal/unsupported escape sequence'],
    ['\\y', 'invalid', 'Illegal/unsupported escape sequence'],
    ['(?q)a', 'invalid', 'Unknown inline modifier'],
    ['(?<1a>x)', 'invalid', 'capturing group name'],
    ['\\p{NoSuchProperty}', 'invalid', 'Unknown character property'],
    ['\\X', 'unsupported', 'grapheme'],
    ['\\p{InGreek}', 'unsupported', 'block'],
    ['(?U)\\w', 'unsupported', '(?U)'],
    ['(?i)(a)\\1', 'unsupported', 'case-insensitive back-references'],
  ])('reports %j as %s (%s) without throwing', (pattern, kind, message) => {
    const r = compileJavaRegex(pattern);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe(kind);
    expect(r.message).toContain(message);
    expect(r.pattern).toBe(pattern);
  });

  it('anchors the translation for whole-string matching', () => {
    const r = compileJavaRegex('a|b');
    expect(r.ok && r.jsSource).toBe('^(?:a|b)$');
  });
});
