/**
 * Runs the rules over one log record. Order matters: the first rule that matches wins, and a
 * catch-all cause (task failed, scheduled task failed) gives way to a sharper cause named by the
 * first exception line of its stack trace.
 */
import { connectorFromTaskId, connectorKind } from '../names.ts';
import type { LogRecord } from '../parse.ts';
import { checkpointRules } from './checkpoint.ts';
import { failureRules } from './failures.ts';
import { heartbeatNoise, herringRules } from './herrings.ts';
import { networkRules } from './network.ts';
import type { Hit, Rule } from './rule.ts';
import { schedulerRule } from './scheduler.ts';

const RULES: readonly Rule[] = [...failureRules, schedulerRule, ...checkpointRules, ...herringRules, ...networkRules];

function firstMatch(message: string, record: LogRecord): Hit | undefined {
  for (const rule of RULES) {
    if (!rule.keys.some((k) => message.includes(k))) continue;
    const hit = rule.match(message, record);
    if (hit) return hit;
  }
  return undefined;
}

/** What the record means for checkpoints, or `undefined` when no rule knows it. */
export function classify(record: LogRecord): Hit | undefined {
  let hit = firstMatch(record.message, record);
  if ((!hit || hit.generic) && record.detail) {
    const inner = firstMatch(record.detail, record);
    if (inner && !inner.generic && (!hit || inner.kind === 'cause')) {
      hit = { ...inner, connector: inner.connector ?? hit?.connector, flow: inner.flow ?? hit?.flow };
    }
  }
  if (!hit && (record.level === 'WARN' || record.level === 'ERROR' || record.level === 'FATAL')) {
    const connector = record.connector ?? connectorFromTaskId(record.message);
    if (connector && connectorKind(connector) === 'heartbeat') hit = heartbeatNoise(connector);
  }
  return hit;
}
