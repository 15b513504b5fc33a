/**
 * The CLI as an operator runs it (the bin script, a child process) against real MM2, and the log
 * explainer on the real Connect worker's log.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { fileSize, readFrom } from '../../src/lab/jvm.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';
import { explainLogs } from '../../src/logs/explain.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { writeLabConfig } from './diagnose.ts';
import { eventually, sleep, uniqueName, useLab, waitForConnectLog } from './harness.ts';

const run = promisify(execFile);
const lab = useLab();
const src = lab.sourceCluster;
const mirrors: LabMirror[] = [];
const closers: net.Server[] = [];
afterAll(async () => {
  for (const m of mirrors) await m.delete();
  for (const c of closers) c.close();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(path.join(PROJECT_ROOT, 'bin/mm2-doctor.js'), args, { cwd: PROJECT_ROOT });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('mm2-doctor diagnose on the real lab', () => {
  it('seed mirror: exit 2, the JSON contract, and the real Connect log explained alongside', async () => {
    const p = uniqueName('cli');
    const logFrom = await fileSize(lab.info.connectLog!);
    const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*` });
    mirrors.push(m);
    await produce(lab.kafka(src), `${p}-orders`, 40, { create: { partitions: 1 } });
    await waitForConnectLog('the checkpoint connector logging its group count', `Started ${p}s->${p}t.MirrorCheckpointConnector with 0 consumer groups.`, logFrom);
    await sleep(2_000);
    const config = await writeLabConfig(lab, m);

    const json = await cli(['diagnose', `${p}s`, '--config', config, '--json']);
    expect(json.code, json.stderr).toBe(2);
    const report = JSON.parse(json.stdout) as Record<string, unknown> & { rootCause: { code: string; title: string }; findings: { code: string; severity: string; title: string; evidence: unknown; steps: unknown }[] };
    expect(Object.keys(report).sort()).toEqual(['durationMs', 'findings', 'mirror', 'rootCause', 'verdict']);
    expect(report.verdict).toBe('critical');
    expect(Object.keys(report.rootCause).sort()).toEqual(['code', 'title']);
    expect(report.rootCause.code).toBe('no-consumer-groups');
    for (const f of report.findings) expect(Object.keys(f).sort()).toEqual(['code', 'evidence', 'severity', 'steps', 'title']);

    // Text output, with the worker's real log: the connector's own "0 consumer groups" line is cited.
    const text = await cli(['diagnose', `${p}s->${p}t`, '--config', config, '--logs', lab.info.connectLog!]);
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toMatch(/^\S+ \(.*\): CRITICAL/);
    expect(text.stdout).toContain('no-consumer-groups');
    expect(text.stdout).toContain(`kafka-consumer-groups.sh --bootstrap-server ${lab.bootstrap(src)} --list`);

    // The chat's other commands, as CLI subcommands with --json (issue 11).
    const groups = await cli(['groups', `${p}s`, '--config', config, '--json']);
    expect(groups.code, groups.stderr).toBe(2);
    const groupsJson = JSON.parse(groups.stdout) as { rows: { group: string }[] };
    expect(groupsJson).toMatchObject({ kind: 'groups', mirror: `${p}s->${p}t`, verdict: 'critical', report: { rootCause: { code: 'no-consumer-groups' } } });
    // The lab's clusters are shared by every test file: other tests' groups may be listed, none of this one's.
    expect(groupsJson.rows.filter((r) => r.group.startsWith(p))).toEqual([]);
    const checkpoints = await cli(['checkpoints', `${p}s`, '--config', config, '--json']);
    expect(checkpoints.code, checkpoints.stderr).toBe(2);
    expect(JSON.parse(checkpoints.stdout)).toMatchObject({ kind: 'checkpoints', mirror: `${p}s->${p}t`, topic: expect.stringContaining('checkpoints.internal') as unknown, rows: [] });
    const status = await cli(['status', '--config', config, '--json']);
    expect(status.code, status.stderr).toBe(2);
    expect((JSON.parse(status.stdout) as { rows: { mirror: string; verdict: string }[] }).rows).toContainEqual(expect.objectContaining({ mirror: `${p}s->${p}t`, verdict: 'critical' }));
  });

  it('diagnose --logs keeps what the real Connect log proves when mm2-doctor cannot read Connect: clients MM2 cannot build', async () => {
    const p = uniqueName('cfg');
    const from = await fileSize(lab.info.connectLog!);
    // MM2's source bootstrap does not resolve (RFC 6761 `.invalid`): the connectors that build a
    // source admin client (source, checkpoint) fail to start; mm2-doctor's own bootstrap is the real one.
    const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, sourceBootstrap: `${p}.invalid:9092`, wait: false });
    mirrors.push(m);
    await waitForConnectLog('the checkpoint connector failing to start', `{id=${p}s->${p}t.MirrorCheckpointConnector} Error while starting connector`, from);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-logs-'));
    const logFile = path.join(dir, 'connect.log');
    await fs.writeFile(logFile, await readFrom(lab.info.connectLog!, from));
    // No Connect URL in the bot config: the live connector state is unknown to mm2-doctor.
    const config = await writeLabConfig(lab, m, { connect: false });

    type Json = { verdict: string; rootCause: { code: string; title: string } | null; findings: { code: string; severity: string; title: string; evidence: { label: string; value: unknown }[] }[] };
    const withLogs = await cli(['diagnose', `${p}s`, '--config', config, '--json', '--logs', logFile]);
    expect(withLogs.code, withLogs.stderr).toBe(2);
    const report = JSON.parse(withLogs.stdout) as Json;
    expect(report.rootCause?.code, withLogs.stdout).toBe('mm2-client-config-failed');
    const f = report.findings.find((x) => x.code === 'mm2-client-config-failed');
    expect(f?.title).toMatch(/^From the logs: .*bootstrap servers in the cluster config do not resolve/);
    expect(f?.evidence).toContainEqual({ label: 'not checked live', value: 'connect: not configured' });
    expect(JSON.stringify(f?.evidence)).toContain('MirrorCheckpointConnector.start');

    // The same diagnosis without the logs knows nothing of it.
    const without = JSON.parse((await cli(['diagnose', `${p}s`, '--config', config, '--json'])).stdout) as Json;
    expect(without.findings.map((x) => x.code)).not.toContain('mm2-client-config-failed');
  });

  it('explains a real MM2 client that never reaches a broker: its source bootstrap closes every connection', async () => {
    const p = uniqueName('nc');
    const from = await fileSize(lab.info.connectLog!);
    // What a load balancer or PrivateLink endpoint without a healthy backend does: accept, then close.
    // (Not a port of another protocol: a Kafka client reading an HTTP reply as a frame size
    // allocates that many bytes, which kills a small-heap worker.)
    const closer = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closer.listen(0, '127.0.0.1', resolve));
    closers.push(closer);
    const { port } = closer.address() as net.AddressInfo;
    const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*`, sourceBootstrap: `127.0.0.1:${port}`, wait: false });
    mirrors.push(m);
    // Wait until the explainer sees the client stuck (two failed bootstrap connections), reading the real log.
    const x = await eventually(
      'the checkpoint connector\'s source admin client failing at its bootstrap',
      async () => {
        const read = explainLogs(await readFrom(lab.info.connectLog!, from));
        return read.entries.some((e) => e.code === 'never-connected') ? read : undefined;
      },
      90_000,
      1_000,
    ).catch(async (err: Error) => {
      const read = explainLogs(await readFrom(lab.info.connectLog!, from));
      throw new Error(`${err.message}\n${read.entries.map((e) => `${e.kind} ${e.code}: ${e.title} | ${e.sample}`).join('\n')}`);
    });
    const cause = x.entries.find((e) => e.code === 'never-connected');
    expect(cause?.kind, JSON.stringify(x.entries.map((e) => `${e.kind} ${e.code}: ${e.title}`), null, 1)).toBe('cause');
    expect(cause?.title).toContain(`${p}s->${p}t`);
    // The worker's own clients reach the lab cluster in the same log; that alone must not hide it.
    expect(x.entries.filter((e) => e.kind === 'red-herring' && e.code === 'bootstrap-node-disconnected')).toEqual([]);
  });

  it('explains the real Connect worker log: 0 consumer groups is the cause; with a committing group the task lines are evidence', async () => {
    const p = uniqueName('logs');
    const from = await fileSize(lab.info.connectLog!);
    const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*` });
    mirrors.push(m);
    await produce(lab.kafka(src), `${p}-orders`, 40, { create: { partitions: 1 } });
    await waitForConnectLog('zero groups logged', `Started ${p}s->${p}t.MirrorCheckpointConnector with 0 consumer groups.`, from);
    const before = explainLogs(await readFrom(lab.info.connectLog!, from));
    const zero = before.entries.find((e) => e.code === 'started-with-zero-groups' && e.connector === `${p}s->${p}t.MirrorCheckpointConnector`);
    expect(zero?.kind).toBe('cause');

    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    await waitForConnectLog('the task checkpointing the group', `checkpointing 1 consumer groups ${p}s->${p}t: [${p}-app]`, from);
    // MirrorCheckpointTask.start logs "checkpointing N consumer groups" before its stores finish
    // loading: they load on the task's Scheduler thread (apache/kafka connect/mirror
    // MirrorCheckpointTask.start, "starting checkpoint and offset sync stores"), so wait for that too.
    await waitForConnectLog('the task reading its offset syncs', `Finished reading KafkaBasedLog for topic mm2-offset-syncs.${p}t.internal`, from);
    const after = explainLogs(await readFrom(lab.info.connectLog!, from));
    const task = after.entries.find((e) => e.code === 'task-checkpointing-groups' && e.groups?.includes(`${p}-app`));
    expect(task?.kind).toBe('evidence');
    expect(after.entries.some((e) => e.code === 'offset-syncs-loaded')).toBe(true);
  });
});
