// `/mm2 …` through a real Bolt app in Socket Mode against the Slack emulator: ack first, a
// placeholder replaced in place by the result, ephemeral with buttons, usage help, audit lines.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDoctor, seedDiagnosis, healthyDiagnosis, withFindings, diagnosisOf, SVL, EAST } from './fake-doctor.ts';
import { failoverReadiness } from '../../src/doctor/failover.ts';
import { readinessLine } from '../../src/model/failover.ts';
import * as fx from '../fixtures/facts.ts';
import { failed, fixSeedFacts } from '../fixtures/facts.ts';
import type { Facts } from '../../src/model/facts.ts';
import { startBot, type Harness } from './harness.ts';
import { gate } from '../slack-emulator/helpers.ts';

type Block = { type: string; text?: { text: string }; elements?: { action_id?: string; text?: { text: string } }[] };
const blocksOf = (m: { blocks?: unknown[] }) => (m.blocks ?? []) as Block[];
const buttons = (m: { blocks?: unknown[] }) => blocksOf(m).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.text?.text) : []));

describe('/mm2 in Socket Mode', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('acks before the diagnosis starts, shows "Diagnosing…" while it is slow, then replaces it with verdict and root cause first', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, healthyDiagnosis(EAST)]]);
    const held = gate();
    doctor.gate = held.wait;
    h = await startBot(doctor);
    const alice = h.emu.userId('alice');

    const sent = Date.now();
    const cmd = h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops, user: alice });
    const placeholder = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.startsWith('Diagnosing')));
    const ack = cmd.delivery.ack;
    await h.emu.waitFor(() => doctor.calls.length === 1);

    expect(cmd.delivery.outcome).toBe('acked');
    expect((ack?.at ?? Infinity) - sent).toBeLessThan(3000);
    // Acked before any Kafka I/O: the handler awaits ack() first. Nothing is posted in between now
    // (progress waits a second), so the ack's arrival here may trail the call by an event-loop turn.
    expect(ack?.at).toBeLessThanOrEqual((doctor.calls[0]?.at ?? 0) + 20);
    expect(placeholder.text).toBe('Diagnosing svl-&gt;confluent…'); // after 1 s: the diagnosis is held

    held.release();
    await h.emu.waitFor(() => placeholder.history.length === 1 && placeholder);
    const blocks = blocksOf(placeholder);
    expect(h.emu.ephemeral('alice')).toHaveLength(1); // replaced in place, not a second message
    expect(placeholder.text).toMatch(/^svl-&gt;confluent: critical — /);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'svl->confluent: critical' } });
    expect(blocks[1]?.text?.text).toMatch(/^\*Root cause\* \(critical\): /);
    expect(buttons(placeholder)).toEqual(['Share in channel', 'Re-run', 'Show commands']);
    expect(h.emu.messages(h.ops)).toEqual([]);
    expect(h.emu.ephemeral('bob')).toEqual([]);
  });

  it('answers malformed input with usage help, never a stack trace', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor);
    const texts = ['', 'diagnose', 'diagnose svl extra words', 'frobnicate svl', '   ', 'checkpoints', 'watch svl forever', 'diagnose nosuch'];
    for (const text of texts) h.emu.socket.slashCommand({ command: '/mm2', text, channel: h.ops });
    await h.emu.waitFor(() => (h?.emu.ephemeral('alice').length ?? 0) >= texts.length);

    const replies = h.emu.ephemeral('alice').map((m) => m.text);
    for (const r of replies) expect(r).not.toMatch(/\bat \w+ \(|Error:|stack/);
    expect(replies).toContain('mm2-doctor commands');
    expect(replies.some((r) => r.includes('`diagnose` needs 1 argument'))).toBe(true);
    expect(replies.some((r) => r.includes('Unknown command `frobnicate`'))).toBe(true);
    expect(replies.some((r) => r.includes('is not a duration'))).toBe(true);
    expect(replies.some((r) => r.includes('No mirror from nosuch.'))).toBe(true);
    // '' and '   ' are `help`; the rest are usage errors.
    expect(h.audit.map((a) => a.outcome).sort()).toEqual(['ok', 'ok', ...Array(6).fill('usage')]);
    expect(doctor.calls).toEqual([]);
  });

  it('reads commands typed with curly quotes, extra spaces and Slack escaping', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, healthyDiagnosis(EAST)]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: '  Diagnose   “svl-&gt;confluent”  ', channel: h.ops });
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    expect(doctor.calls.map((c) => c.ref)).toEqual(['svl->confluent']);
  });

  it('reads a mirror typed with the arrow Slack users type, or with spaces around the arrow', async () => {
    const vault = { name: 'svl->vault', sourceAlias: 'svl', targetAlias: 'vault' };
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [vault, seedDiagnosis(vault)]]);
    h = await startBot(doctor);
    const texts = ['diagnose svl → confluent', 'diagnose svl -&gt; vault', 'groups svl→confluent', 'checkpoints svl → vault app-orders'];
    for (const text of texts) h.emu.socket.slashCommand({ command: '/mm2', text, channel: h.ops });
    await h.emu.waitFor(() => h?.audit.length === texts.length, 4000);

    expect(h.audit.map((a) => [a.outcome, a.mirror])).toEqual([['ok', 'svl->confluent'], ['ok', 'svl->vault'], ['ok', 'svl->confluent'], ['ok', 'svl->vault']]);
    expect(h.audit[3]?.args).toEqual(['svl->vault', 'app-orders']);
  });

  it('says once why checks could not run, leaves out log-only checks when no logs were given, and shows no reference marks', async () => {
    // The source cluster refuses connections; everything read from it fails "because" of that, as
    // src/gather words it (failedBecause: "<what>: <cause>").
    const root = 'cannot connect to svl (svl-kafka:9093): ECONNREFUSED';
    const facts: Facts = { ...fixSeedFacts(), source: failed('unreachable', root) };
    for (const [key, what] of [['sourceTopics', 'listing topics on source'], ['sourceGroups', 'listing consumer groups on source'], ['offsetSyncsTopic', 'looking up mm2-offset-syncs.confluent.internal: listing topics on source'], ['offsetSyncs', 'reading: looking up mm2-offset-syncs.confluent.internal: listing topics on source']] as const) {
      (facts as unknown as Record<string, unknown>)[key] = failed('unreachable', `${what}: ${root}`);
    }
    delete facts.logs;
    const d = diagnosisOf(facts);
    expect(d.report.notEvaluated.length).toBeGreaterThan(4); // the case: many checks, one cause
    h = await startBot(FakeDoctor.of([[SVL, d]]));
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.startsWith('svl-&gt;confluent:')));
    const text = blocksOf(reply).map((b) => b.text?.text ?? '').join('\n');
    const gaps = text.slice(text.indexOf('*Not evaluated*'));

    expect(gaps.split(root).length - 1).toBe(1);
    expect(gaps).not.toMatch(/log-red-herring|needs logs|not provided/);
    expect(JSON.stringify(reply.blocks)).not.toMatch(/\(C\d+|, C\d+\)/);
  });

  it('writes one audit line per command: who, where, what, mirror, verdict, duration', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, healthyDiagnosis(EAST)]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops, user: h.emu.userId('bob') });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'status', channel: h.ops });
    await h.emu.waitFor(() => h?.audit.length === 2);
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('mirrors')));

    const byCommand = Object.fromEntries(h.audit.map((a) => [a.command, a]));
    expect(byCommand.diagnose).toMatchObject({
      transport: 'slack', via: 'command', user: h.emu.userId('bob'), channel: h.ops, args: ['svl'], mirror: 'svl->confluent', outcome: 'ok', verdict: 'critical',
    });
    expect(byCommand.diagnose?.rootCause).toBe(seedDiagnosis().report.rootCause?.code);
    expect(byCommand.diagnose?.durationMs).toBeGreaterThanOrEqual(0);
    expect(byCommand.status).toMatchObject({ command: 'status', mirror: null, verdict: 'critical', outcome: 'ok' });
  });

  it('status shows every mirror on one screen', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, withFindings(healthyDiagnosis(EAST), [])]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'status', channel: h.ops });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.startsWith('2 mirrors')));
    const text = blocksOf(reply).map((b) => b.text?.text ?? '').join('\n');
    expect(text).toContain('*svl-&gt;confluent*: critical');
    expect(text).toContain('*east-&gt;west*: ok');
    expect(h.emu.ephemeral('alice')).toHaveLength(1);
  });

  it('/mm2 failover svl answers with the readiness per group, and [group] narrows it to one', async () => {
    // The real readiness over fixture facts: sync on, app-orders has a member on the target.
    const facts = fx.withEndOffsets(
      fx.withTargetGroups(fx.withCheckpointConfig(fx.fixHealthyFacts(), { 'sync.group.offsets.enabled': 'true' }), [
        fx.fixTargetGroup('app-orders', { members: [['billing-1', '10.0.0.5']], offsets: [['svl.orders', 0, 1451n], ['svl.orders', 1, 1101n], ['svl.orders', 2, 801n]] }),
        fx.fixTargetGroup('app-payments', { offsets: [['svl.payments', 0, 251n]] }),
      ]),
      [['orders', 0, 1500n]],
    );
    const d = diagnosisOf(facts);
    const readiness = failoverReadiness(d.facts);
    h = await startBot(FakeDoctor.of([[SVL, { ...d, failover: readiness }]]));
    h.emu.socket.slashCommand({ command: '/mm2', text: 'failover svl', channel: h.ops });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.startsWith('svl-&gt;confluent: ') && m.text.includes('ready')));
    expect(reply.text).toBe(`svl-&gt;confluent: ${readinessLine(readiness)}`);
    const text = blocksOf(reply).map((b) => b.text?.text ?? '').join('\n');
    expect(blocksOf(reply)[0]).toMatchObject({ type: 'header', text: { text: 'svl->confluent: failover readiness' } });
    expect(text).toContain('*app-orders* — ');
    expect(text).toContain('*app-payments* — ');
    expect(text).toContain('`billing-1@10.0.0.5`');
    expect(text).toContain('MM2 writes target offsets every 60 s');

    h.emu.socket.slashCommand({ command: '/mm2', text: 'failover svl app-payments', channel: h.ops });
    const one = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m !== reply && m.text.startsWith('svl-&gt;confluent: ') && m.text.includes('ready')));
    const oneText = blocksOf(one).map((b) => b.text?.text ?? '').join('\n');
    expect(oneText).toContain('*app-payments* — ');
    expect(oneText).not.toContain('*app-orders*');
  });
});
