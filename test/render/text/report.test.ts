import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../src/checks/index.ts';
import { buildReport } from '../../../src/doctor/report.ts';
import { renderTerminal } from '../../../src/render/text/report.ts';
import * as fx from '../../fixtures/facts.ts';
import { fixRunbookContext } from '../../fixtures/runbook.ts';

function render(facts = fx.fixSeedFacts(), opts: Parameters<typeof fixRunbookContext>[1] = { sasl: true, strimzi: true }) {
  return renderTerminal(buildReport(facts, ALL_CHECKS, { durationMs: 842 }), fixRunbookContext(facts, opts));
}

describe('renderTerminal', () => {
  it('starts with the verdict, then the root cause, its evidence and numbered steps with commands', () => {
    const lines = render().split('\n');
    expect(lines[0]).toBe('svl (svl -> confluent): CRITICAL (1 critical, 1 warning, 2 info)');
    expect(lines[2]).toBe('Root cause [critical] no-consumer-groups: No consumer group on svl has committed offsets on a mirrored topic');
    expect(lines[4]).toBe('Evidence:');
    expect(lines[5]).toBe('  consumer groups listed: 1');
    const steps = lines.indexOf('Steps:');
    expect(steps).toBeGreaterThan(5);
    expect(lines[steps + 1]).toBe('  1. List the consumer groups on svl; without a group that commits offsets there is nothing to checkpoint');
    expect(lines[steps + 2]).toBe(`     $ kafka-consumer-groups.sh --bootstrap-server ${fx.SOURCE_BOOTSTRAP} --command-config /etc/mm2-doctor/svl.properties --list`);
  });

  it('lists the other findings after the root cause, with steps for warnings only', () => {
    const out = render();
    const others = out.slice(out.indexOf('Other findings:'));
    expect(others).toContain('  [info] checkpoint-connector-no-tasks: Checkpoint connector svl->confluent.MirrorCheckpointConnector is RUNNING with no tasks');
    expect(others).toContain('  [warning] network-instability: MM2 logged 8 connection drops or timeouts');
    expect(others).toContain('      1. Check network stability between svl and confluent from where MM2 runs');
    expect(others).toContain('  [info] log-red-herring: Not the cause: Topic config sync failed (3 lines)');
    expect(others.indexOf('checkpoint-connector-no-tasks')).toBeLessThan(others.indexOf('network-instability'));
    // Info findings under a root cause carry no steps (the red herring needs no action).
    expect(others).not.toContain('No action for checkpoints');
  });

  it('has no colour codes', () => {
    expect(render().includes('\u001b[')).toBe(false);
  });

  it('shows what was not evaluated and why', () => {
    const out = render(fx.withGroupsUnlistable(fx.fixSeedFacts()));
    expect(out.split('\n')[0]).toBe('svl (svl -> confluent): UNKNOWN (3 warning, 1 info)');
    expect(out).toContain('Root cause [warning] not-authorized:');
    expect(out).toContain('Not evaluated (5 checks):\n  ListGroups on svl: Not authorized to access group (not-authorized): consumer-groups, groups-pending-refresh, translation, translation-coarse, checkpoints-progress\n');
    expect(out).not.toContain('no-consumer-groups');
  });

  it('leaves out the checks that need logs when none were given', () => {
    const out = render(fx.fixHealthyFacts());
    expect(out).not.toContain('log-red-herring');
    expect(out).not.toContain('Not evaluated');
  });

  it('names each cause once when one unreachable cluster stops many checks', () => {
    const out = render(fx.withSourceUnreachable(fx.fixSeedFacts()));
    const cause = 'Connection to svl-kafka-bootstrap.kafka.svc:9093 failed: connect ETIMEDOUT';
    expect(out.split(cause).length - 1).toBeLessThanOrEqual(2); // the root cause finding, and Not evaluated once
    expect(out).toMatch(/Not evaluated \(\d+ checks\):/);
  });

  it('says no problem was found for a healthy mirror', () => {
    const out = render(fx.fixHealthyFacts());
    expect(out.split('\n')[0]).toBe('svl (svl -> confluent): OK (3 info)');
    expect(out).toContain('\nNo problem found.\n');
    expect(out).toContain('  [info] checkpoints-flowing: svl.checkpoints.internal holds checkpoints for 2 groups');
    expect(out.trimEnd().endsWith('Gathered in 842 ms.')).toBe(true);
  });

  it('prints bigint evidence in decimal and lists comma-joined', () => {
    const f = fx.withCheckpointsTopic(fx.fixHealthyFacts(), { configs: { 'cleanup.policy': 'delete' }, offsets: [{ partition: 0, start: 9007199254740993n, end: 9007199254740993n }] });
    const out = render(f);
    expect(out).toContain('partition 0 offsets: 9007199254740993..9007199254740993');
    expect(out).toContain('groups: app-orders, app-payments');
  });

  it('lists check errors', () => {
    const report = buildReport(fx.fixHealthyFacts(), [{ id: 'boom', emits: [], needs: [], run: () => { throw new Error('kaput'); } }]);
    const out = renderTerminal(report, fixRunbookContext(fx.fixHealthyFacts()));
    expect(out).toContain('Check errors:\n  boom: kaput');
    expect(out.split('\n')[0]).toBe('svl (svl -> confluent): UNKNOWN');
  });
});
