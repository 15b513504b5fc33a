import { describe, expect, it } from 'vitest';
import { renderLogExplanation } from '../../src/render/text/logs.ts';
import { networkSentence } from '../../src/render/words/logs.ts';
import type { LogExplanation, NetworkSummary } from '../../src/model/log-explanation.ts';

const calm: NetworkSummary = { disconnects: 0, timeouts: 0, byNode: {}, addresses: {}, perMinute: [] };

describe('terminal rendering', () => {
  it('says disconnects from one node, span and peak', () => {
    const n: NetworkSummary = {
      ...calm,
      disconnects: 14,
      byNode: { '1': 14 },
      perMinute: [
        { minute: '2024-11-12 10:41', count: 3 },
        { minute: '2024-11-12 10:42', count: 9 },
        { minute: '2024-11-12 10:52', count: 2 },
      ],
      first: '2024-11-12 10:41:00.000',
      last: '2024-11-12 10:52:10.000',
    };
    expect(networkSentence(n)).toBe('14 disconnects from node 1 over 12 minutes, peak 9/min at 10:42');
    expect(networkSentence(calm)).toBeUndefined();
    expect(networkSentence({ ...calm, timeouts: 1 })).toBe('0 disconnects; 1 timeout');
  });

  it('caps each section and shows groups', () => {
    const entries: LogExplanation['entries'] = Array.from({ length: 5 }, (_, i) => ({
      kind: 'cause' as const,
      code: `c${i}`,
      title: `cause ${i}`,
      count: 1,
      sample: 's',
      groups: i === 0 ? ['g1', 'g2'] : undefined,
    }));
    const x: LogExplanation = { lines: 5, parsed: 5, entries, network: calm, mentionedMirrors: ['a->b'], connectors: [], topics: [] };
    const text = renderLogExplanation(x, { maxPerSection: 2, samples: false });
    expect(text.split('\n')[0]).toBe('logs: 5 lines, 5 log records; mirrors a->b');
    expect(text).toContain('  - cause 0: g1, g2');
    expect(text).not.toContain('cause 2');
    expect(text).toContain('… and 3 more');
  });
});
