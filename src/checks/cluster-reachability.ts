import type { Check } from './check.ts';
import type { Facts, GatherError, Gathered, ClusterFacts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';

const WHAT: Partial<Record<GatherError['kind'], string>> = {
  'auth-failed': 'rejects the credentials of',
  unusable: 'cannot be used by',
};

function describe(role: 'source' | 'target', alias: string, error: GatherError): Finding {
  const what = WHAT[error.kind] ?? 'is unreachable from';
  return {
    code: role === 'source' ? 'source-unreachable' : 'target-unreachable',
    // mm2-doctor's own config cannot reach the cluster (an authentication it does not speak, key
    // material it cannot use): nothing is known about MM2 there, which is no sign of trouble.
    severity: error.kind === 'unusable' ? 'warning' : 'critical',
    title: `${role === 'source' ? 'Source' : 'Target'} cluster ${alias} ${what} mm2-doctor (${error.kind})`,
    evidence: [
      { label: 'error', value: error.message },
      ...(error.operation ? [{ label: 'operation', value: error.operation }] : []),
    ],
    subject: { cluster: role, ...(error.kind === 'unusable' && { unusable: true }) },
  };
}

function failed(g: Gathered<ClusterFacts>): GatherError | null {
  return g.ok ? null : g.error;
}

/**
 * Detects a source or target cluster that mm2-doctor cannot connect to. Nothing else about that
 * side can be judged, and MM2 itself may be cut off the same way (seed case: connection drops).
 */
export const clusterReachability: Check = {
  id: 'cluster-reachability',
  emits: ['source-unreachable', 'target-unreachable'],
  needs: [],
  run(facts: Facts) {
    const out: Finding[] = [];
    const s = failed(facts.source);
    if (s) out.push(describe('source', facts.mirror.sourceAlias, s));
    const t = failed(facts.target);
    if (t) out.push(describe('target', facts.mirror.targetAlias, t));
    return out;
  },
};
