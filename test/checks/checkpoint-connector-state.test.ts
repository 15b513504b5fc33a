import { describe, expect, it } from 'vitest';
import { checkpointConnectorState } from '../../src/checks/checkpoint-connector-state.ts';
import type { ConnectorFacts } from '../../src/model/facts.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const task = (state: ConnectorFacts['state'], trace?: string): ConnectorFacts['tasks'][number] => ({ id: 0, state, workerId: '10.128.3.4:8083', ...(trace ? { trace } : {}) });
const SEND_FAILED = 'org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer send callback\n\tat ...\nCaused by: WorkerSourceTask{id=svl->confluent.MirrorCheckpointConnector-0} failed to send record to svl.checkpoints.internal';

describe('checkpoint-connector-state', () => {
  it.each([
    ['healthy', {}, []],
    ['connector FAILED', { state: 'FAILED' as const, trace: 'org.apache.kafka.common.config.ConfigException: Invalid regex\n\tat x' }, ['checkpoint-connector-not-running:critical']],
    ['connector PAUSED', { state: 'PAUSED' as const }, ['checkpoint-connector-not-running:critical']],
    ['connector STOPPED', { state: 'STOPPED' as const, tasks: [] }, ['checkpoint-connector-not-running:critical']],
    ['connector UNASSIGNED', { state: 'UNASSIGNED' as const }, ['checkpoint-connector-not-running:warning']],
    ['task FAILED', { tasks: [task('FAILED', SEND_FAILED)] }, ['checkpoint-task-failed:critical']],
    ['task RUNNING', { tasks: [task('RUNNING')] }, []],
  ])('%s', (_name, patch, expected) => {
    expect(summary(checkpointConnectorState, fx.withCheckpointConnector(fx.fixHealthyFacts(), patch))).toEqual(expected);
  });

  it('shows the first trace line of a failed connector', () => {
    const [f] = checkpointConnectorState.run(fx.withCheckpointConnector(fx.fixHealthyFacts(), { state: 'FAILED', trace: 'org.apache.kafka.common.config.ConfigException: Invalid regex\n\tat x' }));
    expect(f?.title).toBe(`Checkpoint connector ${fx.CHECKPOINT_CONNECTOR} is FAILED`);
    expect(ev(f, 'trace')).toBe('org.apache.kafka.common.config.ConfigException: Invalid regex');
    expect(f?.subject?.connector).toBe(fx.CHECKPOINT_CONNECTOR);
  });

  it('explains a failed send to the checkpoints topic', () => {
    const [f] = checkpointConnectorState.run(fx.withCheckpointConnector(fx.fixHealthyFacts(), { tasks: [task('FAILED', SEND_FAILED), { ...task('RUNNING'), id: 1 }] }));
    expect(f?.title).toBe(`1 of 2 checkpoint tasks of ${fx.CHECKPOINT_CONNECTOR} FAILED`);
    expect(ev(f, 'task 0')).toBe('FAILED on 10.128.3.4:8083');
    expect(ev(f, 'task 0 meaning')).toMatch(/WRITE on the topic/);
  });

  it.each([
    ['running (default)', {}, []],
    ['state: paused', { state: 'paused' as const }, ['checkpoint-connector-not-running:critical']],
    ['deprecated pause: true', { pause: true }, ['checkpoint-connector-not-running:critical']],
  ])('without Connect, reads the CR state: %s', (_name, spec, expected) => {
    const f = fx.withStrimziCr(fx.fixHealthyFacts(), { checkpointConnector: spec });
    expect(summary(checkpointConnectorState, f)).toEqual(expected);
  });

  it('with Connect PAUSED, names the CR field only when the KafkaMirrorMaker2 asks for paused too', () => {
    const both = fx.withCheckpointConnector({ ...fx.withStrimziCr(fx.fixHealthyFacts(), { checkpointConnector: { state: 'paused' } }), connect: fx.fixHealthyFacts().connect }, { state: 'PAUSED' });
    const [asked] = checkpointConnectorState.run(both);
    expect(asked?.subject).toEqual({ connector: fx.CHECKPOINT_CONNECTOR, strimziPath: 'spec.mirrors[0].checkpointConnector.state' });
    expect(ev(asked, 'spec.mirrors[0].checkpointConnector.state')).toBe('paused');
    // Paused through the REST API while the resource asks for running: nothing points at the resource.
    const [viaRest] = checkpointConnectorState.run(fx.withCheckpointConnector(fx.fixHealthyFacts(), { state: 'PAUSED' }));
    expect(viaRest?.subject).toEqual({ connector: fx.CHECKPOINT_CONNECTOR });
  });

  it('names the CR field of a paused connector', () => {
    const [f] = checkpointConnectorState.run(fx.withStrimziCr(fx.fixHealthyFacts(), { checkpointConnector: { state: 'stopped' } }));
    expect(f?.title).toBe(`The KafkaMirrorMaker2 sets checkpoint connector ${fx.CHECKPOINT_CONNECTOR} to stopped`);
    expect(f?.subject).toEqual({ connector: fx.CHECKPOINT_CONNECTOR, strimziPath: 'spec.mirrors[0].checkpointConnector.state' });
  });
});
