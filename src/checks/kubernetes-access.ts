import type { Check } from './check.ts';
import type { Facts, GatherError } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';

/**
 * The Kubernetes reads the API refused (403 Forbidden, 401): each names the Role rule it lacked
 * (src/gather/kubernetes.ts RBAC_RULES). The diagnosis went on without those facts, so this is
 * information for whoever runs the bot, not a verdict on the mirror.
 */
export const kubernetesAccess: Check = {
  id: 'kubernetes-access',
  emits: ['kubernetes-access-denied'],
  needs: [],
  run(facts: Facts) {
    const denied: { what: string; error: GatherError }[] = [];
    const r = facts.strimziResource;
    if (r && !r.ok && r.error.kind === 'not-authorized') denied.push({ what: 'the KafkaMirrorMaker2', error: r.error });
    const p = facts.mm2Pods;
    if (p && !p.ok && p.error.kind === 'not-authorized') denied.push({ what: 'the MM2 pods', error: p.error });
    if (p?.ok) {
      // One line per refusal: every pod's log read fails alike when the rule is missing.
      const logs = p.value.pods.flatMap((pod) => pod.logs.flatMap((l) => (!l.ok && l.error.kind === 'not-authorized' ? [{ pod: pod.name, error: l.error }] : [])));
      if (logs[0]) denied.push({ what: `the logs of ${logs.length === 1 ? `pod ${logs[0].pod}` : `${logs.length} MM2 containers`}`, error: logs[0].error });
    }
    if (denied.length === 0) return [];
    const finding: Finding = {
      code: 'kubernetes-access-denied',
      severity: 'info',
      title: `The Kubernetes API refused mm2-doctor ${denied.map((d) => d.what).join(', ')}; the diagnosis went on without ${denied.length === 1 ? 'it' : 'them'}`,
      evidence: denied.map((d) => ({ label: d.what, value: d.error.message })),
    };
    return [finding];
  },
};
