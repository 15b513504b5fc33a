/**
 * Rolling restarts lose no digest: a replica that starts (or gains the poster role) after a slot
 * nobody posted learns of it from the shared state and the schedule, not from its own memory, and
 * posts it once, marked late; a slot older than the bound is named by the next digest instead; the
 * detail replies a killed poster left unsent are sent by the next one, each once; gains and losses
 * of the role and every post are logged with schedule and slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { MemoryState } from '../../src/coordination/state.ts';
import type { DigestConfig } from '../../src/schedule/config.ts';
import { detailMarker, digestKey, runScheduledDigest, type DigestOutcome, type DigestState } from '../../src/schedule/digest-job.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import { slotsOf, MAX_SLOTS } from '../../src/schedule/slots.ts';
import { buildDigest } from '../../src/monitor/digest.ts';
import { renderDigest, renderDigestDetails } from '../../src/render/slack/digest.ts';
import type { Poster } from '../../src/schedule/poster.ts';
import { POST_GRACE_MS } from '../../src/schedule/jobs.ts';
import type { SlackEmulator } from '../slack-emulator/index.ts';
import { seedDiagnosis } from '../slack/fake-doctor.ts';
import { blockIds, blockText, jobDeps, startSlack, SwitchDoctor, TestLeadership } from './helpers.ts';

let emu: SlackEmulator;
let poster: Poster;
let OPS: string;
beforeAll(async () => {
  ({ emu, poster } = await startSlack());
  OPS = emu.channelId('mm2-ops');
});
afterAll(() => emu.stop());

let seq = 0;
const digestCfg = (cronExpr: string, extra: Partial<DigestConfig> = {}): DigestConfig => ({ name: `c${seq++}`, channel: OPS, cron: cronExpr, timezone: 'UTC', mirrors: ['svl->confluent'], mode: 'always', ...extra });
const postsOf = (name: string) => emu.messages(OPS).filter((m) => blockIds(m).some((id) => id.startsWith(`mm2-digest:${name}:`)));
const slotOfPost = (name: string) => (m: { blocks?: unknown[] }) => Number(blockIds(m as never).find((id) => id.startsWith(`mm2-digest:${name}:`))!.split(':').pop());

function enumerator(expr: string, tz = 'UTC') {
  const task = cron.createTask(expr, () => undefined, { timezone: tz });
  const f = slotsOf(expr, (d) => task.match(d));
  void task.destroy();
  return f;
}

describe('slotsOf', () => {
  it('lists a schedule\'s slots in a range, in its time zone, oldest first', () => {
    const f = enumerator('0 8 * * 1-5', 'Europe/Berlin');
    // 2026-01-01 is a Thursday; 08:00 in Berlin is 07:00 UTC in winter.
    expect(f(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 6, 12)).slots.map((s) => new Date(s).toISOString())).toEqual([
      '2026-01-01T07:00:00.000Z', '2026-01-02T07:00:00.000Z', '2026-01-05T07:00:00.000Z', '2026-01-06T07:00:00.000Z',
    ]);
    // (after, until]: the bounds themselves.
    const t = Date.UTC(2026, 0, 1, 0, 0, 3);
    expect(enumerator('*/3 * * * * *')(t, t + 6000).slots).toEqual([t + 3000, t + 6000]);
  });

  it('keeps the newest slots and says when older ones were left out', () => {
    const r = enumerator('* * * * * *')(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 1));
    expect(r.slots).toHaveLength(MAX_SLOTS);
    expect(r.more).toBe(true);
    expect(r.slots.at(-1)).toBe(Date.UTC(2026, 0, 1, 1));
  });
});

