/**
 * A lab kept running for development (`npm run lab -- up`), in the project's `.lab/` folder:
 * `svl` → `confluent` with Connect and the three MM2 connectors, no consumer group (the seed
 * case's state), plus `.lab/mm2-doctor.yaml`, a bot config that points at it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { Lab, type LabInfo } from './lab.ts';
import { findLabJvms, stopStaleJvms } from './jvm.ts';
import { PROJECT_ROOT } from './versions.ts';
import { produce } from './clients.ts';
import type { LabMirror } from './mirror.ts';

export const DEV_LAB_DIR = path.join(PROJECT_ROOT, '.lab');
const INFO_FILE = path.join(DEV_LAB_DIR, 'lab.json');
export const DEV_LAB_CONFIG = path.join(DEV_LAB_DIR, 'mm2-doctor.yaml');

/** The topics the seed mirror replicates (`topicsPattern`), and the ones it gets records on. */
export const SEED_TOPICS_PATTERN = 'orders.*,payments';
export const SEED_GROUPS_PATTERN = '.*';

/** Starts the seed mirror on a lab and produces records, so offset syncs flow but no group commits. */
export async function startSeedMirror(lab: Lab): Promise<LabMirror> {
  const mirror = await lab.addMirror({ topicsPattern: SEED_TOPICS_PATTERN, groupsPattern: SEED_GROUPS_PATTERN, name: 'svl-mm2' });
  await produce(lab.kafka(lab.sourceCluster), 'orders', 200, { create: { partitions: 3 } });
  await produce(lab.kafka(lab.sourceCluster), 'payments', 50, { create: { partitions: 1 } });
  return mirror;
}

/**
 * The bot config for one lab mirror, as YAML text: its two MM2 aliases pointed at the clusters
 * behind them (the listener the code under test uses), Connect, and the Strimzi resource file.
 * `clusterExtra` adds keys per alias (e.g. `sasl`, `timeoutMs`).
 */
export function botConfigFor(info: LabInfo, mirror: LabMirror, strimziFile: string, opts: { clusterExtra?: Record<string, object>; connect?: boolean; bootstrap?: Record<string, string> } = {}): string {
  const entry = (alias: string, physical: string) => [
    alias,
    { bootstrap: opts.bootstrap?.[alias] ?? info.clusters[physical]?.bootstrap ?? physical, ...(opts.clusterExtra?.[alias] ?? {}) },
  ];
  const doc = {
    clusters: Object.fromEntries([entry(mirror.sourceAlias, mirror.clusters.source), entry(mirror.targetAlias, mirror.clusters.target)]),
    mirrors: [
      {
        source: mirror.sourceAlias,
        target: mirror.targetAlias,
        kafkaVersion: info.version,
        ...(info.connectUrl && opts.connect !== false && { connect: { url: info.connectUrl } }),
        strimzi: { file: strimziFile },
      },
    ],
  };
  return `# Written by \`npm run lab -- up\`: mm2-doctor pointed at the local lab in ${info.dir}.\n${YAML.stringify(doc)}`;
}

export async function writeLabFiles(dir: string, lab: Lab, mirror: LabMirror): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(mirror.cr));
  const configFile = path.join(dir, 'mm2-doctor.yaml');
  await fs.writeFile(configFile, botConfigFor(lab.info, mirror, 'kmm2.yaml'));
  return configFile;
}

export async function labUp(opts: { kafkaVersion?: string; log: (l: string) => void }): Promise<LabInfo> {
  await fs.mkdir(DEV_LAB_DIR, { recursive: true });
  const lab = await Lab.start({ dir: DEV_LAB_DIR, persistent: true, kafkaVersion: opts.kafkaVersion, log: opts.log });
  try {
    const mirror = await startSeedMirror(lab);
    await writeLabFiles(DEV_LAB_DIR, lab, mirror);
    await fs.writeFile(INFO_FILE, JSON.stringify(lab.info, null, 2));
    lab.release();
    return lab.info;
  } catch (err) {
    await lab.stop();
    throw err;
  }
}

export async function labStatus(): Promise<{ info: LabInfo | undefined; jvms: { name: string; pid: number }[] }> {
  const info = await fs.readFile(INFO_FILE, 'utf8').then((t) => JSON.parse(t) as LabInfo, () => undefined);
  const jvms = (await findLabJvms()).filter((j) => j.labDir === DEV_LAB_DIR).map(({ name, pid }) => ({ name, pid }));
  return { info, jvms };
}

export async function labDown(): Promise<number> {
  const stopped = await stopStaleJvms(DEV_LAB_DIR, 30_000);
  await fs.rm(INFO_FILE, { force: true });
  return stopped.length;
}
