import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { firstLine } from './lib/facts.ts';

/** What a task trace usually means on the checkpoint path (C8, C9). */
function hint(trace: string | undefined): string | null {
  if (!trace) return null;
  if (/failed to send record to/i.test(trace) || /TopicAuthorizationException/.test(trace)) {
    return 'writing to the checkpoints topic on the target failed: check WRITE on the topic and that it exists';
  }
  if (/not present in metadata/i.test(trace)) return 'the checkpoints topic does not exist on the target and was not auto-created';
  if (/GroupAuthorizationException/.test(trace)) return 'the task may not DESCRIBE consumer groups on the source';
  return null;
}

/** Without Connect REST: the state the KafkaMirrorMaker2 asks for (`checkpointConnector.state`, or `pause`). */
function fromStrimzi(facts: Facts): Finding[] {
  const cs = facts.settings.checkpoint;
  const state = cs?.state;
  if (!cs || cs.present === false || !state || state.value === 'running') return [];
  return [
    {
      code: 'checkpoint-connector-not-running',
      severity: 'critical',
      title: `The KafkaMirrorMaker2 sets checkpoint connector ${cs.name} to ${state.value}`,
      evidence: [{ label: state.path ?? 'state', value: state.value }],
      subject: { connector: cs.name, ...(state.path ? { strimziPath: state.path } : {}) },
    },
  ];
}

/**
 * Detects a checkpoint connector or task that is not RUNNING. A FAILED task writes nothing until
 * restarted; a PAUSED or STOPPED connector has no running tasks. Without Connect REST, a
 * KafkaMirrorMaker2 asking for `paused`/`stopped` says the same.
 */
export const checkpointConnectorState: Check = {
  id: 'checkpoint-connector-state',
  emits: ['checkpoint-connector-not-running', 'checkpoint-task-failed'],
  needs: [],
  run(facts: Facts) {
    if (!facts.connect?.ok) return fromStrimzi(facts);
    const c = facts.connect.value.checkpoint;
    if (!c) return [];
    const out: Finding[] = [];
    if (c.state !== 'RUNNING') {
      const line = firstLine(c.trace);
      // What the KafkaMirrorMaker2 asks for, when it asks for the same: the fix is then in the
      // resource; otherwise the connector was paused or stopped through Connect's REST API.
      const asked = facts.settings.checkpoint?.state;
      const fromResource = asked && asked.value !== 'running' && asked.value.toUpperCase() === c.state ? asked : undefined;
      out.push({
        code: 'checkpoint-connector-not-running',
        // UNASSIGNED and RESTARTING are transitional; the others stay until someone acts.
        severity: c.state === 'UNASSIGNED' || c.state === 'RESTARTING' ? 'warning' : 'critical',
        title: `Checkpoint connector ${c.name} is ${c.state}`,
        evidence: [
          { label: 'connector state', value: c.state },
          { label: 'worker', value: c.workerId },
          ...(line ? [{ label: 'trace', value: line }] : []),
          ...(fromResource ? [{ label: fromResource.path ?? 'KafkaMirrorMaker2 state', value: fromResource.value }] : []),
        ],
        subject: { connector: c.name, ...(fromResource?.path ? { strimziPath: fromResource.path } : {}) },
      });
    }
    const failed = c.tasks.filter((t) => t.state === 'FAILED');
    if (failed.length > 0) {
      const evidence: Finding['evidence'] = [];
      for (const t of failed) {
        evidence.push({ label: `task ${t.id}`, value: `FAILED on ${t.workerId}` });
        const line = firstLine(t.trace);
        if (line) evidence.push({ label: `task ${t.id} trace`, value: line });
        const h = hint(t.trace);
        if (h) evidence.push({ label: `task ${t.id} meaning`, value: h });
      }
      out.push({
        code: 'checkpoint-task-failed',
        severity: 'critical',
        title: `${failed.length} of ${c.tasks.length} checkpoint task${c.tasks.length === 1 ? '' : 's'} of ${c.name} FAILED`,
        evidence,
        subject: { connector: c.name },
      });
    }
    return out;
  },
};
