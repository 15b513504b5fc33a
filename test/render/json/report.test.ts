import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../src/checks/index.ts';
import { buildReport } from '../../../src/doctor/report.ts';
import { renderJson, renderJsonText } from '../../../src/render/json/report.ts';
import * as fx from '../../fixtures/facts.ts';
import { fixRunbookContext } from '../../fixtures/runbook.ts';

function json(facts = fx.fixSeedFacts()) {
  return renderJson(buildReport(facts, ALL_CHECKS, { durationMs: 842 }), fixRunbookContext(facts, { sasl: true, strimzi: true }));
}

describe('renderJson', () => {
  it('has exactly the contract keys', () => {
    const out = json();
    expect(Object.keys(out)).toEqual(['mirror', 'verdict', 'rootCause', 'findings', 'durationMs']);
    expect(Object.keys(out.rootCause ?? {})).toEqual(['code', 'title']);
    for (const f of out.findings) expect(Object.keys(f)).toEqual(['code', 'severity', 'title', 'evidence', 'steps']);
  });

  it('renders the seed case', () => {
    const out = json();
    expect(out.mirror).toEqual({ name: 'svl', sourceAlias: 'svl', targetAlias: 'confluent' });
    expect(out.verdict).toBe('critical');
    expect(out.rootCause).toEqual({ code: 'no-consumer-groups', title: 'No consumer group on svl has committed offsets on a mirrored topic' });
    expect(out.findings.map((f) => f.code)).toEqual(['no-consumer-groups', 'checkpoint-connector-no-tasks', 'network-instability', 'log-red-herring']);
    expect(out.findings[0]?.steps[0]).toEqual({
      text: 'List the consumer groups on svl; without a group that commits offsets there is nothing to checkpoint',
      command: `kafka-consumer-groups.sh --bootstrap-server ${fx.SOURCE_BOOTSTRAP} --command-config /etc/mm2-doctor/svl.properties --list`,
    });
    expect(out.durationMs).toBe(842);
  });

  it('is null-rooted and ok for a healthy mirror', () => {
    const out = json(fx.fixHealthyFacts());
    expect(out.verdict).toBe('ok');
    expect(out.rootCause).toBeNull();
  });

  it('turns bigint into decimal strings and survives JSON.stringify', () => {
    const f = fx.withCheckpointsTopic(fx.fixHealthyFacts(), { configs: { 'cleanup.policy': 'delete' }, offsets: [{ partition: 0, start: 9007199254740993n, end: 9007199254740993n }] });
    const report = buildReport(f, ALL_CHECKS);
    // Put a raw bigint into evidence to prove the conversion, not just string formatting in checks.
    report.findings[0]?.evidence.push({ label: 'raw', value: 9007199254740993n });
    const text = renderJsonText(report, fixRunbookContext(f));
    const parsed = JSON.parse(text) as ReturnType<typeof renderJson>;
    expect(parsed.findings[0]?.evidence.at(-1)).toEqual({ label: 'raw', value: '9007199254740993' });
    expect(text).toContain('"partition 0 offsets"');
  });

  it('omits command when a step has none', () => {
    const out = json();
    const noCmd = out.findings.flatMap((f) => f.steps).find((s) => !('command' in s));
    expect(noCmd).toBeDefined();
    expect(Object.keys(noCmd ?? {})).toEqual(['text']);
  });
});
