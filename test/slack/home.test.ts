// The App Home end to end: the real bot against the emulator holding it to the real manifest.yml
// (Home tab on, app_home_opened subscribed), with the fake Doctor. A person sees only the mirrors
// the access rules let them ask about; the Home is published at once and again when the refresh is
// done; one failing diagnosis is that mirror's error; many mirrors stay within 100 blocks; Diagnose
// answers in the person's DM.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Diagnosis, MirrorRef } from '../../src/model/diagnosis.ts';
import type { ManifestLike } from '../slack-emulator/app-config.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { EAST, FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL } from './fake-doctor.ts';
import { startBot, type Harness } from './harness.ts';
import { failoverReadiness } from '../../src/doctor/failover.ts';
import { FileState } from '../../src/coordination/file-state.ts';
import type { DigestConfig } from '../../src/schedule/config.ts';
import { runScheduledDigest } from '../../src/schedule/digest-job.ts';
import { slackPoster } from '../../src/schedule/poster.ts';
import { jobDeps } from '../schedule/helpers.ts';

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../manifest.yml'), 'utf8')) as ManifestLike;
const VAULT: MirrorRef = { name: 'svl->vault', sourceAlias: 'svl', targetAlias: 'vault' };

/** The text of every block of a Home view, buttons' values included. */
const homeText = (h: Harness, user: string): string => JSON.stringify(h.emu.home(user)?.view.blocks ?? []);
/** The Home's row (section) of `mirror`. */
function row(h: Harness, user: string, mirror: string): string {
  const blocks = (h.emu.home(user)?.view.blocks ?? []) as { accessory?: { value?: string }; text?: { text: string } }[];
  return blocks.find((b) => b.accessory?.value === mirror)?.text?.text ?? '';
}
const esc = (s: string) => s.replace(/>/g, '&gt;');
/** The Diagnose button of `mirror` on the Home: its action_id. */
function diagnoseId(h: Harness, user: string, mirror: string): string {
  const blocks = (h.emu.home(user)?.view.blocks ?? []) as { accessory?: { value?: string; action_id?: string } }[];
  return blocks.find((b) => b.accessory?.value === mirror)?.accessory?.action_id ?? '';
}

