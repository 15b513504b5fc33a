import { describe, expect, it } from 'vitest';
import { checkpointConnectorTasks } from '../../src/checks/checkpoint-connector-tasks.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const noTasks = (f = fx.fixHealthyFacts()) => fx.withCheckpointConnector(f, { tasks: [] });

describe('checkpoint-connector-tasks', () => {
  it.each([
    ['healthy', fx.fixHealthyFacts(), []],
    ['seed: zero groups, so no task is a consequence', fx.fixSeedFacts(), ['checkpoint-connector-no-tasks:info']],
    // 3.9 (the fixtures' version): the connector has not refreshed since the groups appeared; groups-pending-refresh is the cause.
    ['groups qualify but no task, 3.9', noTasks(), ['checkpoint-connector-no-tasks:info']],
    ['groups qualify but no task, refresh disabled', fx.withSettings(noTasks(), { 'refresh.groups.enabled': 'false' }), ['checkpoint-connector-no-tasks:critical']],
    ['emission disabled', fx.withSettings(noTasks(), { 'emit.checkpoints.enabled': 'false' }), ['checkpoint-connector-no-tasks:info']],
    ['groups unreadable', fx.withGroupsUnlistable(noTasks()), ['checkpoint-connector-no-tasks:warning']],
    ['OffsetFetch denied', fx.withOffsetFetchDenied(noTasks()), ['checkpoint-connector-no-tasks:warning']],
    ['connector PAUSED with no tasks is another check', fx.withCheckpointConnector(noTasks(), { state: 'PAUSED' }), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(checkpointConnectorTasks, facts)).toEqual(expected);
  });

  it('names the qualifying groups and KAFKA-17232 on Kafka 3.8', () => {
    const [f] = checkpointConnectorTasks.run(fx.withSettings(noTasks(), { 'emit.checkpoints.enabled': 'true' }, 'connect'));
    expect(ev(f, 'qualifying groups')).toEqual(['app-orders', 'app-payments']);
    const f38 = fx.withKafkaVersion(noTasks(), '3.8.0');
    expect(String(ev(checkpointConnectorTasks.run(f38)[0], 'meaning'))).toContain('KAFKA-17232');
    expect(String(ev(f, 'meaning'))).not.toContain('KAFKA-17232');
  });

  it('says "consequence" for the seed', () => {
    const [f] = checkpointConnectorTasks.run(fx.fixSeedFacts());
    expect(f?.title).toBe(`Checkpoint connector ${fx.CHECKPOINT_CONNECTOR} is RUNNING with no tasks`);
    expect(String(ev(f, 'meaning'))).toMatch(/^a consequence/);
  });
});
