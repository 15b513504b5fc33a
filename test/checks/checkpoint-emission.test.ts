import { describe, expect, it } from 'vitest';
import { checkpointEmission } from '../../src/checks/checkpoint-emission.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const h = fx.fixHealthyFacts;

describe('checkpoint-emission', () => {
  it.each([
    ['healthy', h(), []],
    ['enabled=false', fx.withSettings(h(), { enabled: 'false' }), ['flow-disabled:critical']],
    ['enabled= FALSE (trimmed, any case)', fx.withSettings(h(), { enabled: ' FALSE ' }), ['flow-disabled:critical']],
    ['emit.checkpoints.enabled=false', fx.withSettings(h(), { 'emit.checkpoints.enabled': 'false' }), ['checkpoints-disabled:critical']],
    ['negative interval', fx.withSettings(h(), { 'emit.checkpoints.interval.seconds': '-1' }), ['checkpoints-disabled:critical']],
    ['no offset syncs on 3.9', fx.withSettings(h(), { 'emit.offset-syncs.enabled': 'false' }), ['checkpoints-disabled:critical']],
    ['emit.offset-syncs.enabled unknown before 3.9', fx.withKafkaVersion(fx.withSettings(h(), { 'emit.offset-syncs.enabled': 'false' }), '3.8.1'), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointEmission, facts)).toEqual(expected);
  });

  it('names the setting, its Strimzi field and the 3.9 validation error', () => {
    const path = 'spec.mirrors[0].checkpointConnector.config["emit.checkpoints.enabled"]';
    const [f] = checkpointEmission.run(fx.withSettings(h(), { 'emit.checkpoints.enabled': 'false' }, 'strimzi', path));
    expect(f?.title).toBe('Checkpoint emission is off for svl->confluent (emit.checkpoints.enabled=false)');
    expect(ev(f, 'set by')).toBe(path);
    expect(ev(f, 'effect')).toMatch(/Kafka 3\.9 rejects this config/);
    expect(f?.subject).toEqual({ setting: 'emit.checkpoints.enabled', strimziPath: path });
  });

  it('mentions the dedicated-mode flow switch and KAFKA-18021 on 3.9', () => {
    const [f] = checkpointEmission.run(fx.withSettings(h(), { enabled: 'false' }));
    expect(ev(f, 'note')).toBe('dedicated MirrorMaker 2 disables every flow unless svl->confluent.enabled = true');
    expect(ev(f, 'log noise')).toMatch(/KAFKA-18021/);
  });
});
