import { describe, expect, it } from 'vitest';
import { translation } from '../../src/checks/translation.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const { fixGroup, fixSync, withGroups, NOW, MIN } = fx;
const h = fx.fixHealthyFacts;
const syncs = (...s: Array<ReturnType<typeof fixSync>>) => fx.withSyncRecords(h(), s);

describe('translation', () => {
  it.each([
    ['healthy', h(), []],
    ['seed: no candidate, nothing to translate', fx.fixSeedFacts(), []],
    ['empty offset-syncs topic is another check', fx.withSyncRecords(h(), []), []],
    [
      'committed below every sync on all partitions (replicated from latest)',
      fx.withGroups(syncs(fixSync('orders', 0, 5000n, 10n, NOW - 30 * MIN, 0n)), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n]] })]),
      ['translation-impossible:critical'],
    ],
    [
      'one partition without sync, others fine',
      withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n], ['orders', 3, 10n]] })]),
      ['translation-impossible:warning'],
    ],
    [
      'truncated read never claims critical',
      (() => {
        const f = fx.withGroups(syncs(fixSync('orders', 0, 5000n, 10n, NOW, 0n)), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n]] })]);
        if (f.offsetSyncs.ok) f.offsetSyncs.value.truncated = true;
        return f;
      })(),
      ['translation-impossible:warning'],
    ],
  ])('%s', (_name, facts, expected) => {
    expect(summary(translation, facts)).toEqual(expected);
  });

  it('says the committed offset is older than the oldest sync (C11)', () => {
    const f0 = fx.withGroups(syncs(fixSync('orders', 0, 5000n, 10n, NOW - 30 * MIN, 0n)), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n]] })]);
    const [f] = translation.run(f0);
    expect(f?.title).toBe('No committed offset of a qualifying group can be translated to confluent');
    expect(ev(f, 'app-orders orders-0')).toBe(
      'committed 1500 is below the oldest usable sync (upstream 5000); the group gets a checkpoint only after consuming past it',
    );
    expect(ev(f, 'translatable partitions')).toBe(0);
    expect(f?.subject).toEqual({ groups: ['app-orders'], topics: ['orders'], cluster: 'source' });
  });

  it('says why the oldest sync is past records MM2 replicated: never written, or compacted away', () => {
    // The first sync names upstream 303 → downstream 303: MM2 copied 303 records before it (issue 10's bench).
    const group = fixGroup('app-0', { offsets: [['orders', 0, 10n]] });
    const late = (syncOffset: bigint) => fx.withEndOffsets(fx.withGroups(syncs(fixSync('orders', 0, 303n, 303n, NOW - 30 * MIN, syncOffset)), [group]), [['orders', 0, 400n]]);
    const [whole] = translation.run(late(0n));
    expect(ev(whole, 'why no earlier sync')).toMatch(/^the oldest sync of orders-0 maps upstream 303 to downstream 303: .* is whole \(offsets 0 to 0\), so they were never written: .*newest waiting one per partition \(OffsetSyncWriter\).*does not clear by waiting/);
    const [gap] = translation.run(late(5n));
    expect(ev(gap, 'why no earlier sync')).toMatch(/Either they were never written .* or the compacted offset-syncs topic has dropped them/);
    // A first sync at downstream 0 is a mirror that started replicating there: no such claim.
    const [later] = translation.run(fx.withEndOffsets(fx.withGroups(syncs(fixSync('orders', 0, 303n, 0n, NOW - 30 * MIN, 0n)), [group]), [['orders', 0, 400n]]));
    const why = (f: typeof later) => f?.evidence.find((e) => e.label === 'why no earlier sync');
    expect(why(later)).toBeUndefined();
    // Without the source's log start, nothing is claimed either.
    expect(why(translation.run(fx.withGroups(syncs(fixSync('orders', 0, 303n, 303n, NOW - 30 * MIN, 0n)), [group]))[0])).toBeUndefined();
  });

  it('says a partition has no sync at all', () => {
    const [f] = translation.run(withGroups(h(), [fixGroup('app-orders', { offsets: [['orders', 0, 1500n], ['orders', 3, 10n]] })]));
    expect(f?.title).toBe('1 committed partition offset of 1 group cannot be translated');
    expect(ev(f, 'app-orders orders-3')).toBe('committed 10; no offset sync for this partition: none of its records was replicated since the offset-syncs topic was created');
    expect(ev(f, 'translatable partitions')).toBe(1);
  });

  it('says a topic that came from the target is never replicated back (C12)', () => {
    const f0 = fx.withSettings(withGroups(h(), [fixGroup('app-failback', { offsets: [['confluent.orders', 0, 10n]] })]), { topics: '.*' });
    const [f] = translation.run(f0);
    expect(ev(f, 'app-failback confluent.orders-0')).toBe(
      'committed 10; no offset sync ever: MirrorSourceConnector does not replicate confluent.orders (it came from the target cluster)',
    );
  });
});
