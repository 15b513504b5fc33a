import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { capList } from './lib/facts.ts';
import { noTaskMeaning } from './lib/no-tasks.ts';

/**
 * Detects a RUNNING checkpoint connector with no tasks (REST `"tasks":[]`). With zero qualifying
 * groups or emission off that is a consequence (C5, C2); with qualifying groups it is the reason
 * nothing is checkpointed (C6 refresh delay, or KAFKA-17232 on 3.5–3.8).
 */
export const checkpointConnectorTasks: Check = {
  id: 'checkpoint-connector-tasks',
  emits: ['checkpoint-connector-no-tasks'],
  needs: ['connect'],
  run(facts: Facts) {
    if (!facts.connect?.ok) return [];
    const c = facts.connect.value.checkpoint;
    if (!c || c.state !== 'RUNNING' || c.tasks.length > 0) return [];
    const { severity, why, candidates } = noTaskMeaning(facts);
    const evidence: Finding['evidence'] = [
      { label: 'connector state', value: c.state },
      { label: 'tasks', value: 0 },
      { label: 'meaning', value: why },
    ];
    if (candidates.length > 0) evidence.push({ label: 'qualifying groups', value: capList(candidates) });
    return [
      {
        code: 'checkpoint-connector-no-tasks',
        severity,
        title: `Checkpoint connector ${c.name} is RUNNING with no tasks`,
        evidence,
        subject: { connector: c.name, ...(candidates.length > 0 ? { groups: candidates } : {}) },
      },
    ];
  },
};
