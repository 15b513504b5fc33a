/**
 * A Doctor over the mirror svl->confluent whose clusters are a closed local port (Kafka facts fail
 * fast as unreachable), for tests where only the other facts (Connect REST, Kubernetes) matter.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import type { Doctor } from '../../src/model/diagnosis.ts';

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** `mirrorLines`: more YAML lines of the one `mirrors[]` entry (indented four spaces). */
export async function unreachableMirrorDoctor(mirrorLines: string[], env: NodeJS.ProcessEnv): Promise<Doctor> {
  const port = await closedPort();
  const loaded = parseConfig(
    [
      'clusters:',
      `  svl: { bootstrap: "127.0.0.1:${port}", timeoutMs: 1000 }`,
      `  confluent: { bootstrap: "127.0.0.1:${port}", timeoutMs: 1000 }`,
      'mirrors:',
      '  - source: svl',
      '    target: confluent',
      ...mirrorLines,
      '',
    ].join('\n'),
    '/virtual/mm2-doctor.yaml',
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return createDoctor(loaded.config, { env });
}
