/** The `failover --json` contract (README "Failover readiness"): exactly these keys, offsets as decimal strings. */
import { describe, expect, it } from 'vitest';
import { failoverReadiness } from '../../../src/doctor/failover.ts';
import { renderFailoverJson, renderFailoverJsonText } from '../../../src/render/json/failover.ts';
import { renderFailoverText } from '../../../src/render/text/failover.ts';
import { renderFailoverSlack } from '../../../src/render/slack/failover.ts';
import { buildReport } from '../../../src/doctor/report.ts';
import { ALL_CHECKS } from '../../../src/checks/index.ts';
import * as fx from '../../fixtures/facts.ts';
import { expectFailoverContract } from '../../support/failover-contract.ts';

const facts = () =>
  fx.withEndOffsets(
    fx.withTargetGroups(fx.withCheckpointConfig(fx.fixHealthyFacts(), { 'sync.group.offsets.enabled': 'true' }), [
      fx.fixTargetGroup('app-orders', { members: [['billing-1', '10.0.0.5']], offsets: [['svl.orders', 0, 1451n], ['svl.orders', 1, 1101n], ['svl.orders', 2, 801n]] }),
      fx.fixTargetGroup('app-payments', { offsets: [['svl.payments', 0, 251n]] }),
    ]),
    [['orders', 0, 1500n]],
    [['svl.orders', 0, 9007199254740993n]],
  );

describe('failover --json', () => {
  const out = renderFailoverJson(failoverReadiness(facts()), 'warning');

  it('has exactly the contract keys, at every level', () => {
    expect(out.groups.length).toBeGreaterThan(0);
    expectFailoverContract(out);
  });

  it('carries the values, offsets as decimal strings (64-bit safe), members with their hosts', () => {
    expect(out.mirror).toEqual({ name: 'svl', sourceAlias: 'svl', targetAlias: 'confluent' });
    expect(out.at).toBe('2025-06-02T10:00:00.000Z');
    expect(out.verdict).toBe('warning');
    expect(out.summary).toEqual({ ready: 1, degraded: 1, notReady: 0, total: 2, line: '1 of 2 groups ready (1 degraded)' });
    const orders = out.groups.find((g) => g.group === 'app-orders')!;
    expect(orders.target).toEqual({ state: 'Stable', members: [{ clientId: 'billing-1', host: '10.0.0.5' }] });
    const p0 = orders.partitions[0]!;
    expect(p0).toMatchObject({ topic: 'orders', partition: 0, targetTopic: 'svl.orders', sourceCommitted: '1500', sourceEnd: '1500', targetEnd: '9007199254740993', resumeAt: '1451', resumeFrom: 'target-offset', expectedAt: '1500', reRead: '49', status: 're-read' });
    expect(p0.checkpoint).toEqual({ upstream: '1500', downstream: '1451', ageMs: 120_000 });
    expect(orders.partitions[1]!.sourceEnd).toBeNull();
  });

  it('survives JSON.stringify and parses back to the same object', () => {
    const text = renderFailoverJsonText(failoverReadiness(facts()), 'ok');
    expect(JSON.parse(text)).toEqual(renderFailoverJson(failoverReadiness(facts()), 'ok'));
  });
});

describe('failover text and Slack', () => {
  const r = failoverReadiness(facts());
  it('text: the summary, a table per group, the members on the target', () => {
    const t = renderFailoverText(r);
    expect(t.split('\n')[0]).toBe('svl: 1 of 2 groups ready (1 degraded) for a failover to confluent');
    expect(t).toMatch(/app-orders: DEGRADED .*billing-1@10\.0\.0\.5/);
    expect(t).toMatch(/svl\.orders-0\s+1500\s+1500→1451\s+1451\s+1451 \(target\)\s+1500 \(≥1451\)\s+49\s+0\s+re-read/);
    expect(renderFailoverText(r, { group: 'nope' })).toMatch(/group nope is neither checkpointed nor checkpointable/);
  });
  it('Slack: a header, the summary line, the worst group first', () => {
    const d = renderFailoverSlack(r, buildReport(facts(), ALL_CHECKS));
    expect(d.text).toBe('svl: 1 of 2 groups ready (1 degraded)');
    const json = JSON.stringify(d.blocks);
    expect(json).toContain('failover readiness');
    expect(json.indexOf('app-orders')).toBeLessThan(json.indexOf('app-payments'));
  });
});
