/**
 * The explainer on real pastes from public threads (test/logs/corpus/, index.json: source address,
 * what the thread established, the expected answer and why). Each paste is stored verbatim, cut
 * where the stored thread text ended (`[...]`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainLogs } from '../../src/logs/explain.ts';
import { renderLogExplanation } from '../../src/render/text/logs.ts';

interface CorpusEntry {
  file: string;
  source: string;
  established: string;
  expected: { answer: 'cause' | 'cant-tell'; top: string[]; why: string };
  mustNotBeRedHerring: string[];
}

const dir = new URL('./corpus/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as CorpusEntry[];

describe('the corpus', () => {
  it('holds at least 25 real pastes, each with its source address and what the thread established', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(25);
    for (const e of corpus) {
      expect(e.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(?:issues|pull)\/\d+$/);
      expect(e.established.length).toBeGreaterThan(10);
      expect(e.expected.why.length).toBeGreaterThan(10);
      expect(e.expected.answer === 'cant-tell' ? e.expected.top : e.expected.top.length).toEqual(e.expected.answer === 'cant-tell' ? [] : 1);
    }
  });
});

describe.each(corpus)('$file', (entry) => {
  const text = readFileSync(new URL(entry.file, dir), 'utf8');
  const x = explainLogs(text);
  const causes = x.entries.filter((e) => e.kind === 'cause');

  it(entry.expected.answer === 'cant-tell' ? "answers can't tell" : `names ${entry.expected.top.join(' or ')} first`, () => {
    if (entry.expected.answer === 'cant-tell') {
      expect(causes.map((e) => `${e.code}: ${e.title}`)).toEqual([]);
      expect(renderLogExplanation(x)).toMatch(/nothing in these lines bears on checkpoints|can't tell/);
    } else {
      expect(causes[0]?.code, causes.map((e) => e.code).join(', ')).toBeOneOf(entry.expected.top);
    }
  });

  it('never calls a line the thread needs a red herring', () => {
    const herrings = x.entries.filter((e) => e.kind === 'red-herring');
    for (const needle of entry.mustNotBeRedHerring) {
      for (const h of herrings) expect(`${h.title}\n${h.sample}`, `${h.code} holds "${needle}"`).not.toContain(needle);
    }
  });
});
