import { describe, expect, it } from 'vitest';
import { ByPartition } from '../../src/checks/lib/by-partition.ts';

describe('ByPartition', () => {
  // Small maps search arrays, large ones build an index past 16 entries: both must answer alike.
  for (const n of [3, 16, 17, 500]) {
    it(`finds, overwrites and keeps first-insertion order with ${n} entries`, () => {
      const m = new ByPartition<string>();
      const keys = Array.from({ length: n }, (_, i) => [i % 2 ? 'orders' : 'svl.orders', Math.floor(i / 2)] as const);
      for (const [t, p] of keys) m.set(t, p, `${t}-${p}`);
      expect(m.size).toBe(n);
      for (const [t, p] of keys) expect(m.get(t, p)).toBe(`${t}-${p}`);
      // Same partition number, other topic; same topic, other partition: not there.
      expect(m.get('payments', 0)).toBeUndefined();
      expect(m.has('orders', n)).toBe(false);
      // An overwrite keeps the entry's place.
      m.set(keys[0]![0], keys[0]![1], 'again');
      expect(m.values()[0]).toBe('again');
      expect(m.size).toBe(n);
      expect(m.values().slice(1)).toEqual(keys.slice(1).map(([t, p]) => `${t}-${p}`));
      // Entries added after the index exists are found too.
      m.set('late', 7, 'late-7');
      expect(m.get('late', 7)).toBe('late-7');
      expect(m.values().at(-1)).toBe('late-7');
    });
  }
});
