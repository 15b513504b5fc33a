/**
 * The Slack bot end to end: a real Bolt app (Socket Mode and HTTP mode) against the Slack
 * emulator, diagnosing real MirrorMaker 2 on the lab through the real config loader and Doctor.
 * Asserts what a Slack user sees.
 */
import fs from 'node:fs/promises';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { produce, runConsumerGroup } from '../../src/lab/clients.ts';
import { fileSize, readFrom } from '../../src/lab/jvm.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import type { Doctor } from '../../src/model/diagnosis.ts';
import { writeLabConfig } from '../lab/diagnose.ts';
import { uniqueName, useLab, waitForConnectLog } from '../lab/harness.ts';
import { startBot, everything, type Harness } from './harness.ts';

const lab = useLab();
const src = lab.sourceCluster;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const blockText = (m: { blocks?: unknown[] }) => JSON.stringify(m.blocks ?? []);
const botReplies = (h: Harness, ts: string) => h.emu.thread(h.ops, ts).filter((m) => m.bot_id);

/** A seed-state mirror (records mirrored, offset syncs flowing, no group) and a Doctor for it. */
async function seedMirror(prefix: string): Promise<{ m: LabMirror; doctor: Doctor; p: string; logFrom: number }> {
  const p = uniqueName(prefix);
  const logFrom = await fileSize(lab.info.connectLog!);
  const m = await lab.addMirror({ sourceAlias: `${p}s`, targetAlias: `${p}t`, topicsPattern: `${p}-.*`, groupsPattern: `${p}-.*` });
  cleanups.push(() => m.delete());
  await produce(lab.kafka(src), `${p}-orders`, 40, { create: { partitions: 1 } });
  await waitForConnectLog('the checkpoint connector reporting 0 groups', `Started ${p}s->${p}t.MirrorCheckpointConnector with 0 consumer groups.`, logFrom);
  const loaded = loadConfig(await writeLabConfig(lab, m));
  if (!loaded.ok) throw new Error('lab config invalid');
  const doctor = createDoctor(loaded.config);
  return { m, doctor, p, logFrom };
}

