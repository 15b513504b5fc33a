import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/util/duration.ts';
import { sanitizeCommandText, splitCommand, stripMentions, tokenize } from '../../src/runtime/text.ts';

describe('command text', () => {
  it.each([
    ['diagnose “svl”', 'diagnose "svl"'],
    ['diagnose ‘svl’', "diagnose 'svl'"],
    ['diagnose svl-&gt;confluent', 'diagnose svl->confluent'],
    ['diagnose svl→confluent', 'diagnose svl->confluent'],
    ['diagnose <http://svl.example.com|svl.example.com>', 'diagnose svl.example.com'],
    ['diagnose\u00a0svl\u200b', 'diagnose svl'],
    ['watch svl —stop', 'watch svl --stop'],
  ])('sanitizes %j', (raw, clean) => {
    expect(sanitizeCommandText(raw)).toBe(clean);
  });

  it('tokenizes with quotes and any amount of whitespace', () => {
    expect(tokenize('  a  "b c"   \'d e\' f"g h"  ')).toEqual(['a', 'b c', 'd e', 'fg h']);
    expect(tokenize('"unclosed quote here')).toEqual(['unclosed quote here']);
    expect(tokenize('""')).toEqual(['']);
  });

  it.each([
    ['/mm2 diagnose svl', 'diagnose', ['svl'], 'svl'],
    ['mm2 Diagnose  svl', 'diagnose', ['svl'], 'svl'],
    ['diagnose   “svl-&gt;confluent”  ', 'diagnose', ['svl->confluent'], '"svl->confluent"  '],
    ['explain\n2025 WARN x\nmore', 'explain', [], '2025 WARN x\nmore'],
    ['explain first line\nsecond', 'explain', ['first', 'line'], 'first line\nsecond'],
    ['', undefined, [], ''],
    ['/mm2', undefined, [], ''],
  ])('splits %j', (text, name, args, rest) => {
    expect(splitCommand(text)).toEqual({ name, args, rest });
  });

  it('strips user mentions from an app_mention', () => {
    expect(stripMentions('<@U0BOTMM2D> watch svl 30m').trim()).toBe('watch svl 30m');
    expect(stripMentions('<@U0BOTMM2D|mm2-doctor> help').trim()).toBe('help');
  });

  it('parses and formats durations', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('45')).toBe(45 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('1.5h')).toBeUndefined();
    expect(formatDuration(90 * 60_000)).toBe('1h30m');
    expect(formatDuration(59_000)).toBe('59s');
    expect(formatDuration(26 * 3_600_000 + 5 * 60_000)).toBe('1d2h');
  });
});
