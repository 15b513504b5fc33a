/**
 * The CLI as an operator runs it (the bin script, a child process) against real MM2, and the log
 * explainer on the real Connect worker's log.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { fileSize, readFrom } from '../../src/lab/jvm.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';
import { explainLogs } from '../../src/logs/explain.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { writeLabConfig } from './diagnose.ts';
import { sleep, uniqueName, useLab, waitForConnectLog } from './harness.ts';

const run = promisify(execFile);
const lab = useLab();
const src = lab.sourceCluster;
const mirrors: LabMirror[] = [];
afterAll(async () => {
  for (const m of mirrors) await m.delete();
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
    expect(JSON.parse(groups.stdout)).toMatchObject({ kind: 'groups', mirror: `${p}s->${p}t`, verdict: 'critical', rows: [], report: { rootCause: { code: 'no-consumer-groups' } } });
    const checkpoints = await cli(['checkpoints', `${p}s`, '--config', config, '--json']);
    expect(checkpoints.code, checkpoints.stderr).toBe(2);
    expect(JSON.parse(checkpoints.stdout)).toMatchObject({ kind: 'checkpoints', mirror: `${p}s->${p}t`, topic: expect.stringContaining('checkpoints.internal') as unknown, rows: [] });
    const status = await cli(['status', '--config', config, '--json']);
    expect(status.code, status.stderr).toBe(2);
    expect((JSON.parse(status.stdout) as { rows: { mirror: string; verdict: string }[] }).rows).toContainEqual(expect.objectContaining({ mirror: `${p}s->${p}t`, verdict: 'critical' }));
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
