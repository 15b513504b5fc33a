/**
 * Starts the coordination the config asks for: with `coordination:`, Kafka leadership and state
 * on the bot's own cluster (topics created there when missing); without it, a single replica that
 * is always the leader and keeps its state in a local file.
 */
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import type { CoordinationSection } from './config.ts';
import { FileState } from './file-state.ts';
import { coordinationConnection, coordinationKafka, CoordinationConfigError } from './kafka.ts';
import { KafkaLeadership } from './kafka-leadership.ts';
import { KafkaState } from './kafka-state.ts';
import { soloLeadership, type Leadership } from './leadership.ts';
import type { SharedState } from './state.ts';
import { ensureCoordinationTopics } from './topics.ts';

/** The election and the state the scheduler runs with. */
export interface Coordination {
  leadership: Leadership;
  state: SharedState;
  /** `kafka` when replicas coordinate through the coordination cluster, else `solo`. */
  mode: 'kafka' | 'solo';
  /** How late a missed digest may still be posted by a new leader (ms). */
  catchUpMs: number;
  close(): Promise<void>;
}

/** Options of {@link startCoordination}. */
export interface StartCoordinationOptions {
  /** Where the solo state file lives (`<stateDir>/schedule-state.json`). */
  stateDir: string;
  onError?: (error: unknown) => void;
}

/** Starts leadership and state for `config`. */
export async function startCoordination(config: Pick<Config, 'clusters'> & CoordinationSection, opts: StartCoordinationOptions): Promise<Coordination> {
  const c = config.coordination;
  if (!c) {
    const state = await FileState.open(path.join(opts.stateDir, 'schedule-state.json'));
    const leadership = soloLeadership();
    return { leadership, state, mode: 'solo', catchUpMs: 0, close: () => state.close() };
  }
  const cluster = config.clusters[c.cluster];
  if (!cluster) throw new CoordinationConfigError(`coordination.cluster '${c.cluster}' is not a configured cluster`);
  const conn = await coordinationConnection(cluster);
  const kafka = coordinationKafka(conn);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureCoordinationTopics(admin, c);
  } finally {
    await admin.disconnect();
  }
  const state = new KafkaState(kafka, conn, c.stateTopic);
  await state.refresh();
  const leadership = await KafkaLeadership.start(kafka, { topic: c.topic, group: c.group, sessionTimeoutMs: c.sessionTimeoutMs, ...(opts.onError && { onError: opts.onError }) });
  return {
    leadership,
    state,
    mode: 'kafka',
    catchUpMs: c.catchUpMinutes * 60_000,
    async close() {
      await leadership.close();
      await state.close();
    },
  };
}
