/**
 * Runs the rules over one log record. Order matters: the first rule that matches wins; a record
 * whose stack trace shows a client that cannot be built or authenticate is that problem whatever
 * line carried it (it stops every MM2 connector, src/logs/rules/clients.ts); and a catch-all cause
 * (task failed, scheduled task failed) gives way to a sharper cause named by the first exception
 * line of its stack trace.
 */
import { connectorFromTaskId } from '../names.ts';
import type { LogRecord } from '../parse.ts';
import { checkpointRules } from './checkpoint.ts';
import { clientConfigHit, clientProblem, clientRules } from './clients.ts';
import { deliveryRules } from './delivery.ts';
import { failureRules } from './failures.ts';
import { heartbeatNoise, herringRules } from './herrings.ts';
import { networkRules } from './network.ts';
import { NAME_ONLY, type Hit, type Rule, type RuleContext } from './rule.ts';
import { schedulerRule } from './scheduler.ts';
import { workerRules, workerStartFailure } from './worker.ts';

const RULES: readonly Rule[] = [...workerRules, ...clientRules, ...failureRules, schedulerRule, ...checkpointRules, ...deliveryRules, ...herringRules, ...networkRules];

function firstMatch(message: string, record: LogRecord, ctx: RuleContext): Hit | undefined {
  for (const rule of RULES) {
    if (!rule.keys.some((k) => message.includes(k))) continue;
    const hit = rule.match(message, record, ctx);
    if (hit) return hit;
  }
  return undefined;
}

/** What the record means for checkpoints, or `undefined` when no rule knows it. */
export function classify(record: LogRecord, ctx: RuleContext = NAME_ONLY): Hit | undefined {
  if (record.preset) return { ...record.preset };
  let hit = firstMatch(record.message, record, ctx);
  if (hit?.code === 'worker-dead' || hit?.code === 'worker-crashloop') return hit;
  const client = hit?.code === 'client-config-failed' ? undefined : clientProblem(record);
  if (client) return workerStartFailure(record, client.what, client.action) ?? clientConfigHit(record, client, hit);
  if ((!hit || hit.generic) && record.detail) {
    const inner = firstMatch(record.detail, record, ctx);
    if (inner && !inner.generic && (!hit || inner.kind === 'cause')) {
      hit = { ...inner, connector: inner.connector ?? hit?.connector, flow: inner.flow ?? hit?.flow };
    }
  }
  if (!hit && (record.level === 'WARN' || record.level === 'ERROR' || record.level === 'FATAL')) {
    const connector = record.connector ?? connectorFromTaskId(record.message);
    if (connector && ctx.kindOf(connector, record) === 'heartbeat') hit = heartbeatNoise(connector);
  }
  return hit;
}
