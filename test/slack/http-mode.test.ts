// The bot in HTTP mode: signed requests from the emulator, the same replies as in Socket Mode,
// bad and stale signatures refused, and the health probes.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDoctor, seedDiagnosis, SVL } from './fake-doctor.ts';
import { startBot, type Harness } from './harness.ts';
import { gate } from '../slack-emulator/helpers.ts';

describe('HTTP mode', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('answers /mm2 diagnose svl: 200 at once, then the result (a quick one with no progress message before it)', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { mode: 'http' });
    const started = Date.now();
    const reply = await h.http!.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    expect(reply.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);

    const msg = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    expect(msg.history).toEqual([]);
    expect(h.emu.ephemeral('alice')).toHaveLength(1);
    expect((msg.blocks?.[0] as { text: { text: string } }).text.text).toBe('svl->confluent: critical');
    expect(h.audit).toHaveLength(1);
  });

  // `future`: a correct signature over a timestamp 5 min 1 s ahead. Slack's rule is "more than five
  // minutes from local time", both ways; Bolt 5.1 alone accepts it (test/slack-emulator/app-surfaces.test.ts).
  it.each(['bad', 'stale', 'future', 'missing'] as const)('refuses a %s signature with 401 and runs nothing', async (signature) => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { mode: 'http' });
    const reply = await h.http!.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops }, { signature });
    await new Promise((r) => setTimeout(r, 50));

    expect(reply.status).toBe(401);
    expect(doctor.calls).toEqual([]);
    expect(h.audit).toEqual([]);
    expect(h.emu.ephemeral('alice')).toEqual([]);
  });

  it('accepts a clock up to 5 minutes off either way', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { mode: 'http' });
    for (const skewSeconds of [-290, 290]) expect((await h.http!.slashCommand({ command: '/mm2', text: 'help', channel: h.ops }, { skewSeconds })).status).toBe(200);
    expect(h.logs.join('\n')).not.toMatch(/timestamp/);
  });

  it('handles a button click and a thread mention over HTTP', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { mode: 'http' });
    await h.http!.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    const msg = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    const click = await h.http!.blockAction({ channel: h.ops, message_ts: msg.ts, action_id: 'mm2_share' });
    expect(click.status).toBe(200);
    await h.emu.waitFor(() => h?.emu.messages(h.ops).find((m) => m.text.includes('critical')));

    const parent = h.emu.postAsUser(h.ops, 'bob', 'checkpoints empty on svl since 09:00');
    const mention = await h.http!.appMention({ channel: h.ops, user: h.emu.userId('bob'), text: 'why?', thread_ts: parent.ts });
    expect(mention.status).toBe(200);
    await h.emu.waitFor(() => h?.emu.thread(h.ops, parent.ts).find((m) => m.bot_id && m.text.includes('critical')));
  });

  it('serves /healthz and /readyz, and readiness drops while stopping', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { mode: 'http' });
    const base = `http://127.0.0.1:${h.bot.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).text()).toBe('ready\n');
    expect((await fetch(`${base}/nope`)).status).toBe(404);

    const held = gate();
    doctor.gate = held.wait;
    await h.http!.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    await h.emu.waitFor(() => doctor.calls.length === 1);
    const stopping = h.bot.stop();
    const during = await fetch(`${base}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.text()).toBe('shutting down\n');
    held.release();
    await stopping;
    // The reply in flight was finished before the bot stopped.
    expect(h.emu.ephemeral('alice').some((m) => m.text.includes('critical'))).toBe(true);
    await h.emu.stop();
    h = undefined;
  });
});
