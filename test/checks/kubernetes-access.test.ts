import { describe, expect, it } from 'vitest';
import { kubernetesAccess } from '../../src/checks/kubernetes-access.ts';
import type { Facts, Mm2PodFacts } from '../../src/model/facts.ts';
import * as fx from '../fixtures/facts.ts';
import { summary } from './helpers.ts';

const LOG_DENIED = 'the Kubernetes API denied get pods/svl-mirror-mirrormaker2-0/log in namespace kafka (403 Forbidden: …); the bot\'s Role needs the rule {apiGroups: [""], resources: ["pods/log"], verbs: ["get"]} (deploy/rbac.yaml)';

function withPods(f: Facts, logs: Mm2PodFacts['logs']): Facts {
  const pod = (i: number): Mm2PodFacts => ({ name: `svl-mirror-mirrormaker2-${i}`, phase: 'Running', container: 'svl-mirror-mirrormaker2', ready: true, restartCount: 0, state: 'running', logs });
  return { ...fx.withStrimziStatus(f, null), mm2Pods: { ok: true, value: { namespace: 'kafka', selector: 'strimzi.io/cluster=svl-mirror,strimzi.io/kind=KafkaMirrorMaker2', pods: [pod(0), pod(1)], skipped: 0 }, ms: 3 } };
}

describe('kubernetes-access', () => {
  it('says nothing when every read was allowed, or when nothing was read from Kubernetes', () => {
    expect(summary(kubernetesAccess, fx.fixHealthyFacts())).toEqual([]);
    expect(summary(kubernetesAccess, withPods(fx.fixHealthyFacts(), [{ ok: true, value: { container: 'c', previous: false, bytes: 10, lines: 1, truncated: false }, ms: 1 }]))).toEqual([]);
  });

  it('names the missing pods/log rule once for all pods, as information: the diagnosis went on', () => {
    const facts = withPods(fx.fixSeedFacts(), [{ ok: false, error: { kind: 'not-authorized', message: LOG_DENIED }, ms: 2 }]);
    const [f] = kubernetesAccess.run(facts);
    expect(f?.severity).toBe('info');
    expect(f?.title).toBe('The Kubernetes API refused mm2-doctor the logs of 2 MM2 containers; the diagnosis went on without it');
    expect(f?.evidence).toEqual([{ label: 'the logs of 2 MM2 containers', value: LOG_DENIED }]);
  });

  it('lists each refused read: the resource and the pod list', () => {
    const facts: Facts = {
      ...fx.fixSeedFacts(),
      strimziResource: fx.failed('not-authorized', 'the Kubernetes API denied get kafkamirrormaker2s/svl-mirror …'),
      mm2Pods: fx.failed('not-authorized', 'the Kubernetes API denied list pods …'),
    };
    expect(kubernetesAccess.run(facts)[0]?.evidence.map((e) => e.label)).toEqual(['the KafkaMirrorMaker2', 'the MM2 pods']);
  });

  it('ignores reads that failed for other reasons (a timeout is not a missing rule)', () => {
    expect(summary(kubernetesAccess, { ...fx.fixSeedFacts(), mm2Pods: fx.failed('timeout', 'no answer within 5000 ms') })).toEqual([]);
  });
});
