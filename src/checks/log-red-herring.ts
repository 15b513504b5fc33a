import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { between, logEntries } from './lib/logs.ts';

/**
 * Names log lines that look like the cause but are not on the checkpoint path, e.g. a
 * TopicAuthorizationException from topic-config sync (seed case) or 3.9.0's reverse-flow
 * "Timeout while loading consumer groups." (KAFKA-18021). Info: it tells warnings apart.
 */
export const logRedHerring: Check = {
  id: 'log-red-herring',
  emits: ['log-red-herring'],
  needs: ['logs'],
  run(facts: Facts) {
    // "Node -1 disconnected" is called normal because the log shows clients reaching brokers; when
    // a cluster does not answer mm2-doctor now, those drops may be that very outage, so the log
    // alone cannot make them harmless.
    const cut = [facts.source, facts.target].some((g) => !g.ok && (g.error.kind === 'unreachable' || g.error.kind === 'timeout'));
    const entries = logEntries(facts, 'red-herring').filter((e) => !(cut && e.code === 'bootstrap-node-disconnected'));
    return entries.map((e): Finding => {
      const when = between(e.first, e.last);
      return {
        code: 'log-red-herring',
        severity: 'info',
        title: `Not the cause: ${e.title}${e.count > 1 ? ` (${e.count} lines)` : ''}`,
        evidence: [
          ...(e.reason ? [{ label: 'why it does not affect checkpoints', value: e.reason }] : []),
          { label: 'line', value: e.sample },
          { label: 'occurrences', value: e.count },
          ...(when ? [{ label: 'seen', value: when }] : []),
          ...(e.exceptions && e.exceptions.length > 0 ? [{ label: 'exceptions', value: e.exceptions }] : []),
        ],
        ...(e.topic ? { subject: { topics: [e.topic] } } : {}),
      };
    });
  },
};
