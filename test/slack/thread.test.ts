// Incident threads: a mention reads the thread, explains the pasted logs and diagnoses the mirror
// named there; `watch` re-diagnoses on an interval, posts only on change, closes with a summary,
// and survives a restart of the bot.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.ts';
import { fixture } from '../logs/fixtures.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL, withFindings } from './fake-doctor.ts';
import { startBot, type Harness } from './harness.ts';

const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const botReplies = (h: Harness, ts: string) => h.emu.thread(h.ops, ts).filter((m) => m.bot_id);
const blockText = (m: { blocks?: unknown[] }) => JSON.stringify(m.blocks ?? []);

describe('incident threads', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('explains the logs pasted in the thread and diagnoses the mirror it names, in the thread', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    const parent = h.emu.postAsUser(h.ops, 'alice', 'svl->confluent: checkpoints topic empty since Friday');
    h.emu.postAsUser(h.ops, 'bob', `Connect logs:\n\`\`\`${slackEscape(fixture('seed-case-strimzi.txt'))}\`\`\``, parent.ts);
    h.emu.socket.appMention({ channel: h.ops, user: h.emu.userId('alice'), text: 'what is wrong here?', thread_ts: parent.ts });

    await h.emu.waitFor(() => h && botReplies(h, parent.ts).some((m) => m.text.includes('critical')), 4000);
    const [logs, diagnosis] = botReplies(h, parent.ts);

    expect(h.emu.calls('conversations.replies')).toHaveLength(1);
    expect(logs?.text).toContain('Logs: ');
    expect(blockText(logs!)).toContain('Causes');
    expect(blockText(logs!)).toContain('Red herrings (do not affect checkpoints)');
    expect(blockText(logs!)).toMatch(/\*Network\*: \d+ disconnects/);
    expect(diagnosis?.text).toMatch(/^svl-&gt;confluent: critical/);
    expect(doctor.calls[0]?.opts.logsOrigin).toBe('thread');
    expect(doctor.calls[0]?.opts.logsText).toContain('with 0 consumer groups');
    expect(h.emu.messages(h.ops).filter((m) => m.bot_id)).toEqual([]); // nothing outside the thread
    expect(h.audit.map((a) => [a.via, a.command, a.thread])).toEqual([
      ['mention', 'explain', parent.ts],
      ['mention', 'diagnose', parent.ts],
    ]);
  });

  it('finds the mirror a thread names with the arrow Slack users type, spaces around it', async () => {
    const vault = { name: 'svl->vault', sourceAlias: 'svl', targetAlias: 'vault' };
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [vault, seedDiagnosis(vault)]]);
    h = await startBot(doctor);
    const parent = h.emu.postAsUser(h.ops, 'alice', 'svl → vault: checkpoints stopped at 09:00');
    h.emu.socket.appMention({ channel: h.ops, text: 'why?', thread_ts: parent.ts });
    await h.emu.waitFor(() => h && botReplies(h, parent.ts).some((m) => m.text.includes('critical')), 4000);
    expect(doctor.calls.map((c) => c.ref)).toEqual(['svl->vault']);
  });

  it('asks which mirror when the thread names none and several are configured', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [{ name: 'east->west', sourceAlias: 'east', targetAlias: 'west' }, seedDiagnosis()]]);
    h = await startBot(doctor);
    const sent = h.emu.socket.appMention({ channel: h.ops, text: 'checkpoints look stuck' });
    const ts = (sent.payload.event as { ts: string }).ts;
    const reply = await h.emu.waitFor(() => h && botReplies(h, ts)[0]);
    expect(reply.text).toContain('Which mirror?');
    expect(doctor.calls).toEqual([]);
  });

  it('reads a bare `explain` as a request to explain the thread\'s logs', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    const parent = h.emu.postAsUser(h.ops, 'bob', `\`\`\`${slackEscape(fixture('seed-case-strimzi.txt'))}\`\`\``);
    h.emu.socket.appMention({ channel: h.ops, text: 'explain', thread_ts: parent.ts });
    const reply = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => m.text.startsWith('Logs:')));
    expect(blockText(reply)).toContain('started with 0 consumer groups');
  });

  it('reads `explain` followed by words (not log lines) as a request to explain the thread\'s logs', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    const parent = h.emu.postAsUser(h.ops, 'alice', 'svl->confluent: no checkpoints since Friday');
    h.emu.postAsUser(h.ops, 'bob', `\`\`\`${slackEscape(fixture('seed-case-strimzi.txt'))}\`\`\``, parent.ts);
    h.emu.socket.appMention({ channel: h.ops, text: 'explain this please', thread_ts: parent.ts });
    const reply = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => m.text.startsWith('Logs:')), 4000);

    expect(h.emu.calls('conversations.replies')).toHaveLength(1); // the thread was read
    expect(reply.text).not.toBe('Logs: no cause of missing checkpoints found');
    expect(blockText(reply)).toContain('started with 0 consumer groups');
    expect(Number(/_(\d+) lines/.exec(blockText(reply))?.[1])).toBeGreaterThan(50); // the thread's log, not the mention's words
    expect(h.audit[0]).toMatchObject({ command: 'explain', via: 'mention' });
  });

  it('runs a command written after the mention in the thread', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    const parent = h.emu.postAsUser(h.ops, 'alice', 'incident 42');
    h.emu.socket.appMention({ channel: h.ops, text: 'groups svl', thread_ts: parent.ts });
    const reply = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => m.text.includes('groups checkpointed')));
    expect(blockText(reply)).toContain('`app-orders` (Empty): not checkpointed');
  });
});

