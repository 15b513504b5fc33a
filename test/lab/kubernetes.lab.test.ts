/**
 * The seed case as a Strimzi user runs it: the bot knows only the KafkaMirrorMaker2's name in
 * Kubernetes (no Connect REST URL, no pasted log). The Kubernetes API is the stand-in
 * (test/kube-standin), serving the lab's mirror as the resource, a status built the way the
 * operator builds it (Ready, and the connectors' real REST status from the lab's Connect worker),
 * and the lab's own Connect worker log as the MM2 pod's log.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { RBAC_RULES } from '../../src/gather/kubernetes.ts';
import { produce } from '../../src/lab/clients.ts';
import { fileSize } from '../../src/lab/jvm.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import type { Diagnosis } from '../../src/model/diagnosis.ts';
import { KubeStandIn, strimziMm2Pod } from '../kube-standin/index.ts';
import { evidenceText, finding, summary } from './diagnose.ts';
import { sleep, uniqueName, waitForConnectLog } from './harness.ts';
import { scenarioKit } from './scenario.ts';

const { lab, src, tgt, cleanups, mirror } = scenarioKit();

/** The resource as the operator leaves it after a successful reconciliation of `m`. */
async function reconciled(m: LabMirror, name: string): Promise<{ metadata: { name: string } & Record<string, unknown> } & Record<string, unknown>> {
  const connectors = [];
  for (const kind of ['source', 'checkpoint', 'heartbeat'] as const) {
    const s = await lab.connect!.status(m.name(kind));
    if (s) connectors.push(s);
  }
  return {
    ...m.cr,
    metadata: { name, namespace: 'kafka', generation: 1 },
    status: {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }],
      observedGeneration: 1,
      url: `http://${name}-mirrormaker2-api.kafka.svc:8083`,
      connectors,
      labelSelector: `strimzi.io/cluster=${name},strimzi.io/name=${name}-mirrormaker2,strimzi.io/kind=KafkaMirrorMaker2`,
      replicas: 1,
    },
  };
}

async function diagnoseThrough(k: KubeStandIn, m: LabMirror, name: string): Promise<Diagnosis> {
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-k8s-')), 'mm2-doctor.yaml');
  await fs.writeFile(
    file,
    YAML.stringify({
      clusters: { [m.sourceAlias]: { bootstrap: lab.bootstrap(src) }, [m.targetAlias]: { bootstrap: lab.bootstrap(tgt) } },
      mirrors: [{ source: m.sourceAlias, target: m.targetAlias, kafkaVersion: lab.info.version, strimzi: { kubernetes: { namespace: 'kafka', name, logs: { sinceSeconds: 3600 } } } }],
    }),
  );
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const doctor = createDoctor(loaded.config, { env: { MM2_DOCTOR_KUBE_API: k.url } });
  try {
    return await doctor.diagnose(doctor.resolve(m.sourceAlias));
  } finally {
    await doctor.close();
  }
}

describe('the seed case read live from Kubernetes', () => {
  it('names the cause from the MM2 pod\'s real Connect log with no paste, and says Strimzi\'s Ready hides the task-less checkpoint connector; a 403 on pods/log is named and the diagnosis goes on', async () => {
    const p = uniqueName('k8s');
    const name = `${p}-mm2`;
    // The pod "starts" here: its log is the worker's log from this byte on.
    const from = await fileSize(lab.info.connectLog!);
    const m = await mirror(p, { name });
    await produce(lab.kafka(src), `${p}-orders`, 60, { create: { partitions: 2 } });
    await waitForConnectLog('the checkpoint connector logging its group count', `Started ${p}s->${p}t.MirrorCheckpointConnector with 0 consumer groups.`, from);
    await sleep(2_000);

    const k = await KubeStandIn.start();
    cleanups.push(() => k.stop());
    k.putMirrorMaker2('kafka', await reconciled(m, name));
    k.putPod(strimziMm2Pod({ namespace: 'kafka', cr: name, index: 0, logs: { current: { file: lab.info.connectLog!, from } } }));

    const d = await diagnoseThrough(k, m, name);
    expect(d.report.rootCause?.code, summary(d)).toBe('no-consumer-groups');
    expect(d.report.verdict).toBe('critical');
    expect(d.facts.connect).toBeUndefined();
    expect(d.facts.logSources?.map((s) => s.origin)).toEqual([`pod kafka/${name}-mirrormaker2-0`]);
    // The connector's own line, read from the pod, is the root cause's evidence.
    expect(evidenceText(d.report.rootCause!)).toContain(`Started ${p}s->${p}t.MirrorCheckpointConnector with 0 consumer groups.`);
    const ready = finding(d, 'strimzi-ready-without-checkpoint-tasks');
    expect(ready.severity).toBe('info');
    expect(evidenceText(ready)).toContain('no consumer group qualifies');
    const logReq = k.requests.find((r) => r.path.endsWith('/log'));
    expect(logReq?.query).toMatchObject({ container: `${name}-mirrormaker2`, sinceSeconds: '3600' });

    // The same with a Role that lacks pods/log: the rule is named, the cause still found.
    k.grant([RBAC_RULES.kafkaMirrorMaker2, RBAC_RULES.pods]);
    const denied = await diagnoseThrough(k, m, name);
    expect(denied.report.rootCause?.code, summary(denied)).toBe('no-consumer-groups');
    expect(evidenceText(finding(denied, 'kubernetes-access-denied'))).toContain('resources: ["pods/log"], verbs: ["get"]');
    expect(denied.facts.logs).toBeUndefined();
  });
});