describe('App Home', () => {
  let h: Harness | undefined;
  let emu: SlackEmulator | undefined;
  afterEach(async () => {
    await h?.stop();
    await emu?.stop();
    h = undefined;
    emu = undefined;
  });

  it('publishes at once while the mirrors are diagnosed, then their verdict, root cause and failover readiness, each with a Diagnose button', async () => {
    const seed = seedDiagnosis();
    const healthy = healthyDiagnosis(EAST);
    const doctor = FakeDoctor.of([[SVL, { ...seed, failover: failoverReadiness(seed.facts) }], [EAST, { ...healthy, failover: failoverReadiness(healthy.facts) }]]);
    let release!: () => void;
    doctor.gate = new Promise((r) => (release = r));
    h = await startBot(doctor, { emulator: { manifest } });
    const opened = h.emu.socket.openHome(h.emu.userId('alice'));
    const loading = await h.emu.waitFor(() => h?.emu.home('alice'), 4000);
    expect(opened.delivery.outcome).toBe('acked'); // Slack was not kept waiting for the diagnoses
    expect(JSON.stringify(loading.view.blocks)).toContain('diagnosing…');
    await h.emu.waitFor(() => doctor.calls.length === 2, 4000); // both under way, held
    expect(JSON.stringify(h.emu.home('alice')!.view.blocks)).toContain('diagnosing…');
    release();
    doctor.gate = undefined;
    await h.emu.waitFor(() => h && !homeText(h, 'alice').includes('refreshing…') && homeText(h, 'alice').includes('critical'), 4000);
    const svl = row(h, 'alice', SVL.name);
    expect(svl).toContain(`*${esc(SVL.name)}* — critical`);
    expect(svl).toContain(`Root cause: ${seedDiagnosis().report.rootCause!.title}`);
    expect(svl).toContain('no checkpointed group to fail over'); // the seed case: no group commits
    expect(row(h, 'alice', EAST.name)).toContain(`— ${healthy.report.verdict}`);
    const fo = failoverReadiness(healthy.facts).summary;
    expect(fo.total).toBe(2);
    expect(row(h, 'alice', EAST.name)).toContain(`failover: ${fo.ready} of 2 groups ready`);
    // The worst first, and the Home's diagnoses reuse recent results (monitor.reuseSeconds, default 30).
    const blocks = h.emu.home('alice')!.view.blocks as { accessory?: { value?: string; action_id?: string } }[];
    expect(blocks.filter((b) => b.accessory).map((b) => [b.accessory!.value, b.accessory!.action_id])).toEqual([[SVL.name, 'mm2_home_diagnose:0'], [EAST.name, 'mm2_home_diagnose:1']]);
    expect(doctor.calls.every((c) => c.opts.maxAgeMs === 30_000)).toBe(true);
  });

  it('shows a person only the mirrors the access rules let them ask about, naming none of the others', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [VAULT, seedDiagnosis(VAULT)]]);
    emu = await SlackEmulator.start({ ackTimeoutMs: 3000, manifest });
    h = await startBot(doctor, { emu, access: { rules: [{ users: [emu.userId('alice')], mirrors: [SVL.name] }] } });
    emu.socket.openHome(emu.userId('alice'));
    emu.socket.openHome(emu.userId('bob'));
    await emu.waitFor(() => h && row(h, 'alice', SVL.name).includes('critical') && homeText(h, 'bob').includes('No mirror'), 4000);
    expect(homeText(h, 'alice')).not.toContain('vault');
    expect(homeText(h, 'bob')).not.toMatch(/svl|vault|confluent/);
    expect(doctor.calls.map((c) => c.ref)).toEqual([SVL.name]); // nothing diagnosed for a mirror nobody may see
  });

  it('shows a failing diagnosis as that mirror\'s error, not a broken Home', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, () => { throw new Error('boom: gather blew up'); }]]);
    h = await startBot(doctor, { emulator: { manifest } });
    h.emu.socket.openHome(h.emu.userId('alice'));
    await h.emu.waitFor(() => h && row(h, 'alice', EAST.name).includes('failed'), 4000);
    expect(row(h, 'alice', EAST.name)).toMatch(/the diagnosis failed \(ref `[0-9a-f]{8}`\)/);
    expect(row(h, 'alice', SVL.name)).toContain('critical');
    expect(homeText(h, 'alice')).not.toContain('boom');
    expect(h.logs.join('\n')).toMatch(/internal error ref=[0-9a-f]{8}: Error: boom/);
  });

  it('stays within 100 blocks with 150 mirrors: the worst are shown, the rest counted, and only the shown ones diagnosed', { timeout: 20_000 }, async () => {
    const refs = Array.from({ length: 150 }, (_, i): MirrorRef => ({ name: `src${String(i).padStart(3, '0')}->dst`, sourceAlias: `src${String(i).padStart(3, '0')}`, targetAlias: 'dst' }));
    let running = 0;
    let most = 0;
    // Each diagnosis takes a little while, so the number in flight at once can be seen.
    const slow = (d: Diagnosis) => async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      return d;
    };
    const table = new Map(refs.map((m, i) => [m.name, slow(i === 39 ? seedDiagnosis(m) : healthyDiagnosis(m))]));
    const doctor = new FakeDoctor(table, refs);
    h = await startBot(doctor, { emulator: { manifest } });
    h.emu.socket.openHome(h.emu.userId('alice'));
    await h.emu.waitFor(() => h && homeText(h, 'alice').includes('110 more mirrors') && !homeText(h, 'alice').includes('diagnosing…'), 8000);
    const home = h.emu.home('alice')!;
    const blockCount = (v: Record<string, unknown>) => (v.blocks as unknown[]).length;
    expect(blockCount(home.view)).toBeLessThanOrEqual(100);
    expect(home.history.map(blockCount).every((n) => n <= 100)).toBe(true);
    expect(home.history.map(blockCount)).toEqual([44]); // the first view, published at once: 40 rows and 4 more blocks
    expect(doctor.calls).toHaveLength(40);
    expect(most).toBe(4); // a few at a time (monitor/loop.ts DEFAULT_CONCURRENCY)
    const order = () => (h!.emu.home('alice')!.view.blocks as { accessory?: { value?: string } }[]).flatMap((b) => (b.accessory?.value ? [b.accessory.value] : []));
    expect(order()[0]).toBe('src039->dst'); // the worst first, then by name
    expect(order()[1]).toBe('src000->dst');
    expect(homeText(h, 'alice')).toContain('/mm2 status');

    // Reopened: the mirrors are read again (the fake Doctor reuses nothing) and src000's new verdict shown.
    doctor.table.set('src000->dst', seedDiagnosis(refs[0]));
    const rowsBefore = doctor.calls.length;
    h.emu.socket.openHome(h.emu.userId('alice'));
    await h.emu.waitFor(() => h && h.emu.home('alice')!.history.length >= 3 && !homeText(h, 'alice').includes('refreshing…'), 8000);
    expect(row(h, 'alice', 'src000->dst')).toContain('critical');
    expect(doctor.calls.length - rowsBefore).toBe(40);
    expect(order().slice(0, 2)).toEqual(['src000->dst', 'src039->dst']);
  });

  it('Diagnose answers in the person\'s DM with the bot, audited as a Home click, and updates the row', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, healthyDiagnosis(EAST)]]);
    h = await startBot(doctor, { emulator: { manifest } });
    const alice = h.emu.userId('alice');
    h.emu.socket.openHome(alice);
    await h.emu.waitFor(() => h && row(h, 'alice', SVL.name).includes('critical'), 4000);
    const before = doctor.calls.length;
    const click = h.emu.socket.homeAction({ user: alice, action_id: diagnoseId(h, 'alice', SVL.name), value: SVL.name });
    const answer = await h.emu.waitFor(() => h?.emu.dm('alice').find((m) => m.bot_id && m.text.startsWith(`${esc(SVL.name)}: critical`)), 4000);
    expect(click.delivery.outcome).toBe('acked');
    expect(answer.blocks?.length).toBeGreaterThan(1);
    expect(h.audit.map((a) => [a.via, a.command, a.mirror, a.outcome])).toEqual([['home', 'diagnose', SVL.name, 'ok']]);
    expect(doctor.calls.slice(before).map((c) => [c.ref, c.opts.maxAgeMs])).toEqual([[SVL.name, undefined]]); // a click reads afresh
    await h.emu.waitFor(() => h && homeText(h, 'alice').includes(`Diagnosed *${esc(SVL.name)}*: the full answer is in your messages`), 4000);
    expect(h.emu.messages('mm2-ops')).toEqual([]);
  });

  it('checks access on Diagnose: a button left on a Home drawn before the rules hid its mirror is denied to the clicker alone', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [VAULT, seedDiagnosis(VAULT)]]);
    emu = await SlackEmulator.start({ ackTimeoutMs: 3000, manifest });
    h = await startBot(doctor, { emu, access: { rules: [{ users: [emu.userId('alice')], mirrors: [SVL.name] }] } });
    const alice = emu.userId('alice');
    emu.socket.openHome(alice);
    await emu.waitFor(() => h && row(h, 'alice', SVL.name).includes('critical'), 4000);
    const metadata = emu.home('alice')!.view.private_metadata;
    expect(JSON.parse(String(metadata))).toEqual({ channel: expect.stringMatching(/^D/) }); // her DM with the bot
    // The Home as a bot with other rules drew it: a Diagnose button for svl->vault.
    const stale = { type: 'section', text: { type: 'mrkdwn', text: 'svl-&gt;vault' }, accessory: { type: 'button', text: { type: 'plain_text', text: 'Diagnose' }, action_id: 'mm2_home_diagnose:0', value: VAULT.name } };
    await h.bot.app.client.views.publish({ user_id: alice, view: { type: 'home', blocks: [stale], private_metadata: metadata } as never });
    const before = doctor.calls.length;
    emu.socket.homeAction({ user: alice, action_id: 'mm2_home_diagnose:0', value: VAULT.name });
    await emu.waitFor(() => h && h.audit.length === 1 && homeText(h, 'alice').includes('critical') && !homeText(h, 'alice').includes('vault'), 4000);
    expect(h.audit.map((a) => [a.via, a.mirror, a.outcome])).toEqual([['home', VAULT.name, 'denied']]);
    expect(doctor.calls.slice(before).filter((c) => c.ref === VAULT.name)).toEqual([]);
    const denial = await emu.waitFor(() => emu?.ephemeral('alice').find((m) => m.text.includes('may not ask')), 4000);
    expect(denial.text).not.toContain('confluent');
    expect(emu.dm('alice').filter((m) => m.bot_id)).toEqual([]); // nothing left in the DM
    expect(emu.ephemeral('bob')).toEqual([]);
    expect(row(h, 'alice', SVL.name)).toContain('critical'); // the Home redrawn with what she may see
  });

  it('names a running watch as the mirror\'s open incident, and the last scheduled digest with where it was posted', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, healthyDiagnosis(EAST)]]);
    const morning: DigestConfig = { name: 'morning', channel: 'C0MM2OPS1', cron: '0 8 * * *', timezone: 'UTC', mirrors: [SVL.name], mode: 'always' };
    h = await startBot(doctor, { emulator: { manifest }, config: { digests: [morning] } as never, schedules: true });
    // The scheduled digest, run by the real job into the state file the bot's schedules keep (single replica).
    const state = await FileState.open(path.join(h.stateDir, 'schedule-state.json'));
    const poster = slackPoster(h.bot.app.client, { redactor: h.bot.redactor, warn: () => undefined });
    expect(await runScheduledDigest(morning, Date.UTC(2026, 11, 3, 8), jobDeps(doctor, poster, { state }))).toBe('posted');
    h.emu.socket.slashCommand({ command: '/mm2', text: 'watch svl 30m', channel: h.ops });
    await h.emu.waitFor(() => h?.bot.watches.list().length === 1, 4000);

    h.emu.socket.openHome(h.emu.userId('alice'));
    await h.emu.waitFor(() => h && row(h, 'alice', SVL.name).includes('Incident') && !homeText(h, 'alice').includes('refreshing…'), 4000);
    const svl = row(h, 'alice', SVL.name);
    expect(svl).toMatch(/Incident: watched in a thread in <#C0MM2OPS1> since <!date\^\d+\^/);
    expect(svl).toMatch(/Last digest: \*morning\* in <#C0MM2OPS1>, <!date\^\d+\^/);
    expect(row(h, 'alice', EAST.name)).not.toMatch(/Incident|Last digest/);
  });
});
