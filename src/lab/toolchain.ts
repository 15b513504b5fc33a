/**
 * Finds the Java and Maven the lab needs, and says in one sentence what is missing.
 * The lab never guesses: a missing or too-old Java stops it before any JVM is spawned.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class LabToolchainError extends Error {
  override name = 'LabToolchainError';
}

/** Kafka 4.x brokers and Connect require Java 17; 3.9 runs on 11+, we ask 17 for both. */
export const MIN_JAVA = 17;

export async function javaMajorVersion(java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java'): Promise<number> {
  let out: string;
  try {
    // `java -version` prints to stderr.
    const r = await run(java, ['-version'], { timeout: 20_000 });
    out = `${r.stderr}${r.stdout}`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LabToolchainError(
      code === 'ENOENT'
        ? `The lab needs Java ${MIN_JAVA} or newer, but no "java" was found on PATH${process.env.JAVA_HOME ? ` or in JAVA_HOME=${process.env.JAVA_HOME}` : ''}.`
        : `The lab needs Java ${MIN_JAVA} or newer, but "${java} -version" failed: ${(err as Error).message}`,
    );
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new LabToolchainError(`Could not read the Java version from "${java} -version": ${out.trim().split('\n')[0]}`);
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  if (major < MIN_JAVA) {
    throw new LabToolchainError(`The lab needs Java ${MIN_JAVA} or newer; "${java}" is Java ${major}.`);
  }
  return major;
}

/** Runs `cmd args` to see that a tool is there; says `missing` when it is not on PATH, `failed(reason)` when it fails. */
async function requireTool(cmd: string, args: string[], timeout: number, missing: string, failed: (reason: string) => string): Promise<void> {
  try {
    await run(cmd, args, { timeout });
  } catch (err) {
    throw new LabToolchainError((err as NodeJS.ErrnoException).code === 'ENOENT' ? missing : failed((err as Error).message));
  }
}

export function requireMaven(): Promise<void> {
  return requireTool(
    'mvn',
    ['-v'],
    30_000,
    'The lab needs Maven ("mvn" on PATH) to fetch Apache Kafka\'s jars from Maven Central, and none was found.',
    (reason) => `The lab needs Maven to fetch Apache Kafka's jars, but "mvn -v" failed: ${reason}`,
  );
}

/** The lab's TLS listeners get certificates from the `openssl` command line (OpenSSL 1.1.1 or 3). */
export function requireOpenssl(): Promise<void> {
  return requireTool(
    'openssl',
    ['version'],
    20_000,
    'The lab\'s TLS listeners need "openssl" on PATH to make their certificates, and none was found.',
    (reason) => `The lab's TLS listeners need openssl, but "openssl version" failed: ${reason}`,
  );
}
