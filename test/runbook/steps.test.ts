import { describe, expect, it } from 'vitest';
import { FINDING_CODES, type Finding, type FindingCode } from '../../src/model/finding.ts';
import { STEPS, stepsFor, type Step } from '../../src/runbook/steps.ts';
import { buildRunbookContext, stripUrlAuth } from '../../src/runbook/context.ts';
import { shq } from '../../src/runbook/commands.ts';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { buildReport } from '../../src/doctor/report.ts';
import * as fx from '../fixtures/facts.ts';
import { fixRunbookContext } from '../fixtures/runbook.ts';

/** A finding of `code` with a subject as the checks fill it. */
function fixFinding(code: FindingCode, subject: Finding['subject'] = {}): Finding {
  return {
    code,
    severity: 'critical',
    title: `title of ${code}`,
    evidence: [{ label: 'x', value: 'y' }],
    subject: { groups: ['app-orders', 'billing'], topics: ['orders'], connector: fx.CHECKPOINT_CONNECTOR, cluster: 'source', ...subject },
  };
}

const text = (steps: Step[]) => steps.map((s) => `${s.text}\n${s.command ?? ''}`).join('\n');
const PLACEHOLDER = /<[A-Za-z][\w .-]*>|\bundefined\b|\bnull\b|\[object /;

const contexts = {
  plaintext: fixRunbookContext(fx.asConnectDeployment(fx.fixHealthyFacts())),
  sasl: fixRunbookContext(fx.asConnectDeployment(fx.fixHealthyFacts()), { sasl: true }),
  strimzi: fixRunbookContext(fx.fixHealthyFacts(), { sasl: true, strimzi: true }),
  dedicated: fixRunbookContext(fx.withoutConnect(fx.fixHealthyFacts()), { dedicated: true }),
};

describe('runbook table', () => {
  it('has steps for every finding code', () => {
    expect(Object.keys(STEPS).sort()).toEqual([...FINDING_CODES].sort());
  });

  describe.each(Object.entries(contexts))('with a %s context', (_name, ctx) => {
    it.each([...FINDING_CODES])('%s: steps are filled in with real values', (code) => {
      const steps = stepsFor(fixFinding(code), ctx);
      expect(steps.length).toBeGreaterThan(0);
      for (const s of steps) {
        expect(s.text.length).toBeGreaterThan(3);
        expect(`${s.text} ${s.command ?? ''}`).not.toMatch(PLACEHOLDER);
      }
    });
  });
});

describe('seed case steps', () => {
  const ctx = contexts.sasl;

  it('1: lists groups, then describes the group, on the source bootstrap', () => {
    const steps = stepsFor(fixFinding('no-consumer-groups', { groups: ['app-orders'] }), ctx);
    const cmds = steps.map((s) => s.command);
    expect(cmds[0]).toBe(`kafka-consumer-groups.sh --bootstrap-server ${fx.SOURCE_BOOTSTRAP} --command-config /etc/mm2-doctor/svl.properties --list`);
    expect(cmds[1]).toBe(`kafka-consumer-groups.sh --bootstrap-server ${fx.SOURCE_BOOTSTRAP} --command-config /etc/mm2-doctor/svl.properties --group app-orders --describe`);
  });

  it('1: describes all groups when no group name is known', () => {
    const steps = stepsFor({ ...fixFinding('no-consumer-groups'), subject: { cluster: 'source' } }, contexts.plaintext);
    expect(steps[1]?.command).toBe(`kafka-consumer-groups.sh --bootstrap-server ${fx.SOURCE_BOOTSTRAP} --describe --all-groups`);
  });

  it('2: checks partitions = 1 and cleanup.policy = compact of the checkpoints topic on the target', () => {
    for (const code of ['checkpoints-topic-misconfigured', 'checkpoints-topic-auto-created', 'checkpoints-topic-name-mismatch'] as const) {
      const t = text(stepsFor(fixFinding(code), ctx));
      expect(t).toContain(`kafka-topics.sh --bootstrap-server ${fx.TARGET_BOOTSTRAP} --command-config confluent-client.properties --describe --topic svl.checkpoints.internal`);
      expect(t).toContain(`kafka-configs.sh --bootstrap-server ${fx.TARGET_BOOTSTRAP} --command-config confluent-client.properties --describe --entity-type topics --entity-name svl.checkpoints.internal`);
      expect(t).toMatch(/PartitionCount 1/);
      expect(t).toMatch(/cleanup\.policy=compact/);
    }
  });

  it('3: tells to watch group activity over time', () => {
    for (const code of ['no-consumer-groups', 'groups-without-offsets', 'translation-impossible'] as const) {
      expect(text(stepsFor(fixFinding(code), ctx))).toMatch(/Re-run this every few minutes/);
    }
  });

  it('4: checks network stability between the clusters', () => {
    for (const code of ['network-instability', 'source-unreachable', 'target-unreachable', 'checkpoints-stale'] as const) {
      const t = text(stepsFor(fixFinding(code), ctx));
      expect(t).toMatch(/Check network stability between svl and confluent/);
      expect(t).toContain(`kafka-broker-api-versions.sh --bootstrap-server ${fx.TARGET_BOOTSTRAP} --command-config confluent-client.properties`);
    }
  });
});

describe('context-specific steps', () => {
  it('SASL: every Kafka CLI command carries the client config hint', () => {
    for (const code of FINDING_CODES) {
      for (const s of stepsFor(fixFinding(code), contexts.sasl)) {
        if (!s.command || !/kafka-[a-z-]+\.sh/.test(s.command)) continue;
        expect(s.command).toMatch(/--(command|consumer)\.?-?config (\/etc\/mm2-doctor\/svl\.properties|confluent-client\.properties)/);
      }
    }
  });

  it('not-authorized: one kafka-acls.sh --add per missing ACL, on the cluster it is missing on', () => {
    const f = fixFinding('not-authorized', {
      acls: [
        { cluster: 'source', resource: 'group', name: '*', operation: 'Describe', principal: 'User:CN=mm2-doctor' },
        { cluster: 'target', resource: 'topic', name: 'svl.checkpoints.internal', operation: 'DescribeConfigs', principal: 'User:CN=mm2-doctor' },
      ],
    });
    const steps = stepsFor(f, contexts.sasl);
    expect(steps[0]?.command).toBe(`kafka-acls.sh --bootstrap-server ${contexts.sasl.source.bootstrap} --command-config ${contexts.sasl.source.commandConfig} --add --allow-principal User:CN=mm2-doctor --operation Describe --group '*'`);
    expect(steps[1]?.command).toMatch(/^kafka-acls\.sh --bootstrap-server \S+ --command-config confluent-client\.properties --add --allow-principal User:CN=mm2-doctor --operation DescribeConfigs --topic svl\.checkpoints\.internal$/);
    expect(text(stepsFor(fixFinding('not-authorized'), contexts.sasl))).not.toMatch(/or DESCRIBE on the cluster\)/);
  });

  it('plaintext: no client config hint', () => {
    expect(text(stepsFor(fixFinding('no-consumer-groups'), contexts.plaintext))).not.toMatch(/config/);
  });

  it('Strimzi: names the KafkaMirrorMaker2 field and edits the resource with oc', () => {
    const f = fixFinding('groups-excluded-by-filter', { groups: ['connect-jdbc-sink'], setting: 'groups.exclude', pattern: 'connect-.*', strimziPath: 'spec.mirrors[0].groupsExcludePattern' });
    const steps = stepsFor(f, contexts.strimzi);
    const fix = steps.find((s) => s.text.includes('spec.mirrors[0].groupsExcludePattern'));
    expect(fix?.text).toBe(
      `Set spec.mirrors[0].groupsExcludePattern to "console-consumer-.*, __.*" so the group passes; setting groupsExcludePattern replaces MM2's default exclude (console-consumer-.*, connect-.*, __.*) instead of adding to it`,
    );
    expect(fix?.command).toBe('oc -n kafka edit kafkamirrormaker2 svl-mirror');
  });

  it('Strimzi: a connector key maps to the connector config field', () => {
    const [s] = stepsFor(fixFinding('checkpoints-disabled', { setting: 'emit.checkpoints.enabled' }), contexts.strimzi);
    expect(s?.text).toMatch(/^In KafkaMirrorMaker2 svl-mirror, set spec\.mirrors\[0\]\.checkpointConnector\.config\["emit\.checkpoints\.enabled"\] to true/);
  });

  it('Strimzi: a paused connector is resumed through its state field, not restarted', () => {
    const f = { ...fixFinding('checkpoint-connector-not-running'), evidence: [{ label: 'spec.mirrors[0].checkpointConnector.state', value: 'paused' }] };
    const steps = stepsFor(f, contexts.strimzi);
    expect(steps.at(-1)).toEqual({ text: 'Set spec.mirrors[0].checkpointConnector.state to running', command: 'oc -n kafka edit kafkamirrormaker2 svl-mirror' });
  });

  it('Strimzi: a connector PAUSED through the REST API while the resource asks for running is resumed there, with why Strimzi has not', () => {
    const f = { ...fixFinding('checkpoint-connector-not-running'), evidence: [{ label: 'connector state', value: 'PAUSED' }] };
    const last = stepsFor(f, contexts.strimzi).at(-1);
    expect(last?.text).toMatch(/^The KafkaMirrorMaker2 does not ask for .* to be paused, so it was paused through Connect's REST API; Strimzi resumes it at its next reconciliation/);
    expect(last?.command).toMatch(/^curl -s -X PUT .*\/connectors\/svl-%3Econfluent\.MirrorCheckpointConnector\/resume$/);
    // The resource asks for it too (the check names the field): the fix is in the resource.
    const asked = { ...f, evidence: [...f.evidence, { label: 'spec.mirrors[0].checkpointConnector.state', value: 'paused' }], subject: { connector: 'svl->confluent.MirrorCheckpointConnector', strimziPath: 'spec.mirrors[0].checkpointConnector.state' } };
    expect(stepsFor(asked, contexts.strimzi).at(-1)).toEqual({ text: 'Set spec.mirrors[0].checkpointConnector.state to running', command: 'oc -n kafka edit kafkamirrormaker2 svl-mirror' });
  });

  it('Connect: a PAUSED connector is resumed', () => {
    const f = { ...fixFinding('checkpoint-connector-not-running'), evidence: [{ label: 'connector state', value: 'PAUSED' }] };
    expect(stepsFor(f, contexts.sasl).at(-1)?.command).toBe(`curl -s -X PUT ${fx.CONNECT_URL}/connectors/svl-%3Econfluent.MirrorCheckpointConnector/resume`);
  });

  it('Strimzi: restarts go through the operator annotation, quoted for the shell', () => {
    const steps = stepsFor(fixFinding('checkpoint-task-failed'), contexts.strimzi);
    expect(steps.at(-1)?.command).toBe(`oc -n kafka annotate kafkamirrormaker2 svl-mirror 'strimzi.io/restart-connector=svl->confluent.MirrorCheckpointConnector'`);
  });

  it('Connect: REST paths encode the connector name', () => {
    const [s] = stepsFor(fixFinding('checkpoint-task-failed'), contexts.sasl);
    expect(s?.command).toBe(`curl -s ${fx.CONNECT_URL}/connectors/svl-%3Econfluent.MirrorCheckpointConnector/status`);
  });

  it('Connect: include-pattern fix appends the group as a regex literal', () => {
    const f = fixFinding('groups-excluded-by-filter', { groups: ['billing.v2'], setting: 'groups', pattern: 'app-.*' });
    const ctx = fixRunbookContext(fx.asConnectDeployment(fx.withoutConnect(fx.fixHealthyFacts())), { connectUrl: fx.CONNECT_URL });
    expect(text(stepsFor(f, ctx))).toContain('set "groups": "app-.*, billing\\.v2"');
  });

  it('dedicated: scopes the key to the flow', () => {
    const [s] = stepsFor(fixFinding('flow-disabled'), contexts.dedicated);
    expect(s?.text).toBe('In the MirrorMaker 2 properties file, set svl->confluent.enabled = true and restart MirrorMaker 2');
  });

  it('never puts a secret in a step', () => {
    const f = fx.fixHealthyFacts();
    if (f.connect?.ok) f.connect.value.url = 'http://admin:s3cr3t@connect.kafka.svc:8083';
    const ctx = buildRunbookContext(f, { source: { bootstrap: fx.SOURCE_BOOTSTRAP, secured: true }, target: { bootstrap: fx.TARGET_BOOTSTRAP, secured: true } });
    for (const code of FINDING_CODES) expect(text(stepsFor(fixFinding(code), ctx))).not.toMatch(/s3cr3t|admin:/);
  });

  it('fills steps for every finding of real scenarios', () => {
    const scenarios = [fx.fixSeedFacts(), fx.withTargetUnreachable(fx.fixHealthyFacts()), fx.withGroupsUnlistable(fx.fixSeedFacts())];
    for (const facts of scenarios) {
      const ctx = fixRunbookContext(facts, { sasl: true, strimzi: true });
      for (const finding of buildReport(facts, ALL_CHECKS).findings) {
        expect(text(stepsFor(finding, ctx))).not.toMatch(PLACEHOLDER);
      }
    }
  });
});

describe('helpers', () => {
  it.each([
    ['http://user:pw@connect:8083/', 'http://connect:8083'],
    ['https://connect.example.com:8443', 'https://connect.example.com:8443'],
    ['not a url //u:p@host', 'not a url //host'],
  ])('stripUrlAuth(%s)', (input, expected) => {
    expect(stripUrlAuth(input)).toBe(expected);
  });

  it.each([
    ['svl.checkpoints.internal', 'svl.checkpoints.internal'],
    ['svl->confluent.MirrorCheckpointConnector', `'svl->confluent.MirrorCheckpointConnector'`],
    ["it's", `'it'\\''s'`],
  ])('shq(%s)', (input, expected) => {
    expect(shq(input)).toBe(expected);
  });
});

describe("a cluster mm2-doctor's own config cannot use", () => {
  // Seen on a real lab with `password: { file: /nonexistent/svl-password }`: the root cause was
  // source-unreachable and its steps told the operator to probe brokers and check the network
  // between the clusters from the MM2 host, though nothing had been sent anywhere.
  const reason = 'cannot authenticate to svl: clusters.svl.sasl.password at /etc/mm2-doctor/mm2-doctor.yaml:4:71 (file /nonexistent/svl-password) failed: cannot be read (ENOENT)';
  const cases = [
    ['source', fx.withFailed(fx.fixHealthyFacts(), 'source', 'unusable', reason)],
    ['target', fx.withFailed(fx.fixHealthyFacts(), 'target', 'unusable', reason.replaceAll('svl', 'confluent'))],
  ] as const;

  it.each(cases)('%s: the steps fix mm2-doctor\'s config and check it again, with no network or broker probe', (role, facts) => {
    const f = buildReport(facts, ALL_CHECKS).findings.find((x) => x.code === `${role}-unreachable`);
    expect(f).toBeDefined();
    const t = text(stepsFor(f!, contexts.sasl));
    expect(t).not.toMatch(/network stability|kafka-broker-api-versions|from the MM2 host/);
    expect(t).toMatch(/mm2-doctor's own config/);
    expect(t).toMatch(/mm2-doctor check-config/);
  });

  it('a cluster that refuses connections still gets the connection and network steps', () => {
    const f = buildReport(fx.withSourceUnreachable(fx.fixHealthyFacts()), ALL_CHECKS).findings.find((x) => x.code === 'source-unreachable');
    const t = text(stepsFor(f!, contexts.sasl));
    expect(t).toMatch(/network stability/);
    expect(t).not.toMatch(/check-config/);
  });
});
