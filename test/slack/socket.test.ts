// Socket Mode as Slack runs it: connections are refreshed every few hours with `disconnect`
// (refresh_requested, after a `warning`), Socket Mode can be switched off (link_disabled), and the
// network drops. Slack delivers each envelope to one open connection and fails a slash command with
// `dispatch_failed` when none is open, so the bot opens the new connection before the old one
// closes, and /readyz says whether a socket is open.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDoctor, seedDiagnosis, SVL } from './fake-doctor.ts';
import { startBot, type Harness } from './harness.ts';

const readyz = async (h: Harness) => {
  const res = await fetch(`http://127.0.0.1:${h.bot.healthPort}/readyz`);
  return { status: res.status, body: await res.text() };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Socket Mode connections', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it.each(['refresh_requested', 'warning', 'link_disabled'] as const)('answers every command sent while Slack refreshes the connection (%s)', async (reason) => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    // Slack leaves the old socket open for a while after refresh_requested (here 5 s, plenty even on a
    // loaded machine); Bolt's own receiver closes it at once and reconnects 5 s later.
    h = await startBot(doctor, { emulator: { disconnectGraceMs: 5000 } });
    const ready: number[] = [];
    const sent: ReturnType<Harness["emu"]["socket"]["slashCommand"]>[] = [];
    const [id] = h.emu.socket.connectionIds;
    h.emu.socket.disconnect(reason, id);
    // Slack warns a connection about 10 s before it refreshes that same connection.
    if (reason === 'warning') setTimeout(() => h?.emu.socket.disconnect('refresh_requested', id), 100);
    // Commands every 20 ms for 1.5 s: across the warning, the refresh and the old socket's close.
    for (let i = 0; i < 200; i++) {
      if (i > 20 && h.emu.socket.accepted === 2 && h.emu.socket.connections === 1) break; // the old one is gone
      sent.push(h.emu.socket.slashCommand({ command: '/mm2', text: 'help', channel: h.ops }));
      ready.push((await readyz(h)).status);
      await sleep(20);
    }
    await h.emu.waitFor(() => sent.every((s) => s.delivery.outcome !== 'pending'), 5000);

    expect(sent.filter((s) => s.delivery.outcome !== 'acked').map((s) => `${s.delivery.outcome} on ${s.delivery.connectionIds.join(',')}`)).toEqual([]);
    expect(h.emu.ephemeral('alice').filter((m) => m.via === 'slack')).toEqual([]); // no "failed with the error"
    expect(ready.every((s) => s === 200)).toBe(true);
    expect(h.emu.socket.accepted).toBe(2); // one new connection, opened before the old one closed
    // The old one goes within Slack's grace (after a warning, that counts from the refresh that follows).
    await h.emu.waitFor(() => h!.emu.socket.connections === 1, 12_000);
    expect(h.emu.socket.connections).toBe(1);
  }, 30_000);

  it('reports not ready on /readyz while no socket is open, and ready again once one is', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    expect(await readyz(h)).toEqual({ status: 200, body: 'ready\n' });

    h.emu.failNext('apps.connections.open', 'internal_error', 3);
    h.emu.socket.drop();
    await h.emu.waitFor(() => h?.emu.socket.connections === 0);
    const down = await readyz(h);
    expect(down.status).toBe(503);
    expect(down.body).toMatch(/no Socket Mode connection to Slack/);

    await h.emu.waitFor(() => h?.emu.socket.connections === 1, 8000);
    await h.emu.waitFor(async () => (await readyz(h!)).status === 200);
    expect(h.emu.calls('apps.connections.open').filter((c) => c.response.ok === false)).toHaveLength(3);
    expect(h.logs.join('\n')).toMatch(/apps\.connections\.open failed.*internal_error/);
  });

  it('keeps the process alive when Slack refuses the app token on reconnect, and says why', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    h.emu.failNext('apps.connections.open', 'invalid_auth', 2);
    h.emu.socket.disconnect('refresh_requested');
    await h.emu.waitFor(() => h?.emu.calls('apps.connections.open').length === 4, 8000);
    await h.emu.waitFor(() => h?.emu.socket.connections === 1, 8000);
    expect(h.logs.join('\n')).toMatch(/invalid_auth/);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'help', channel: h.ops });
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text === 'mm2-doctor commands'));
  });

  it('keeps several connections when configured, and Slack spreads envelopes over them', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { config: { slack: { socketConnections: 2 } } });
    await h.emu.waitFor(() => h?.emu.socket.connections === 2);
    const sent = Array.from({ length: 6 }, () => h!.emu.socket.slashCommand({ command: '/mm2', text: 'help', channel: h!.ops }));
    await h.emu.waitFor(() => sent.every((s) => s.delivery.outcome === 'acked'));
    expect(new Set(sent.map((s) => s.delivery.connectionIds[0])).size).toBe(2);

    // One drops: the other keeps answering, and the bot opens a second one again.
    const [first] = h.emu.socket.connectionIds;
    h.emu.socket.disconnect('link_disabled', first);
    await h.emu.waitFor(() => h?.emu.socket.accepted === 3 && h.emu.socket.connections === 2, 4000);
    expect(h.logs.join('\n')).toMatch(/Socket Mode was turned off/);
  });
});
