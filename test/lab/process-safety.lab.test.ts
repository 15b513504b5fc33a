/**
 * No orphan JVM, ever: a lab whose owner dies (even by SIGKILL) takes its JVMs with it, and JVMs
 * left by an earlier run are found and stopped at the next start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabJvms, stopStaleJvms } from '../../src/lab/jvm.ts';
import { KafkaCluster } from '../../src/lab/kafka-cluster.ts';
import { createTopic, harnessKafka } from '../../src/lab/clients.ts';
import { ReadOnlyKafka } from '../../src/kafka/read-only-kafka.ts';
import { ensureJars } from '../../src/lab/jars.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';
import { eventually, useLab } from './harness.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('lab process safety', () => {
  it('kills a lab JVM when the Node process that owns it is SIGKILLed', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-orphan-'));
    const script = path.join(dir, 'owner.ts');
    // The owner starts one broker, prints its pid, and waits to be killed.
    await fs.writeFile(
      script,
      `import { Lab } from ${JSON.stringify(path.join(PROJECT_ROOT, 'src/lab/lab.ts'))};
       const lab = await Lab.start({ dir: ${JSON.stringify(path.join(dir, 'lab'))}, clusters: [{ alias: 'orphan' }], connect: false, kafkaVersion: ${JSON.stringify(useLab().version)} });
       console.log('PID ' + lab.cluster('orphan').pid + ' OWNER ' + process.pid);
       setInterval(() => {}, 1000);`,
    );
    await fs.writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
    const owner = spawn(path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    // tsx runs the script in a child node process: the owner is that process, not `owner`.
    const [jvmPid, ownerPid] = await new Promise<[number, number]>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /PID (\d+) OWNER (\d+)/.exec(out);
        if (m) resolve([Number(m[1]), Number(m[2])]);
      });
      owner.once('exit', (code) => reject(new Error(`owner exited early (${code}): ${out}`)));
    });
    expect(alive(jvmPid)).toBe(true);
    process.kill(ownerPid, 'SIGKILL');
    owner.kill('SIGKILL');
    await eventually('the orphaned broker to be stopped by its watchdog', async () => !alive(jvmPid), 30_000);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds and stops JVMs an earlier run left in the same lab folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-stale-'));
    const jars = await ensureJars(useLab().version);
    // A persistent broker (owner 0, no watchdog), as `npm run lab -- up` leaves one.
    const left = new KafkaCluster({ alias: 'leftover', jars, labDir: dir, ownerPid: 0 });
    await left.start();
    const pid = left.pid!;
    expect((await findLabJvms()).filter((j) => j.labDir === dir).map((j) => j.pid)).toEqual([pid]);
    const stopped = await stopStaleJvms(dir);
    expect(stopped.map((j) => j.name)).toEqual(['kafka-leftover']);
    expect(alive(pid)).toBe(false);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('stops a cluster and starts it again on the same address, with its topics', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-restart-'));
    const jars = await ensureJars(useLab().version);
    const c = new KafkaCluster({ alias: 'restart', jars, labDir: dir, ownerPid: process.pid });
    await c.start();
    const bootstrap = c.bootstrap;
    await createTopic(harnessKafka(bootstrap), 'kept', { partitions: 2 });
    await c.stop();
    expect(c.running).toBe(false);
    const down = new ReadOnlyKafka({ alias: 'restart', bootstrap: [bootstrap], timeoutMs: 1500 });
    await expect(down.topics()).rejects.toThrow();
    await down.close();
    await c.start();
    expect(c.bootstrap).toBe(bootstrap);
    const up = new ReadOnlyKafka({ alias: 'restart', bootstrap: [bootstrap], timeoutMs: 5000 });
    expect((await up.topics()).find((t) => t.name === 'kept')?.partitions).toBe(2);
    await up.close();
    await c.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
