import type { Check } from './check.ts';
import type { Facts, StrimziConnectorStatus, StrimziStatusFacts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { capList, firstLine } from './lib/facts.ts';
import { noTaskMeaning } from './lib/no-tasks.ts';

/** The status of the live KafkaMirrorMaker2, when one was read and the operator has written one. */
function statusOf(facts: Facts): StrimziStatusFacts | null {
  return facts.strimziResource?.ok ? facts.strimziResource.value.status : null;
}

/** The checkpoint connector's entry in `status.connectors` (Strimzi names it `<source>-><target>.MirrorCheckpointConnector`). */
function checkpointEntry(facts: Facts, s: StrimziStatusFacts): StrimziConnectorStatus | undefined {
  const name = facts.settings.checkpoint.name;
  return s.connectors.find((c) => c.name === name) ?? s.connectors.find((c) => c.name.startsWith(`${facts.mirror.sourceAlias}->`) && c.name.endsWith('.MirrorCheckpointConnector'));
}

const condition = (s: StrimziStatusFacts, type: string) => s.conditions.find((c) => c.type === type && c.status === 'True');

function autoRestartEvidence(s: StrimziStatusFacts, connector: string): Finding['evidence'] {
  const a = s.autoRestarts.find((x) => x.connectorName === connector);
  return a ? [{ label: 'Strimzi auto-restarts', value: `${a.count}${a.lastRestartTimestamp ? `, last at ${a.lastRestartTimestamp}` : ''}` }] : [];
}

/**
 * Strimzi's view of the checkpoint connector, from the resource's status.
 *
 * - Ready while the checkpoint connector runs no task: Strimzi marks the resource NotReady only
 *   when a connector's own state is FAILED (KafkaMirrorMaker2AssemblyOperator, "One or more
 *   connectors are in FAILED state", Strimzi 0.45–1.2); a connector with no task, or with FAILED
 *   tasks, leaves it Ready. So Ready is not "checkpoints flow", and saying so is evidence.
 * - A spec the operator has not reconciled yet (`observedGeneration` < `metadata.generation`):
 *   what runs is not what the resource says.
 * - Without Connect REST (Strimzi's NetworkPolicy admits only the operator to port 8083), the
 *   status is the only view of the connector's and tasks' states and traces.
 */
export const strimziStatus: Check = {
  id: 'strimzi-status',
  emits: ['strimzi-ready-without-checkpoint-tasks', 'strimzi-spec-not-reconciled', 'checkpoint-connector-not-running', 'checkpoint-task-failed'],
  // Not a need: without a readable resource this check has nothing to add, and the verdict must not
  // turn unknown because a Kubernetes read failed (kubernetes-access says why).
  needs: [],
  run(facts: Facts) {
    const s = statusOf(facts);
    if (!s || !facts.strimziResource?.ok) return [];
    const resource = `${facts.strimziResource.value.namespace}/${facts.strimziResource.value.name}`;
    const out: Finding[] = [];
    const cp = checkpointEntry(facts, s);
    const ready = condition(s, 'Ready');

    if (s.generation !== null && s.observedGeneration !== null && s.observedGeneration < s.generation) {
      const paused = condition(s, 'ReconciliationPaused');
      out.push({
        code: 'strimzi-spec-not-reconciled',
        severity: 'warning',
        title: `The operator has not applied KafkaMirrorMaker2 ${resource}'s latest spec (generation ${s.generation}, observed ${s.observedGeneration})`,
        evidence: [
          { label: 'metadata.generation', value: s.generation },
          { label: 'status.observedGeneration', value: s.observedGeneration },
          { label: 'meaning', value: paused ? 'reconciliation is paused (strimzi.io/pause-reconciliation): the connectors keep their old configuration' : 'the connectors may still run the previous configuration; the settings read from the spec may not be live' },
          ...s.conditions.filter((c) => c.type !== 'Ready').slice(0, 2).map((c) => ({ label: `condition ${c.type}`, value: [c.reason, c.message].filter(Boolean).join(': ') || c.status })),
        ],
      });
    }

    if (ready && cp && cp.state === 'RUNNING' && cp.tasks.length === 0) {
      const m = noTaskMeaning(facts);
      // Connect REST, when it answered, reports the same thing with the same severity
      // (checkpoint-connector-no-tasks); this finding then only says what Ready hides.
      const severity = facts.connect?.ok ? 'info' : m.severity;
      out.push({
        code: 'strimzi-ready-without-checkpoint-tasks',
        severity,
        title: `Strimzi reports KafkaMirrorMaker2 ${resource} Ready, yet its checkpoint connector ${cp.name} runs no task`,
        evidence: [
          { label: 'condition Ready', value: `True${ready.lastTransitionTime ? ` since ${ready.lastTransitionTime}` : ''}` },
          { label: 'checkpoint connector (status)', value: `${cp.state}, 0 tasks` },
          { label: 'why Ready', value: 'Strimzi turns NotReady only when a connector itself is FAILED; a connector without tasks, or with failed tasks, stays Ready' },
          { label: 'meaning', value: m.why },
          ...(m.candidates.length > 0 ? [{ label: 'qualifying groups', value: capList(m.candidates) }] : []),
        ],
        subject: { connector: cp.name, ...(m.candidates.length > 0 && { groups: m.candidates }) },
      });
    }

    // Connector and task states from the status only when Connect REST gave none, and only
    // when the spec asks the connector to run (checkpoint-connector-state covers a paused spec).
    const requested = facts.settings.checkpoint.state?.value ?? 'running';
    if (cp && !facts.connect?.ok && requested === 'running') {
      const notReady = condition(s, 'NotReady');
      if (cp.state && cp.state !== 'RUNNING') {
        const line = firstLine(cp.trace);
        out.push({
          code: 'checkpoint-connector-not-running',
          severity: cp.state === 'UNASSIGNED' || cp.state === 'RESTARTING' ? 'warning' : 'critical',
          title: `Checkpoint connector ${cp.name} is ${cp.state} (KafkaMirrorMaker2 ${resource} status)`,
          evidence: [
            { label: 'connector state', value: cp.state },
            ...(cp.workerId ? [{ label: 'worker', value: cp.workerId }] : []),
            ...(line ? [{ label: 'trace', value: line }] : []),
            ...autoRestartEvidence(s, cp.name),
            ...(notReady ? [{ label: 'condition NotReady', value: [notReady.reason, notReady.message].filter(Boolean).join(': ') }] : []),
          ],
          subject: { connector: cp.name },
        });
      }
      const failed = cp.tasks.filter((t) => t.state === 'FAILED');
      if (failed.length > 0) {
        out.push({
          code: 'checkpoint-task-failed',
          severity: 'critical',
          title: `${failed.length} of ${cp.tasks.length} checkpoint task${cp.tasks.length === 1 ? '' : 's'} of ${cp.name} FAILED (KafkaMirrorMaker2 ${resource} status)`,
          evidence: [
            ...failed.flatMap((t) => [{ label: `task ${t.id}`, value: `FAILED${t.workerId ? ` on ${t.workerId}` : ''}` }, ...(firstLine(t.trace) ? [{ label: `task ${t.id} trace`, value: firstLine(t.trace)! }] : [])]),
            ...(ready ? [{ label: 'condition Ready', value: 'True: a failed task does not make Strimzi report NotReady' }] : []),
            ...autoRestartEvidence(s, cp.name),
          ],
          subject: { connector: cp.name },
        });
      }
    }
    return out;
  },
};
