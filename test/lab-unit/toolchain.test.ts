/** A missing or too-old Java, or a missing Maven, stops the lab with one clear sentence. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { javaMajorVersion, requireMaven, LabToolchainError } from '../../src/lab/toolchain.ts';
import { normalizeKafkaVersion } from '../../src/lab/versions.ts';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

async function fakeJava(versionLine: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-java-'));
  const bin = path.join(dir, 'java');
  await fs.writeFile(bin, `#!/bin/sh\necho '${versionLine}' >&2\n`, { mode: 0o755 });
  return bin;
}

describe('lab toolchain', () => {
  it('reads the real Java version', async () => {
    expect(await javaMajorVersion()).toBeGreaterThanOrEqual(17);
  });

  it('refuses Java 11 and says which Java it found', async () => {
    const java = await fakeJava('openjdk version "11.0.22" 2024-01-16');
    await expect(javaMajorVersion(java)).rejects.toThrow(LabToolchainError);
    await expect(javaMajorVersion(java)).rejects.toThrow(`The lab needs Java 17 or newer; "${java}" is Java 11.`);
  });

  it('understands the old 1.8 version scheme', async () => {
    await expect(javaMajorVersion(await fakeJava('java version "1.8.0_402"'))).rejects.toThrow(/is Java 8\./);
  });

  it('says that no java was found', async () => {
    await expect(javaMajorVersion('/nonexistent/bin/java')).rejects.toThrow(/no "java" was found/);
  });

  it('says that Maven is missing', async () => {
    process.env.PATH = '/nonexistent';
    await expect(requireMaven()).rejects.toThrow(/needs Maven \("mvn" on PATH\)/);
  });

  it('names the versions it accepts', () => {
    expect(normalizeKafkaVersion(undefined)).toBe('3.9.0');
    expect(normalizeKafkaVersion('4')).toMatch(/^4\./);
    expect(() => normalizeKafkaVersion('latest-ish')).toThrow(/--kafka takes a version like 3\.9\.0/);
  });
});
