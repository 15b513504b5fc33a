/**
 * A diagnosis of a mirror whose KafkaMirrorMaker2 lives in Kubernetes reads the MM2 pods' own logs
 * and explains them with any pasted ones; a 403 on pods/log names the missing rule and the
 * diagnosis still completes (Kafka is unreachable here: only the Kubernetes facts matter).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RBAC_RULES } from '../../src/gather/kubernetes.ts';
import { KubeStandIn, strimziMm2Pod } from '../kube-standin/index.ts';
import { unreachableMirrorDoctor } from '../support/unreachable-mirror.ts';

let k: KubeStandIn | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

const ZERO = '2026-12-02 09:10:43,120 INFO [svl->confluent.MirrorCheckpointConnector|worker] Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector) [connector-thread-svl->confluent.MirrorCheckpointConnector]';
const HERRING = '2026-12-02 09:11:02,004 WARN [svl->confluent.MirrorSourceConnector|worker] Could not alter configuration of topic svl.orders. (org.apache.kafka.connect.mirror.MirrorSourceConnector) [kafka-admin-client-thread | mm2-admin]\norg.apache.kafka.common.errors.TopicAuthorizationException: Topic authorization failed.';

async function diagnose(standIn: KubeStandIn, logsText?: string) {
  const doctor = await unreachableMirrorDoctor(['    strimzi: { kubernetes: { namespace: kafka, name: svl-prod } }'], { MM2_DOCTOR_KUBE_API: standIn.url });
  return doctor.diagnose(doctor.resolve('svl'), logsText === undefined ? {} : { logsText, logsOrigin: 'thread' });
}

async function standIn(rules?: typeof RBAC_RULES[keyof typeof RBAC_RULES][]): Promise<KubeStandIn> {
  k = await KubeStandIn.start(rules ? { rules } : {});
  k.putMirrorMaker2('kafka', { kind: 'KafkaMirrorMaker2', metadata: { name: 'svl-prod', generation: 1 }, spec: { mirrors: [{ sourceCluster: 'svl', targetCluster: 'confluent', checkpointConnector: {} }] }, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] } });
  const now = Date.now();
  k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: 'svl-prod', index: 0, logs: { current: { lines: [{ at: now - 5_000, text: ZERO }] } } }));
  return k;
}

describe('a diagnosis with the KafkaMirrorMaker2 in Kubernetes', () => {
  it('explains the MM2 pod\'s own log with no paste', async () => {
    const d = await diagnose(await standIn());
    expect(d.facts.logSources).toEqual([{ origin: 'pod kafka/svl-prod-mirrormaker2-0', lines: 1, bytes: Buffer.byteLength(ZERO) + 1 }]);
    expect(d.facts.logs?.entries.find((e) => e.code === 'started-with-zero-groups')?.connector).toBe('svl->confluent.MirrorCheckpointConnector');
    expect(d.report.findings.map((f) => f.code)).not.toContain('kubernetes-access-denied');
  });

  it('merges a pasted log with the pods\' logs into one explanation', async () => {
    const d = await diagnose(await standIn(), HERRING);
    expect(d.facts.logSources?.map((s) => s.origin)).toEqual(['thread', 'pod kafka/svl-prod-mirrormaker2-0']);
    const codes = d.facts.logs?.entries.map((e) => e.code) ?? [];
    expect(codes).toContain('started-with-zero-groups');
    expect(codes).toContain('topic-config-sync-failed');
  });

  it('without get on pods/log: a finding names the rule, and the rest of the diagnosis stands', async () => {
    const d = await diagnose(await standIn([RBAC_RULES.kafkaMirrorMaker2, RBAC_RULES.pods]));
    expect(d.facts.strimziResource?.ok).toBe(true);
    expect(d.facts.logs).toBeUndefined();
    const f = d.report.findings.find((x) => x.code === 'kubernetes-access-denied');
    expect(f?.severity).toBe('info');
    expect(JSON.stringify(f?.evidence)).toContain('resources: [\\"pods/log\\"], verbs: [\\"get\\"]');
    // The verdict is the unreachable clusters', not the missing rule's.
    expect(d.report.rootCause?.code).toBe('source-unreachable');
  });
});
