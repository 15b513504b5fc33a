import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';

/**
 * Detects a configured Kafka Connect REST API that did not answer, or that mm2-doctor could not
 * authenticate to (its password reference did not resolve). Connector and task state are then
 * unknown; the Kafka-side checks still run.
 */
export const connectReachability: Check = {
  id: 'connect-reachability',
  emits: ['connect-unreachable'],
  needs: [],
  run(facts: Facts) {
    const c = facts.connect;
    if (!c || c.ok || c.error.kind === 'not-configured') return [];
    return [
      {
        code: 'connect-unreachable',
        severity: 'warning',
        title:
          c.error.kind === 'auth-failed'
            ? 'mm2-doctor could not authenticate to the Kafka Connect REST API (auth-failed); connector state is unknown'
            : `Kafka Connect REST API did not answer (${c.error.kind}); connector state is unknown`,
        evidence: [
          { label: 'error', value: c.error.message },
          ...(c.error.operation ? [{ label: 'operation', value: c.error.operation }] : []),
        ],
      },
    ];
  },
};
