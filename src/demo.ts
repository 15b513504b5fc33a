/**
 * `npm run demo`: the product's main job, end to end, on a fresh machine. Starts a private lab
 * (real Kafka and real MirrorMaker 2 in the seed case's state: records mirrored, offset syncs
 * flowing, no consumer group), runs `/mm2 diagnose svl` in the local chat shell, prints the
 * answer, then stays interactive on a terminal (`help`, `groups svl`, `checkpoints svl`, `exit`).
 * Piped or in CI it exits after the answer. The lab stops with it.
 */
import { Readable } from 'node:stream';
import { Lab } from './lab/lab.ts';
import { startSeedMirror, writeLabFiles } from './lab/dev-lab.ts';
import { loadAppConfig } from './config-sections.ts';
import { formatConfigError } from './config/errors.ts';
import { createDoctor } from './doctor/create-doctor.ts';
import { runShell } from './composition-root.ts';
import { LabToolchainError } from './lab/toolchain.ts';

const FIRST = '/mm2 diagnose svl';

async function main(): Promise<number> {
  const t0 = Date.now();
  const say = (s: string) => process.stderr.write(`demo: ${s}\n`);
  say('starting a lab: Kafka svl (source) and confluent (target), Kafka Connect, MirrorMaker 2 as Strimzi runs it');
  const lab = await Lab.start({ log: say });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping the lab');
    await lab.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    await startSeedMirror(lab);
    const configFile = await writeLabFiles(lab.dir, lab, lab.mirrors[0]!);
    // Let the checkpoint connector refresh groups and emit a few times: it will find none.
    await new Promise((r) => setTimeout(r, 3_000));
    const loaded = loadAppConfig(configFile);
    if (!loaded.ok) throw new Error(loaded.errors.map(formatConfigError).join('\n'));
    say(`lab ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (config ${configFile}); running: ${FIRST}\n`);
    const doctor = createDoctor(loaded.config);
    const audit = () => undefined; // the demo's audit trail is the terminal itself
    process.stdout.write(`mm2> ${FIRST}\n`);
    await runShell({ doctor, config: loaded.config, input: Readable.from([`${FIRST}\n`]), output: process.stdout, interactive: false, audit });
    if (process.stdin.isTTY && !process.env.CI) {
      process.stdout.write('\nThe lab keeps running while this shell is open. Try: help, groups svl, checkpoints svl, status, exit\n');
      await runShell({ doctor, config: loaded.config, input: process.stdin, output: process.stdout, interactive: true, audit });
    }
    await doctor.close();
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof LabToolchainError ? err.message : (err as Error).stack ?? String(err)}\n`);
    process.exit(3);
  },
);
