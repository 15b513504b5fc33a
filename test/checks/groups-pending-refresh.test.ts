import { describe, expect, it } from 'vitest';
import { groupsPendingRefresh } from '../../src/checks/groups-pending-refresh.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const assigned = (groups: string | undefined) =>
  fx.withCheckpointConnector(fx.fixHealthyFacts(), {
    tasks: [{ id: 0, state: 'RUNNING', workerId: 'w', ...(groups === undefined ? {} : { config: { 'task.assigned.groups': groups } }) }],
  });

describe('groups-pending-refresh', () => {
  it.each([
    ['healthy', fx.fixHealthyFacts(), []],
    ['one candidate not assigned yet', assigned('app-orders'), ['groups-pending-refresh:warning']],
    ['refresh disabled', fx.withSettings(assigned('app-orders'), { 'refresh.groups.enabled': 'false' }), ['groups-pending-refresh:critical']],
    ['task configs unknown', assigned(undefined), []],
    ['assigned with spaces', assigned('app-payments , app-orders'), []],
    ['no task at all: every qualifying group is pending', fx.withCheckpointConnector(fx.fixHealthyFacts(), { tasks: [] }), ['groups-pending-refresh:warning']],
    ['connector paused is another check', fx.withCheckpointConnector(fx.fixHealthyFacts(), { state: 'PAUSED' }), []],
  ])('%s', (_name, facts, expected) => {
    expect(summary(groupsPendingRefresh, facts)).toEqual(expected);
  });

  it('names the pending group and the refresh interval', () => {
    const [f] = groupsPendingRefresh.run(fx.withSettings(assigned('app-orders'), { 'refresh.groups.interval.seconds': '300' }));
    expect(f?.title).toBe('A qualifying group is not assigned to a checkpoint task yet');
    expect(ev(f, 'not assigned')).toEqual(['app-payments']);
    expect(ev(f, 'refresh.groups.interval.seconds')).toBe('300 (new groups are picked up within this time)');
    expect(f?.subject?.groups).toEqual(['app-payments']);
  });
});