describe('/mm2 on the real lab', () => {
  it('Socket Mode: /mm2 diagnose answers the seed case in place, Share and Show commands work', async () => {
    const { doctor, p } = await seedMirror('sock');
    const h = await startBot(doctor);
    cleanups.push(() => h.stop());
    const sent = Date.now();
    const cmd = h.emu.socket.slashCommand({ command: '/mm2', text: `diagnose ${p}s`, channel: h.ops });
    const reply = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.text.includes('critical')), 20_000);
    expect((cmd.delivery.ack?.at ?? Infinity) - sent).toBeLessThan(3000);
    expect(h.emu.ephemeral('alice')).toHaveLength(1); // any progress message, replaced in place
    for (const shown of reply.history) expect(shown.text).toMatch(/^Diagnosing/); // none for a quick answer
    expect(reply.text).toBe(`${p}s-&gt;${p}t: critical — No consumer group on ${p}s has committed offsets on a mirrored topic`);
    expect(blockText(reply)).toContain('no-consumer-groups');

    h.emu.socket.blockAction({ channel: h.ops, message_ts: reply.ts, action_id: 'mm2_show_commands' });
    const cmds = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.text.includes('commands for the troubleshooting steps')));
    expect(blockText(cmds)).toContain(`kafka-consumer-groups.sh --bootstrap-server ${lab.bootstrap(src)} --list`);

    h.emu.socket.blockAction({ channel: h.ops, message_ts: reply.ts, action_id: 'mm2_share' });
    const shared = await h.emu.waitFor(() => h.emu.messages(h.ops)[0]);
    expect(shared.text).toMatch(/critical — No consumer group/);
    expect(h.audit.map((a) => [a.command, a.verdict])).toEqual(expect.arrayContaining([['diagnose', 'critical']]));

    // App Home: the same answer on the row, from the reading just made (monitor.reuseSeconds); Diagnose answers in her DM.
    h.emu.socket.openHome(h.emu.userId('alice'));
    const rowOf = () => ((h.emu.home('alice')?.view.blocks ?? []) as { accessory?: { value?: string; action_id?: string }; text?: { text: string } }[]).find((b) => b.accessory?.value === `${p}s->${p}t`);
    await h.emu.waitFor(() => rowOf()?.text?.text.includes('critical') && !JSON.stringify(h.emu.home('alice')?.view.blocks).includes('refreshing…'), 20_000);
    expect(rowOf()?.text?.text).toContain(`Root cause: No consumer group on ${p}s has committed offsets on a mirrored topic`);
    h.emu.socket.homeAction({ user: h.emu.userId('alice'), action_id: rowOf()!.accessory!.action_id!, value: `${p}s->${p}t` });
    const dm = await h.emu.waitFor(() => h.emu.dm('alice').find((m) => m.bot_id && m.text.includes('critical')), 20_000);
    expect(dm.text).toBe(reply.text);
    expect(h.audit.filter((a) => a.via === 'home').map((a) => [a.command, a.verdict])).toEqual([['diagnose', 'critical']]);
  });

  it('HTTP mode: a signed /mm2 diagnose gets the same answer; a bad signature gets 401', async () => {
    const { doctor, p } = await seedMirror('http');
    const h = await startBot(doctor, { mode: 'http' });
    cleanups.push(() => h.stop());
    const bad = await h.http!.slashCommand({ command: '/mm2', text: `diagnose ${p}s`, channel: h.ops }, { signature: 'bad' });
    expect(bad.status).toBe(401);
    const ok = await h.http!.slashCommand({ command: '/mm2', text: `diagnose ${p}s`, channel: h.ops });
    expect(ok.status).toBe(200);
    const reply = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.text.includes('critical')), 20_000);
    expect(reply.text).toContain(`No consumer group on ${p}s has committed offsets`);
  });

  it('the Workflow Builder step diagnoses the seed case, posts the answer and completes with its verdict, root cause and link', async () => {
    const { doctor, p } = await seedMirror('step');
    const manifest = YAML.parse(await fs.readFile(new URL('../../manifest.yml', import.meta.url), 'utf8'));
    const h = await startBot(doctor, { emulator: { manifest } });
    cleanups.push(() => h.stop());
    const run = h.emu.socket.runStep({ callback_id: 'diagnose_mirror', inputs: { mirror_name: `${p}s -> ${p}t`, channel_id: h.ops } });
    const step = await h.emu.waitFor(() => h.emu.steps().find((s) => s.id === run.step.id && s.status !== 'running'), 20_000);
    expect(step.error).toBeUndefined();
    const [answer] = h.emu.messages(h.ops);
    expect(answer?.text).toBe(`${p}s-&gt;${p}t: critical — No consumer group on ${p}s has committed offsets on a mirrored topic`);
    expect(step.outputs).toEqual({
      verdict: 'critical',
      root_cause: `No consumer group on ${p}s has committed offsets on a mirrored topic`,
      link: expect.stringMatching(new RegExp(`/archives/${h.ops}/p${answer!.ts.replace('.', '')}$`)),
    });
  });

  it('an incident thread with the real Connect log pasted: cause explained, mirror re-diagnosed; a watch reports the fix', async () => {
    const { doctor, p, logFrom } = await seedMirror('thread');
    const h = await startBot(doctor, { watchIntervalMs: 500 });
    cleanups.push(() => h.stop());
    const log = (await readFrom(lab.info.connectLog!, logFrom)).split('\n').filter((l) => l.includes(`${p}s->${p}t.MirrorCheckpointConnector`)).join('\n');
    const parent = h.emu.postAsUser(h.ops, 'alice', `${p}s->${p}t: checkpoints topic empty`);
    h.emu.postAsUser(h.ops, 'bob', `connect logs:\n\`\`\`${slackEscape(log)}\`\`\``, parent.ts);
    h.emu.socket.appMention({ channel: h.ops, user: h.emu.userId('alice'), text: 'why?', thread_ts: parent.ts });
    await h.emu.waitFor(() => botReplies(h, parent.ts).some((m) => m.text.includes('critical')), 20_000);
    const replies = botReplies(h, parent.ts);
    expect(blockText(replies[0]!), JSON.stringify(replies.map((r) => r.text))).toContain('0 consumer groups');
    expect(replies.some((m) => m.text.includes(`No consumer group on ${p}s`))).toBe(true);
    expect(h.emu.messages(h.ops).filter((m) => m.bot_id)).toEqual([]); // everything stays in the thread

    h.emu.socket.appMention({ channel: h.ops, text: `watch ${p}s 30m`, thread_ts: parent.ts });
    await h.emu.waitFor(() => botReplies(h, parent.ts).find((m) => m.text.startsWith('Watching')), 10_000);
    // The fix: a consumer group starts committing on the mirrored topic; MM2 checkpoints it.
    await runConsumerGroup(lab.kafka(src), { groupId: `${p}-app`, topics: [`${p}-orders`] });
    // On the way it may pass through `warning` (the group waits for MM2's next group refresh),
    // which the watch reports too: wait for the change that ends at ok.
    const change = await h.emu.waitFor(() => botReplies(h, parent.ts).find((m) => / → ok\b/.test(blockText(m))), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}; the thread: ${JSON.stringify(botReplies(h, parent.ts).map((m) => m.text))}`);
    });
    expect(change.thread_ts).toBe(parent.ts);
    expect(everything(h)).not.toMatch(/password|secret/i);
  });

  it('a cluster unreachable during a command: the reply says so within the timeout, and other commands keep being answered', async () => {
    const a = await seedMirror('upa');
    const b = uniqueName('downb');
    const mb = await lab.addMirror({ sourceAlias: `${b}s`, targetAlias: `${b}t`, topicsPattern: `${b}-.*`, groupsPattern: `${b}-.*` });
    cleanups.push(() => mb.delete());
    // One config with both mirrors; the second one's target is an address where no broker listens.
    const fileA = await writeLabConfig(lab, a.m);
    const fileB = await writeLabConfig(lab, mb, { bootstrap: { [`${b}t`]: '127.0.0.1:9' }, clusterExtra: { [`${b}t`]: { timeoutMs: 1500 }, [`${b}s`]: { timeoutMs: 1500 } }, connect: false });
    const docA = YAML.parse(await fs.readFile(fileA, 'utf8'));
    const docB = YAML.parse(await fs.readFile(fileB, 'utf8'));
    docB.mirrors[0].strimzi.file = fileB.replace(/mm2-doctor\.yaml$/, 'kmm2.yaml');
    docA.mirrors[0].strimzi.file = fileA.replace(/mm2-doctor\.yaml$/, 'kmm2.yaml');
    await fs.writeFile(fileA, YAML.stringify({ clusters: { ...docA.clusters, ...docB.clusters }, mirrors: [...docA.mirrors, ...docB.mirrors] }));
    const loaded = loadConfig(fileA);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const h = await startBot(createDoctor(loaded.config));
    cleanups.push(() => h.stop());
    const sent = Date.now();
    h.emu.socket.slashCommand({ command: '/mm2', text: `diagnose ${b}s`, channel: h.ops, user: h.emu.userId('bob') });
    h.emu.socket.slashCommand({ command: '/mm2', text: `diagnose ${a.p}s`, channel: h.ops });
    const down = await h.emu.waitFor(() => h.emu.ephemeral('bob').find((m) => m.text.includes('critical')), 15_000);
    expect(Date.now() - sent).toBeLessThan(1500 * 4);
    expect(down.text).toMatch(/Target cluster .* is unreachable/);
    const up = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.text.includes('critical')), 15_000);
    expect(up.text).toContain(`No consumer group on ${a.p}s`);
  });
});
