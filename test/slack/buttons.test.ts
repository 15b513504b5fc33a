// The buttons under a reply: Share in channel, Re-run and Show commands, clicked in the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDoctor, seedDiagnosis, SVL } from './fake-doctor.ts';
import { startBot, type Harness } from './harness.ts';

type Block = { type: string; text?: { text: string }; elements?: { text?: unknown }[] };
const text = (m: { blocks?: unknown[] }) =>
  ((m.blocks ?? []) as Block[]).map((b) => b.text?.text ?? (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')).join(' ')).join('\n');

describe('reply buttons', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function diagnosed(): Promise<{ h: Harness; doctor: FakeDoctor; ts: string }> {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    return { h, doctor, ts: reply.ts };
  }

  it('Share in channel posts the same result for everyone and removes the ephemeral copy', async () => {
    const { h, doctor, ts } = await diagnosed();
    h.emu.socket.blockAction({ channel: h.ops, message_ts: ts, action_id: 'mm2_share' });
    const shared = await h.emu.waitFor(() => h.emu.messages(h.ops)[0]);

    expect(shared.text).toMatch(/^svl-&gt;confluent: critical — /);
    expect(text(shared)).toContain(`Shared by <@${h.emu.userId('alice')}>`);
    expect(shared.via).toBe('chat.postMessage');
    await h.emu.waitFor(() => h.emu.ephemeral('alice').length === 0);
    expect(doctor.calls).toHaveLength(1); // shared what alice saw, not a new diagnosis
    expect(h.audit.map((a) => [a.via, a.command, a.mirror, a.verdict])).toEqual([
      ['command', 'diagnose', 'svl->confluent', 'critical'],
      ['share', 'diagnose', 'svl->confluent', 'critical'],
    ]);
  });

  it('Share in channel still works where the bot is not a member (response_url in_channel)', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    const random = h.emu.channelId('random');
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: random });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    h.emu.socket.blockAction({ channel: random, message_ts: reply.ts, action_id: 'mm2_share' });
    const shared = await h.emu.waitFor(() => h?.emu.messages(random)[0]);

    expect(shared.via).toBe('response_url');
    expect(shared.text).toMatch(/critical/);
  });

  it('Re-run replaces the message with a fresh diagnosis (a quick one with no progress message between)', async () => {
    const { h, doctor, ts } = await diagnosed();
    h.emu.socket.blockAction({ channel: h.ops, message_ts: ts, action_id: 'mm2_rerun' });
    await h.emu.waitFor(() => doctor.calls.length === 2);
    const msg = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.history.length >= 1 && m.text.includes('critical')));

    expect(msg.history.map((x) => x.text.slice(0, 22))).toEqual(['svl-&gt;confluent: cri']);
    expect(h.emu.ephemeral('alice')).toHaveLength(1);
  });

  it('Re-run by someone the access rules deny leaves the shared message alone and tells only them', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { access: { rules: [{ users: ['U0ALICE01'], channels: ['C0MM2OPS1'] }] } });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    h.emu.socket.blockAction({ channel: h.ops, message_ts: reply.ts, action_id: 'mm2_share' });
    const shared = await h.emu.waitFor(() => h?.emu.messages(h.ops)[0]);
    const before = { text: shared.text, blocks: shared.blocks };

    h.emu.socket.blockAction({ channel: h.ops, user: h.emu.userId('bob'), message_ts: shared.ts, action_id: 'mm2_rerun' });
    const denial = await h.emu.waitFor(() => h?.emu.ephemeral('bob').find((m) => m.text.startsWith('You may not')));

    expect(denial.text).toMatch(/^You may not use `diagnose` here/);
    expect(h.emu.ephemeral('bob')).toHaveLength(1);
    expect(h.emu.messages(h.ops)).toHaveLength(1);
    expect({ text: shared.text, blocks: shared.blocks }).toEqual(before);
    expect(shared.history).toEqual([]);
    expect(doctor.calls).toHaveLength(1);
  });

  it('Show commands shows the steps\' commands to the clicker only', async () => {
    const { h, ts } = await diagnosed();
    h.emu.socket.blockAction({ channel: h.ops, message_ts: ts, action_id: 'mm2_show_commands' });
    const cmds = await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.text.includes('commands for the troubleshooting steps')));

    expect(text(cmds)).toContain('kafka-consumer-groups.sh --bootstrap-server');
    expect(text(cmds)).toContain('```');
    expect(h.emu.ephemeral('bob')).toEqual([]);
  });

  it('a stale or foreign button value gets a plain notice', async () => {
    const { h } = await diagnosed();
    const msg = h.emu.postAsUser(h.ops, 'alice', 'x');
    // A message with a button whose value the bot never issued.
    msg.blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'mm2_rerun', text: { type: 'plain_text', text: 'Re-run' }, value: 'garbage' }] }];
    h.emu.socket.blockAction({ channel: h.ops, message_ts: msg.ts, action_id: 'mm2_rerun' });
    await h.emu.waitFor(() => h.emu.ephemeral('alice').find((m) => m.text.includes('no longer works')));
  });
});
