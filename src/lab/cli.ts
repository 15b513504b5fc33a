/**
 * `npm run lab -- <command>`: the development lab.
 *   up [--kafka VERSION]   start svl → confluent with Connect and MM2 (seed state), write .lab/mm2-doctor.yaml
 *   status                 what is running
 *   down                   stop it
 *   jars [--kafka VERSION] fetch the Kafka jars (cached under lab/lib/<version>)
 *   leftovers              exit 1 if any lab JVM owned by a dead process is still running (CI guard)
 */
import { parseArgs } from 'node:util';
import { ensureJars } from './jars.ts';
import { normalizeKafkaVersion } from './versions.ts';
import { DEV_LAB_CONFIG, labDown, labStatus, labUp } from './dev-lab.ts';
import { findLabJvms } from './jvm.ts';
import { LabToolchainError } from './toolchain.ts';

const USAGE = `usage: npm run lab -- <up [--kafka VERSION] | status | down | jars [--kafka VERSION] | leftovers>`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { kafka: { type: 'string' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [cmd, ...rest] = parsed.positionals;
  if (rest.length) {
    console.error(`unexpected argument "${rest[0]}"\n${USAGE}`);
    return 2;
  }
  const log = (l: string) => console.log(`lab: ${l}`);
  switch (cmd) {
    case 'jars': {
      const v = normalizeKafkaVersion(parsed.values.kafka);
      const j = await ensureJars(v, log);
      console.log(`lab: Kafka ${v} jars ${j.fetched ? 'fetched' : 'already present'} in ${j.dir}`);
      return 0;
    }
    case 'up': {
      const s = await labStatus();
      if (s.jvms.length) {
        console.log(`lab: already running (${s.jvms.map((j) => j.name).join(', ')}); "npm run lab -- down" first to restart it`);
        return 0;
      }
      const info = await labUp({ kafkaVersion: parsed.values.kafka, log });
      console.log(`lab: up (Kafka ${info.version})`);
      for (const [a, c] of Object.entries(info.clusters)) console.log(`  ${a.padEnd(10)} ${c.bootstrap}`);
      console.log(`  ${'connect'.padEnd(10)} ${info.connectUrl}`);
      console.log(`  logs       ${info.dir}/logs/`);
      console.log(`  config     ${DEV_LAB_CONFIG}`);
      console.log(`try: ./bin/mm2-doctor.js diagnose svl   (config: ${DEV_LAB_CONFIG})`);
      return 0;
    }
    case 'status': {
      const s = await labStatus();
      if (!s.jvms.length) {
        console.log('lab: not running');
        return 0;
      }
      console.log(`lab: running, Kafka ${s.info?.version ?? '?'}`);
      for (const j of s.jvms) console.log(`  ${j.name.padEnd(16)} pid ${j.pid}`);
      if (s.info) for (const [a, c] of Object.entries(s.info.clusters)) console.log(`  ${a.padEnd(16)} ${c.bootstrap}`);
      if (s.info?.connectUrl) console.log(`  ${'connect'.padEnd(16)} ${s.info.connectUrl}`);
      return 0;
    }
    case 'down': {
      const n = await labDown();
      console.log(n ? `lab: stopped ${n} JVM(s)` : 'lab: nothing was running');
      return 0;
    }
    case 'leftovers': {
      const orphans = (await findLabJvms()).filter((j) => j.ownerPid !== 0);
      if (!orphans.length) {
        console.log('lab: no lab JVM left running');
        return 0;
      }
      for (const j of orphans) console.error(`lab: left running: ${j.name} pid ${j.pid} (lab ${j.labDir}, owner ${j.ownerPid})`);
      return 1;
    }
    default:
      console.error(cmd ? `unknown lab command "${cmd}"\n${USAGE}` : USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof LabToolchainError ? `lab: ${err.message}` : err);
    process.exit(err instanceof LabToolchainError ? 3 : 1);
  },
);
