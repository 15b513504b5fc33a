/**
 * Fetches Apache Kafka's jars from Maven Central with Maven, one folder per version.
 * A finished folder carries a marker listing its jars, so a second run makes no network
 * round trip, and an interrupted fetch leaves nothing that looks complete.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LAB_POM_DIR, isKafka4, libDir } from './versions.ts';
import { LabToolchainError, javaMajorVersion, requireMaven } from './toolchain.ts';

const run = promisify(execFile);
const MARKER = '.complete';

export interface Jars {
  version: string;
  dir: string;
  /** `-cp` value: every jar of the folder. */
  classpath: string;
  fetched: boolean;
}

async function readMarker(dir: string): Promise<string[] | null> {
  try {
    const jars = JSON.parse(await fs.readFile(path.join(dir, MARKER), 'utf8')) as string[];
    for (const j of jars) await fs.access(path.join(dir, j));
    return jars;
  } catch {
    return null;
  }
}

/** Makes sure the jars of `version` are present; fetches them with Maven when they are not. */
export async function ensureJars(version: string, log: (line: string) => void = () => {}, opts: { dir?: string; mavenRepo?: string } = {}): Promise<Jars> {
  await javaMajorVersion();
  const dir = opts.dir ?? libDir(version);
  if (await readMarker(dir)) return { version, dir, classpath: `${dir}/*`, fetched: false };

  await requireMaven();
  log(`fetching Apache Kafka ${version} jars from Maven Central into ${path.relative(process.cwd(), dir) || dir}`);
  const tmp = `${dir}.partial-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  const args = ['-q', '-B'];
  if (isKafka4(version)) args.push('-Pkafka4');
  if (opts.mavenRepo) args.push(`-Dmaven.repo.local=${opts.mavenRepo}`);
  args.push(`-Dkafka.version=${version}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`);
  try {
    await run('mvn', args, { cwd: LAB_POM_DIR, timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    const e = err as { stdout?: string; stderr?: string; message: string };
    const detail = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter((l) => /ERROR|Could not/.test(l)).slice(0, 3).join(' ');
    throw new LabToolchainError(`Maven could not fetch Apache Kafka ${version}: ${detail || e.message}`);
  }
  const jars = (await fs.readdir(tmp)).filter((f) => f.endsWith('.jar')).sort();
  if (!jars.some((j) => j.startsWith('connect-mirror-'))) {
    throw new LabToolchainError(`Maven finished but ${tmp} has no connect-mirror jar; refusing to use it.`);
  }
  await fs.writeFile(path.join(tmp, MARKER), JSON.stringify(jars, null, 1));
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rename(tmp, dir);
  return { version, dir, classpath: `${dir}/*`, fetched: true };
}

export { LabToolchainError };