describe('watch', () => {
  let h: Harness | undefined;
  let emu: SlackEmulator | undefined;
  afterEach(async () => {
    await h?.stop();
    await emu?.stop();
    h = undefined;
    emu = undefined;
  });

  function clockedDoctor() {
    let current: Diagnosis = seedDiagnosis();
    const doctor = FakeDoctor.of([[SVL, () => current]]);
    return { doctor, set: (d: Diagnosis) => (current = d) };
  }

  it('posts only when the verdict or root cause changes, then a closing summary', async () => {
    const { doctor, set } = clockedDoctor();
    let clock = Date.UTC(2025, 5, 2, 10, 0, 0);
    h = await startBot(doctor, { watchIntervalMs: 30, now: () => clock });
    const parent = h.emu.postAsUser(h.ops, 'alice', 'svl->confluent incident');
    h.emu.socket.appMention({ channel: h.ops, text: 'watch svl 30m', thread_ts: parent.ts });
    const started = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => m.text.startsWith('Watching')));
    expect(blockText(started)).toContain('Watching svl-&gt;confluent for 30m, re-diagnosing every 0s');

    await h.emu.waitFor(() => doctor.calls.length >= 4); // unchanged checks post nothing
    expect(botReplies(h, parent.ts)).toHaveLength(1);

    set(withFindings(healthyDiagnosis(), []));
    const change = await h.emu.waitFor(() => h && botReplies(h, parent.ts)[1]);
    expect(blockText(change)).toContain('svl->confluent: critical → ok');
    await h.emu.waitFor(() => doctor.calls.length >= 8);
    expect(botReplies(h, parent.ts)).toHaveLength(2);

    clock += 31 * 60_000;
    const closing = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => m.text.startsWith('Watch of')));
    expect(closing.text).toMatch(/^Watch of svl-&gt;confluent ended after 30m: \d+ checks, 1 change\. Now ok \(started critical\)\.$/);
    expect(h.bot.watches.list()).toEqual([]);
  });

  it('/mm2 watch from a channel opens the thread itself and reports there', async () => {
    const { doctor, set } = clockedDoctor();
    h = await startBot(doctor, { watchIntervalMs: 30 });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'watch svl 30m', channel: h.ops });
    // Slash commands cannot run in threads, so the bot posts the thread's parent in the channel.
    const parent = await h.emu.waitFor(() => h?.emu.messages(h.ops).find((m) => m.bot_id && m.text.startsWith('Watching')));
    expect(parent.text).toBe(`Watching svl-&gt;confluent for <@${h.emu.userId('alice')}>: changes of verdict or root cause are posted in this thread.`);
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.startsWith('Watching')));
    set(withFindings(healthyDiagnosis(), []));
    const change = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => blockText(m).includes('critical → ok')));
    expect(change.thread_ts).toBe(parent.ts);
    expect(h.bot.watches.list()).toHaveLength(1);
  });

  it('survives a restart: the watch is saved atomically and resumed by the next bot', async () => {
    const { doctor, set } = clockedDoctor();
    emu = await SlackEmulator.start();
    const first = await startBot(doctor, { emu, watchIntervalMs: 30 });
    const parent = emu.postAsUser(first.ops, 'alice', 'svl->confluent incident');
    emu.socket.appMention({ channel: first.ops, text: 'watch svl 2h', thread_ts: parent.ts });
    await emu.waitFor(() => botReplies(first, parent.ts).find((m) => m.text.startsWith('Watching')));
    await first.stop();

    const file = path.join(first.stateDir, 'watches.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { watches: { mirror: string; threadTs: string }[] };
    expect(saved.watches).toMatchObject([{ mirror: 'svl->confluent', threadTs: parent.ts }]);
    expect(readdirSync(first.stateDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    set(withFindings(healthyDiagnosis(), []));
    h = await startBot(doctor, { emu, stateDir: first.stateDir, watchIntervalMs: 30 });
    const change = await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => blockText(m).includes('critical → ok')));
    expect(change.thread_ts).toBe(parent.ts);
    expect(h.bot.watches.list()).toHaveLength(1);
    expect(existsSync(file)).toBe(true);
  });

  it('stops the watches of a thread on `watch stop`', async () => {
    const { doctor } = clockedDoctor();
    h = await startBot(doctor, { watchIntervalMs: 1000 });
    const parent = h.emu.postAsUser(h.ops, 'alice', 'incident');
    h.emu.socket.appMention({ channel: h.ops, text: 'watch svl', thread_ts: parent.ts });
    await h.emu.waitFor(() => h?.bot.watches.list().length === 1);
    h.emu.socket.appMention({ channel: h.ops, text: 'watch stop', thread_ts: parent.ts });
    await h.emu.waitFor(() => h && botReplies(h, parent.ts).find((m) => m.text === 'Stopped 1 watch'));
    expect(h.bot.watches.list()).toEqual([]);
  });
});
