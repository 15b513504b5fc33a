// The one definition of a change between two diagnoses of a mirror.
import { describe, expect, it } from 'vitest';
import { changeOf } from '../../src/monitor/changes.ts';

describe('changeOf', () => {
  it('is null when verdict and root cause are the same', () => {
    expect(changeOf({ verdict: 'critical', rootCause: 'no-consumer-groups' }, { verdict: 'critical', rootCause: 'no-consumer-groups' })).toBeNull();
    expect(changeOf({ verdict: 'ok', rootCause: null }, { verdict: 'ok', rootCause: null })).toBeNull();
  });

  it('says which part changed', () => {
    expect(changeOf({ verdict: 'ok', rootCause: null }, { verdict: 'critical', rootCause: 'no-consumer-groups' })).toEqual({ verdict: true, rootCause: true });
    expect(changeOf({ verdict: 'critical', rootCause: 'no-consumer-groups' }, { verdict: 'critical', rootCause: 'checkpoint-task-failed' })).toEqual({ verdict: false, rootCause: true });
    expect(changeOf({ verdict: 'warning', rootCause: 'checkpoints-stale' }, { verdict: 'critical', rootCause: 'checkpoints-stale' })).toEqual({ verdict: true, rootCause: false });
  });
});
