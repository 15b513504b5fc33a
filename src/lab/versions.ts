/** Kafka versions the lab can run, and where their jars live. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seed case's version (Strimzi 0.45 on Kafka 3.9.0). */
export const DEFAULT_KAFKA_VERSION = '3.9.0';
/** Newest 4.x whose whole dependency set Maven Central serves here (4.4.0's connect-runtime deps are not). */
export const LATEST_KAFKA_4 = '4.3.1';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LAB_POM_DIR = path.join(PROJECT_ROOT, 'lab');

export function normalizeKafkaVersion(v: string | undefined): string {
  if (!v || v === '3' || v === '3.9') return DEFAULT_KAFKA_VERSION;
  if (v === '4' || v === 'latest') return LATEST_KAFKA_4;
  if (!/^\d+\.\d+\.\d+$/.test(v)) {
    throw new Error(`--kafka takes a version like ${DEFAULT_KAFKA_VERSION} or ${LATEST_KAFKA_4} (or "4" for the newest 4.x); got "${v}"`);
  }
  return v;
}

export function isKafka4(version: string): boolean {
  return Number(version.split('.')[0]) >= 4;
}

export function libDir(version: string): string {
  return path.join(LAB_POM_DIR, 'lib', version);
}
