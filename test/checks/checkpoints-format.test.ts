import { describe, expect, it } from 'vitest';
import { checkpointsFlowing } from '../../src/checks/checkpoints-flowing.ts';
import { checkpointsFormat } from '../../src/checks/checkpoints-format.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;
const JSON_REASON = "value was written by JsonConverter, not as MM2's raw bytes; the Connect worker running MM2 must use ByteArrayConverter";

function withCorrupt(records: boolean) {
  const f = records ? h() : fx.withCheckpointRecords(h(), []);
  if (f.checkpoints.ok) f.checkpoints.value.corrupt = [{ partition: 0, offset: 7n, reason: JSON_REASON, code: 'converter-mismatch' }, { partition: 0, offset: 8n, reason: JSON_REASON }];
  return f;
}

describe('checkpoints-format', () => {
  it.each([
    ['healthy', h(), []],
    ['all records JSON', withCorrupt(false), ['checkpoints-converter-mismatch:critical']],
    ['some records JSON', withCorrupt(true), ['checkpoints-converter-mismatch:warning']],
    [
      'a tombstone is not a converter problem',
      (() => {
        const f = h();
        if (f.checkpoints.ok) f.checkpoints.value.corrupt = [{ partition: 0, offset: 9n, reason: 'record has a null value (tombstone), not MM2 data', code: 'null-value' }];
        return f;
      })(),
      [],
    ],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointsFormat, facts)).toEqual(expected);
  });

  it('shows the first bad record and the connector converters', () => {
    const f0 = fx.withCheckpointConfig(withCorrupt(false), { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter' });
    const [f] = checkpointsFormat.run(f0);
    expect(f?.title).toBe("2 records in svl.checkpoints.internal are not MM2's binary checkpoint format");
    expect(ev(f, 'offset 7')).toBe(JSON_REASON);
    expect(ev(f, 'connector converters')).toEqual(['value.converter=org.apache.kafka.connect.json.JsonConverter']);
  });
});

describe('checkpoints-flowing', () => {
  it.each([
    ['healthy', h(), ['checkpoints-flowing:info']],
    ['seed: empty', fx.fixSeedFacts(), []],
    ['unreadable', fx.withFailed(h(), 'checkpoints'), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointsFlowing, facts)).toEqual(expected);
  });

  it('counts records and groups and dates the newest', () => {
    const [f] = checkpointsFlowing.run(h());
    expect(f?.title).toBe('svl.checkpoints.internal holds checkpoints for 2 groups');
    expect(ev(f, 'checkpoint records read')).toBe(4);
    expect(ev(f, 'groups')).toEqual(['app-orders', 'app-payments']);
    expect(ev(f, 'newest checkpoint')).toBe('2m ago');
  });
});