describe('a missed slot, from the shared state', () => {
  it('a replica starting after a slot nobody posted posts it once, late, and then the schedule goes on', async () => {
    const d = digestCfg('* * * * * *');
    const state = new MemoryState();
    // The stopped poster's last post was 3 s ago; it was gone for the slots since.
    const last = Math.floor(Date.now() / 1000) * 1000 - 3000;
    await state.put(digestKey(d.name), { slot: last, last: null, posted: null, pending: null } satisfies DigestState);
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state });
    const runs: { slot: number; outcome: DigestOutcome | 'failed' | 'not-elected' }[] = [];
    const s = new Scheduler({ digests: [d], deps, catchUpMs: 60_000, onDigest: (_n, slot, outcome) => runs.push({ slot, outcome }) });
    s.start();
    try {
      await emu.waitFor(() => postsOf(d.name).length >= 3, 15_000);
    } finally {
      await s.stop();
    }
    const posts = postsOf(d.name);
    const slots = posts.map(slotOfPost(d.name));
    expect(new Set(slots).size, `slots ${slots.join(',')}`).toBe(slots.length);
    // The first post is the catch-up: late, and standing for the missed slots before it.
    expect(blockText(posts[0]!)).toContain('posted late');
    expect(blockText(posts[0]!)).toContain('missed while the poster changed');
    expect(slots[0]!).toBeGreaterThan(last);
    // From the last posted slot on, every slot is posted or stood for, exactly once.
    const covered = (blockText(posts[0]!).match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g) ?? []).map(Date.parse).filter((c) => c > last && c < slots[0]!);
    const accounted = [...covered, ...slots].sort((a, b) => a - b);
    expect(accounted.map((x) => x - last), `slots ${slots.map((x) => x - last).join(",")} covered ${covered.map((x) => x - last).join(",")}`).toEqual(Array.from({ length: accounted.length }, (_, i) => 1000 * (i + 1)));
    expect(deps.logs.some((l) => l.startsWith('info poster role held at start-up'))).toBe(true);
    expect(deps.logs.some((l) => l.includes(`slot ${new Date(slots[0]!).toISOString()} was not posted`) && l.includes('posting it late'))).toBe(true);
    expect(deps.logs.some((l) => l.includes(`digest ${d.name} posted for ${new Date(slots[0]!).toISOString()} (late)`) && l.includes('"schedule":'))).toBe(true);
  });

  it('a missed slot older than the bound is not posted; the next digest names it', async () => {
    const d = digestCfg('0 8 * * *', { catchUpMinutes: 30 });
    const state = new MemoryState();
    const slot = (day: number) => Date.UTC(2026, 0, day, 8);
    await state.put(digestKey(d.name), { slot: slot(1), last: null, posted: null, pending: null } satisfies DigestState);
    let now = slot(2) + 3 * 3_600_000; // 11:00 on the 2nd: the 08:00 slot is three hours old
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state, now: () => now });
    const s = new Scheduler({ digests: [d], deps, catchUpMs: 60_000 });
    s.start();
    await new Promise((r) => setTimeout(r, 300));
    await s.stop();
    expect(postsOf(d.name)).toEqual([]);
    expect(deps.logs.some((l) => l.includes('older than the catch-up bound (30 min); the next digest names them'))).toBe(true);
    // The next slot: posted on time, naming the one nobody posted.
    now = slot(3);
    const between = enumerator(d.cron);
    expect(await runScheduledDigest(d, slot(3), deps, { between })).toBe('posted');
    const [post] = postsOf(d.name);
    expect(blockText(post!)).toContain('also stands for');
    expect(blockText(post!)).toContain('2026-01-02T08:00:00Z');
    expect(blockText(post!)).not.toContain('posted late');
  });

  it('with no slot posted yet, a new replica does not claim slots from before it started', async () => {
    const d = digestCfg('0 8 * * *');
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { now: () => Date.UTC(2026, 0, 2, 8, 5) });
    const s = new Scheduler({ digests: [d], deps, catchUpMs: 3_600_000 });
    s.start();
    await new Promise((r) => setTimeout(r, 300));
    await s.stop();
    expect(postsOf(d.name)).toEqual([]);
  });

  it('logs each loss and gain of the poster role', async () => {
    const d = digestCfg('0 8 * * *');
    const leader = new TestLeadership(false);
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { leadership: leader });
    const seen: boolean[] = [];
    const s = new Scheduler({ digests: [d], deps, catchUpMs: 0, onPoster: (p) => seen.push(p) });
    s.start();
    leader.flag.set(true);
    leader.flag.set(false);
    await s.stop();
    expect(seen).toEqual([false, true, false]);
    expect(deps.logs.filter((l) => / poster (role|at)/.test(l)).map((l) => l.split(':')[0])).toEqual(['info not the poster at start-up', 'info poster role gained', 'info poster role lost']);
  });
});

describe('detail replies a killed poster did not send', () => {
  it('are sent by the next poster, each once, even one sent but not recorded', async () => {
    const d = digestCfg('0 8 * * *');
    const slot = Date.UTC(2026, 0, 5, 8);
    const state = new MemoryState();
    // Two mirrors not ok: two detail replies.
    const diag = seedDiagnosis();
    const other = { ...diag, report: { ...diag.report, mirror: { ...diag.report.mirror, name: 'dc2->confluent' } } };
    const digest = buildDigest([{ mirror: 'svl->confluent', diagnosis: diag }, { mirror: 'dc2->confluent', diagnosis: other }], null, slot, { name: d.name, slot });
    const drafts = renderDigestDetails(digest, new Map([['svl->confluent', diag], ['dc2->confluent', other]]));
    expect(drafts.length).toBe(2);
    // The killed poster posted the digest, recorded it with its thread, and sent reply 0 without recording it.
    const ts = await poster.post(OPS, renderDigest(digest));
    await poster.reply(OPS, ts, { ...drafts[0]!, blocks: [{ ...drafts[0]!.blocks[0]!, block_id: detailMarker(d.name, slot, 0) } as never, ...drafts[0]!.blocks.slice(1)] });
    const at = Date.now() - POST_GRACE_MS;
    await state.put(digestKey(d.name), { slot, last: digest.record, posted: { channel: OPS, ts }, pending: null, thread: { channel: OPS, ts, slot, drafts, sent: 0, at } } satisfies DigestState);

    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state });
    expect(await runScheduledDigest(d, slot, deps)).toBe('already-posted');
    const thread = emu.thread(OPS, ts).slice(1);
    const markers = thread.flatMap((m) => blockIds(m).filter((id) => id.startsWith('mm2-digest-detail:')));
    expect(markers).toEqual([detailMarker(d.name, slot, 0), detailMarker(d.name, slot, 1)]);
    expect(state.get<DigestState>(digestKey(d.name))?.thread).toBeNull();
    expect(deps.logs.some((l) => l.includes('sending 2 detail replies') && l.includes('the previous poster did not send'))).toBe(true);
  });

  it('a live poster records each reply as it goes, and clears the thread when done', async () => {
    const d = digestCfg('0 8 * * *');
    const state = new MemoryState();
    const puts: (DigestState['thread'] | undefined)[] = [];
    const put = state.put.bind(state);
    state.put = async (k, v) => {
      puts.push((v as DigestState).thread);
      return put(k, v);
    };
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state });
    expect(await runScheduledDigest(d, Date.UTC(2026, 0, 6, 8), deps)).toBe('posted');
    const threads = puts.filter((t) => t !== undefined);
    // Recorded with its one reply unsent, then cleared after sending it.
    expect(threads.map((t) => (t ? `${t.sent}/${t.drafts.length}` : 'done'))).toEqual(['0/1', 'done']);
  });
});
