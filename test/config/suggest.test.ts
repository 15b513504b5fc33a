import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/config/suggest.ts';

describe('didYouMean', () => {
  it.each([
    ['bootstrp', ['bootstrap', 'sasl', 'tls'], ['bootstrap']],
    ['bootstarp', ['bootstrap'], ['bootstrap']], // transposition
    ['SASL', ['sasl', 'tls'], ['sasl']],
    ['scram-sha512', ['plain', 'scram-sha-256', 'scram-sha-512'], ['scram-sha-512']],
    ['xyz', ['bootstrap', 'sasl'], []],
    ['svl', ['svl'], []],
  ])('%j among %j → %j', (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toEqual(expected);
  });

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
