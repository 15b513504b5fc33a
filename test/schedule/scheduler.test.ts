/**
 * The node-cron adapter with a cron of every second (no fake timers: node-cron runs on its own
 * clock): digests come once per slot, at the slot, `on-change` stays quiet, and a replica that
 * becomes the poster posts the slot its predecessor missed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DigestConfig } from '../../src/schedule/config.ts';
import type { DigestOutcome } from '../../src/schedule/digest-job.ts';
import { digestMarker } from '../../src/render/slack/digest.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import type { Poster } from '../../src/schedule/poster.ts';
import type { SlackEmulator } from '../slack-emulator/index.ts';
import { healthyDiagnosis, seedDiagnosis } from '../slack/fake-doctor.ts';
import { blockIds, blockText, jobDeps, startSlack, SwitchDoctor, TestLeadership } from './helpers.ts';

let emu: SlackEmulator;
let poster: Poster;
beforeAll(async () => ({ emu, poster } = await startSlack()));
afterAll(() => emu.stop());

const EVERY_SECOND = '* * * * * *';
const runs: { name: string; slot: number; outcome: DigestOutcome | 'failed' | 'not-elected' }[] = [];

function digest(name: string, mode: DigestConfig['mode'] = 'always'): DigestConfig {
  return { name, channel: emu.channelId('mm2-ops'), cron: EVERY_SECOND, timezone: 'Europe/Berlin', mirrors: ['svl->confluent'], mode };
}

const slotOf = (name: string) => (id: string) => Number(id.slice(`mm2-digest:${name}:`.length));
function postedSlots(name: string): number[] {
  return emu.messages('mm2-ops').flatMap((m) => blockIds(m).filter((id) => id.startsWith(`mm2-digest:${name}:`)).map(slotOf(name)));
}

function scheduler(d: DigestConfig, deps: ReturnType<typeof jobDeps>, catchUpMs = 60_000): Scheduler {
  return new Scheduler({ digests: [d], deps, catchUpMs, onDigest: (name, slot, outcome) => runs.push({ name, slot, outcome }) });
}

it('posts each slot once, on time, with the slot in its marker', async () => {
  const d = digest('every-second');
  const s = scheduler(d, jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster));
  s.start();
  try {
    await emu.waitFor(() => postedSlots(d.name).length >= 3, 10_000);
  } finally {
    await s.stop();
  }
  const slots = postedSlots(d.name);
  expect(new Set(slots).size).toBe(slots.length);
  expect(slots.every((x) => x % 1000 === 0)).toBe(true);
  // Consecutive seconds: none skipped, none doubled.
  expect(slots.slice(1).map((x, i) => x - slots[i]!)).toEqual(slots.slice(1).map(() => 1000));
  // On time: each message's ts (Slack's clock is the emulator's) within 2 s of its slot.
  for (const m of emu.messages('mm2-ops').filter((x) => blockIds(x).some((id) => id.startsWith(`mm2-digest:${d.name}:`)))) {
    const slot = slotOf(d.name)(blockIds(m).find((id) => id.startsWith('mm2-digest:'))!);
    expect(Number(m.ts) * 1000 - slot).toBeLessThan(2000);
    expect(blockText(m)).toContain('critical: No consumer group');
  }
});

it('on-change posts the first digest and then stays quiet while nothing changes', async () => {
  const d = digest('quiet', 'on-change');
  const s = scheduler(d, jobDeps(new SwitchDoctor(healthyDiagnosis()).doctor, poster));
  s.start();
  try {
    await emu.waitFor(() => runs.filter((r) => r.name === d.name && r.outcome === 'quiet').length >= 2, 10_000);
  } finally {
    await s.stop();
  }
  expect(postedSlots(d.name)).toHaveLength(1);
  expect(runs.filter((r) => r.name === d.name).map((r) => r.outcome).slice(0, 3)).toEqual(['posted', 'quiet', 'quiet']);
});

it('a replica that becomes the poster posts the newest slot it saw missed, standing for the older ones', async () => {
  const d = digest('takeover');
  const leader = new TestLeadership(false);
  const s = scheduler(d, jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { leadership: leader }));
  s.start();
  try {
    // Two slots pass while another (dead) replica holds the role.
    await emu.waitFor(() => runs.filter((r) => r.name === d.name && r.outcome === 'not-elected').length === 2, 10_000);
    expect(postedSlots(d.name)).toEqual([]);
    leader.flag.set(true);
    await emu.waitFor(() => postedSlots(d.name).length >= 2, 10_000);
  } finally {
    await s.stop();
  }
  const [late, next] = postedSlots(d.name) as [number, number];
  expect(next - late).toBe(1000);
  const first = emu.messages('mm2-ops').find((m) => blockIds(m).includes(digestMarker(d.name, late)))!;
  expect(blockText(first)).toContain('missed while the poster changed');
  expect(blockText(first)).toContain(new Date(late - 1000).toISOString().replace('.000Z', 'Z'));
});
