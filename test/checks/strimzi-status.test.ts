import { describe, expect, it } from 'vitest';
import { strimziStatus } from '../../src/checks/strimzi-status.ts';
import * as fx from '../fixtures/facts.ts';
import { ev, summary } from './helpers.ts';

const ready = { type: 'Ready', status: 'True', lastTransitionTime: '2025-06-02T08:00:00Z' };
const notReady = { type: 'NotReady', status: 'True', reason: 'NoStackTraceThrowable', message: 'One or more connectors are in FAILED state' };
const withStatus = fx.withStrimziStatus;
const cp = fx.strimziCheckpointStatus;

describe('strimzi-status', () => {
  it.each([
    ['healthy: Ready, the checkpoint connector runs a task', withStatus(fx.fixHealthyFacts(), { connectors: [cp()] }), []],
    ['no status written yet', withStatus(fx.fixHealthyFacts(), null), []],
    ['no resource read', fx.fixHealthyFacts(), []],
    // The seed, read live: Strimzi says Ready; no group qualifies, so no task is a consequence.
    ['seed: Ready without a checkpoint task', withStatus(fx.fixSeedFacts(), { connectors: [cp({ tasks: [] })] }), ['strimzi-ready-without-checkpoint-tasks:info']],
    // Without Connect REST the status is the only view: qualifying groups and no task is critical (refresh off).
    ['groups qualify, no task, no Connect REST', fx.withSettings(withStatus(fx.withoutConnect(fx.fixHealthyFacts()), { connectors: [cp({ tasks: [] })] }), { 'refresh.groups.enabled': 'false' }), ['strimzi-ready-without-checkpoint-tasks:critical']],
    // With Connect REST, checkpoint-connector-no-tasks carries the severity; this one only says what Ready hides.
    ['groups qualify, no task, Connect REST answered', fx.withSettings(withStatus(fx.withCheckpointConnector(fx.fixHealthyFacts(), { tasks: [] }), { connectors: [cp({ tasks: [] })] }), { 'refresh.groups.enabled': 'false' }), ['strimzi-ready-without-checkpoint-tasks:info']],
    ['NotReady is not "Ready without tasks"', withStatus(fx.fixSeedFacts(), { conditions: [notReady], connectors: [cp({ tasks: [] })] }), []],
    ['a spec change the operator has not applied', withStatus(fx.fixHealthyFacts(), { generation: 5, observedGeneration: 4, connectors: [cp()] }), ['strimzi-spec-not-reconciled:warning']],
  ])('%s', (_name, facts, expected) => {
    expect(summary(strimziStatus, facts)).toEqual(expected);
  });

  it('says why Ready is not health, and names the connector', () => {
    const [f] = strimziStatus.run(withStatus(fx.fixSeedFacts(), { connectors: [cp({ tasks: [] })] }));
    expect(f?.title).toBe(`Strimzi reports KafkaMirrorMaker2 kafka/svl-mirror Ready, yet its checkpoint connector ${fx.CHECKPOINT_CONNECTOR} runs no task`);
    expect(String(ev(f, 'why Ready'))).toContain('only when a connector itself is FAILED');
    expect(String(ev(f, 'meaning'))).toMatch(/^a consequence: no consumer group qualifies/);
    expect(f?.subject?.connector).toBe(fx.CHECKPOINT_CONNECTOR);
  });

  it('without Connect REST, reads a FAILED connector, its trace, the NotReady condition and Strimzi\'s auto-restarts from the status', () => {
    const facts = withStatus(fx.withoutConnect(fx.fixHealthyFacts()), {
      conditions: [notReady],
      connectors: [cp({ state: 'FAILED', tasks: [], trace: 'org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\n\tat x' })],
      autoRestarts: [{ connectorName: fx.CHECKPOINT_CONNECTOR, count: 3, lastRestartTimestamp: '2025-06-02T09:10:44Z' }],
    });
    const [f] = strimziStatus.run(facts);
    expect(f?.code).toBe('checkpoint-connector-not-running');
    expect(f?.severity).toBe('critical');
    expect(ev(f, 'trace')).toBe('org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient');
    expect(ev(f, 'Strimzi auto-restarts')).toBe('3, last at 2025-06-02T09:10:44Z');
    expect(ev(f, 'condition NotReady')).toBe('NoStackTraceThrowable: One or more connectors are in FAILED state');
  });

  it('without Connect REST, a FAILED task under a Ready resource is critical and says Ready does not see it', () => {
    const facts = withStatus(fx.withoutConnect(fx.fixHealthyFacts()), { conditions: [ready], connectors: [cp({ tasks: [{ id: 0, state: 'FAILED', trace: 'org.apache.kafka.connect.errors.ConnectException: boom' }] })] });
    const [f] = strimziStatus.run(facts);
    expect(`${f?.code}:${f?.severity}`).toBe('checkpoint-task-failed:critical');
    expect(ev(f, 'task 0 trace')).toBe('org.apache.kafka.connect.errors.ConnectException: boom');
    expect(String(ev(f, 'condition Ready'))).toContain('does not make Strimzi report NotReady');
  });

  it('leaves connector states to Connect REST when it answered, and a paused spec to checkpoint-connector-state', () => {
    const failed = { conditions: [notReady], connectors: [cp({ state: 'FAILED', tasks: [] })] };
    expect(summary(strimziStatus, withStatus(fx.fixHealthyFacts(), failed))).toEqual([]);
    const paused = fx.withStrimziCr(fx.fixHealthyFacts(), { checkpointConnector: { state: 'paused' } });
    expect(summary(strimziStatus, withStatus(paused, { connectors: [cp({ state: 'PAUSED', tasks: [] })] }))).toEqual([]);
  });

  it('a paused reconciliation says so', () => {
    const [f] = strimziStatus.run(withStatus(fx.fixHealthyFacts(), { generation: 6, observedGeneration: 4, conditions: [{ type: 'ReconciliationPaused', status: 'True' }], connectors: [cp()] }));
    expect(String(ev(f, 'meaning'))).toContain('reconciliation is paused');
  });
});
