/**
 * Bot replicas as real child processes (test/coordination/bot-process.ts) for the lab tests of
 * coordination: start one, read its JSON event lines, stop it as Kubernetes does (SIGTERM) or kill
 * it, and read the digests it posted from the Slack emulator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import YAML from 'yaml';
import { produce } from '../../src/lab/clients.ts';
import type { Lab } from '../../src/lab/lab.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import type { SlackEmulator, StoredMessage } from '../slack-emulator/index.ts';
import { writeLabConfig } from '../lab/diagnose.ts';

const CHILD = path.resolve('test/coordination/bot-process.ts');

export interface ReplicaEvent {
  event: string;
  leader?: boolean;
  outcome?: string;
  slot?: number;
  level?: string;
  text?: string;
  fields?: Record<string, unknown>;
  at: number;
}

export interface Replica {
  child: ChildProcess;
  events: ReplicaEvent[];
  leader(): boolean;
  /** SIGTERM, as a rolling update stops a pod; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Starts one replica; `cleanups` gets its stop. */
export async function startReplica(config: string, emu: SlackEmulator, cleanups: (() => Promise<unknown>)[]): Promise<Replica> {
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-bot-'));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config, stateDir, emu.apiUrl, emu.botToken], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const r: Replica = {
    child,
    events: [],
    leader: () => [...r.events].reverse().find((e) => e.event === 'leader' || e.event === 'started')?.leader === true,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  void (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      try {
        r.events.push(JSON.parse(line) as ReplicaEvent);
      } catch {
        // not an event line
      }
    }
  })();
  cleanups.push(() => r.stop());
  return r;
}

/** The slot of a digest message, the slots it says it also stands for, and whether it was posted late. */
export function digestSlots(m: StoredMessage, name: string): { slot: number; covers: number[]; late: boolean } | undefined {
  const blocks = (m.blocks ?? []) as { block_id?: string; elements?: { text?: string }[] }[];
  const marker = blocks.find((b) => b.block_id?.startsWith(`mm2-digest:${name}:`));
  if (!marker) return undefined;
  const text = marker.elements?.map((e) => e.text ?? '').join(' ') ?? '';
  const also = text.split('also stands for')[1] ?? '';
  const covers = [...also.matchAll(/\|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)>/g)].map((x) => Date.parse(x[1]!));
  return { slot: Number(marker.block_id!.split(':').pop()), covers, late: text.includes('posted late') };
}

/**
 * A lab mirror with a topic, and a bot config for it with Kafka coordination on the lab's third
 * cluster and one digest every `slotMs`; returns the config file and the digest's name.
 */
export async function replicaSetup(lab: Lab, p: string, emu: SlackEmulator, slotMs: number, cleanups: (() => Promise<unknown>)[]): Promise<{ file: string; mirror: LabMirror }> {
  const mirror: LabMirror = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*` });
  cleanups.push(() => mirror.delete());
  await produce(lab.kafka(lab.sourceCluster), `${p}-orders`, 20, { create: { partitions: 1 } });
  const file = await writeLabConfig(lab, mirror);
  const doc = YAML.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown> & { clusters: Record<string, unknown> };
  doc.clusters.ops = { bootstrap: lab.bootstrap(lab.connectCluster) };
  doc.coordination = { cluster: 'ops', topic: `${p}.coordination`, stateTopic: `${p}.state`, group: `${p}-bots`, sessionTimeoutMs: 6000 };
  doc.digests = [{ name: p, channel: emu.channelId('mm2-ops'), cron: `*/${slotMs / 1000} * * * * *`, mirrors: [`${mirror.sourceAlias}->${mirror.targetAlias}`] }];
  await fs.writeFile(file, YAML.stringify(doc));
  return { file, mirror };
}
