/** Lab helpers for schedule tests: a scenario's mirror and a bot config with schedule sections. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { formatConfigError } from '../../src/config/errors.ts';
import { loadAppConfig, type AppConfig } from '../../src/config-sections.ts';
import { produce } from '../../src/lab/clients.ts';
import type { Lab } from '../../src/lab/lab.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { writeLabConfig } from '../lab/diagnose.ts';

/**
 * A mirror with its own aliases (`<p>s` → `<p>t`), `<p>-orders` produced to, no consumer group;
 * `checkpoint` adds settings to the checkpoint connector's config.
 */
export async function seedMirror(lab: Lab, p: string, cleanups: (() => Promise<unknown>)[], checkpoint: Record<string, string | number | boolean> = {}): Promise<LabMirror> {
  const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, checkpointConnector: { config: checkpoint } });
  cleanups.push(() => m.delete());
  await produce(lab.kafka(lab.sourceCluster), `${p}-orders`, 40, { create: { partitions: 1 } });
  return m;
}

/** The canonical name of a lab mirror. */
export const mirrorId = (m: LabMirror): string => `${m.sourceAlias}->${m.targetAlias}`;

/** Writes the lab config for `m` plus `extra` top-level sections; returns its path. */
export async function writeScheduleConfig(lab: Lab, m: LabMirror, extra: (doc: { clusters: Record<string, unknown> }) => Record<string, unknown>): Promise<string> {
  const file = await writeLabConfig(lab, m);
  const doc = YAML.parse(await fs.readFile(file, 'utf8')) as { clusters: Record<string, unknown> } & Record<string, unknown>;
  await fs.writeFile(file, YAML.stringify({ ...doc, ...extra(doc) }));
  return file;
}

/** Loads a config written by {@link writeScheduleConfig}, failing loudly. */
export function load(file: string): AppConfig {
  const r = loadAppConfig(file);
  if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'));
  return r.config;
}

/** A fresh temporary state directory. */
export function stateDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'mm2-sched-'));
}
