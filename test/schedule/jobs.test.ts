/**
 * The digest and alert jobs against the Slack emulator, through the real poster (Web API client,
 * Block Kit fitting, chat.update, conversations.history), with memory state and a test leader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryState } from '../../src/coordination/state.ts';
import { alertKey, checkMirror } from '../../src/schedule/alert-job.ts';
import type { AlertsConfig, DigestConfig } from '../../src/schedule/config.ts';
import { digestKey, postDigestNow, runScheduledDigest, type DigestState } from '../../src/schedule/digest-job.ts';
import type { AlertState } from '../../src/monitor/incident.ts';
import { digestMarker, renderDigest } from '../../src/render/slack/digest.ts';
import { buildDigest } from '../../src/monitor/digest.ts';
import type { Poster } from '../../src/schedule/poster.ts';
import { POST_GRACE_MS } from '../../src/schedule/jobs.ts';
import type { SlackEmulator } from '../slack-emulator/index.ts';
import { fixHealthyFacts, withCheckpointConnector } from '../fixtures/facts.ts';
import { diagnosisOf, healthyDiagnosis, seedDiagnosis } from '../slack/fake-doctor.ts';
import { blockIds, blockText, jobDeps, startSlack, SwitchDoctor, TestLeadership } from './helpers.ts';

let emu: SlackEmulator;
let poster: Poster;
let OPS: string;
let ALERTS: string;
beforeAll(async () => {
  ({ emu, poster } = await startSlack());
  OPS = emu.channelId('mm2-ops');
  ALERTS = emu.channelId('kafka-alerts');
});
afterAll(() => emu.stop());

const S1 = Date.UTC(2025, 5, 2, 8, 0, 0);
const DAY = 86_400_000;
let seq = 0;
function digestCfg(mode: DigestConfig['mode'] = 'always'): DigestConfig {
  return { name: `d${seq++}`, channel: OPS, cron: '0 8 * * *', timezone: 'UTC', mirrors: ['svl->confluent'], mode };
}
const postsOf = (name: string) => emu.messages(OPS).filter((m) => blockIds(m).some((id) => id.startsWith(`mm2-digest:${name}:`)));

describe('runScheduledDigest', () => {
  it('posts one message for a slot, its details in the thread, and skips the slot when run again', async () => {
    const cfg = digestCfg();
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster);
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('posted');
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('already-posted');
    const posts = postsOf(cfg.name);
    expect(posts).toHaveLength(1);
    expect(blockIds(posts[0]!)).toContain(digestMarker(cfg.name, S1));
    expect(blockText(posts[0]!)).toContain('critical: No consumer group');
    const thread = emu.thread(OPS, posts[0]!.ts);
    expect(thread.length).toBeGreaterThan(1);
    expect(blockText(thread[1]!)).toContain('no-consumer-groups');
    expect(deps.state.get<DigestState>(digestKey(cfg.name))).toMatchObject({ slot: S1, pending: null, posted: { channel: OPS, ts: posts[0]!.ts } });
  });

  it('on-change stays quiet while nothing changed and posts when something did, saying what', async () => {
    const cfg = digestCfg('on-change');
    const sw = new SwitchDoctor(healthyDiagnosis());
    const deps = jobDeps(sw.doctor, poster);
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('posted');
    expect(await runScheduledDigest(cfg, S1 + DAY, deps)).toBe('quiet');
    expect(await runScheduledDigest(cfg, S1 + 2 * DAY, deps)).toBe('quiet');
    expect(postsOf(cfg.name)).toHaveLength(1);
    sw.current = diagnosisOf(withCheckpointConnector(fixHealthyFacts(), { state: 'FAILED' }));
    expect(await runScheduledDigest(cfg, S1 + 3 * DAY, deps)).toBe('posted');
    const posts = postsOf(cfg.name);
    expect(posts).toHaveLength(2);
    expect(blockText(posts[1]!)).toContain('checkpoint connector RUNNING → FAILED');
    // A quiet slot is handled: a new poster will not post it late.
    expect(await runScheduledDigest(cfg, S1 + 2 * DAY, deps)).toBe('already-posted');
  });

  it('always mode posts every slot even when nothing changed', async () => {
    const cfg = digestCfg('always');
    const deps = jobDeps(new SwitchDoctor(healthyDiagnosis()).doctor, poster);
    for (const s of [S1, S1 + DAY, S1 + 2 * DAY]) expect(await runScheduledDigest(cfg, s, deps)).toBe('posted');
    expect(postsOf(cfg.name).map((m) => blockIds(m)[0])).toEqual([S1, S1 + DAY, S1 + 2 * DAY].map((s) => digestMarker(cfg.name, s)));
  });

  it('does not post when the leader cannot confirm it still leads', async () => {
    const cfg = digestCfg();
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { leadership: new TestLeadership(false) });
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('not-leader');
    expect(postsOf(cfg.name)).toHaveLength(0);
    expect(deps.state.get(digestKey(cfg.name))).toBeUndefined();
  });

  it('after a poster died between posting and recording, finds the post by its marker instead of posting again', async () => {
    const cfg = digestCfg();
    const state = new MemoryState();
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state });
    const digest = buildDigest([{ mirror: 'svl->confluent', diagnosis: seedDiagnosis() }], null, Date.now(), { name: cfg.name, slot: S1 });
    // What the dead poster left: the pending record, and the message it managed to post.
    await state.put(digestKey(cfg.name), { slot: 0, last: null, posted: null, pending: { slot: S1, record: digest.record, startedAt: Date.now() - POST_GRACE_MS } } satisfies DigestState);
    const ts = await poster.post(OPS, renderDigest(digest));
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('already-posted');
    expect(postsOf(cfg.name)).toHaveLength(1);
    expect(state.get<DigestState>(digestKey(cfg.name))).toMatchObject({ slot: S1, posted: { ts }, pending: null, last: { slot: S1 } });
  });

  it('after a poster died before posting, posts the slot', async () => {
    const cfg = digestCfg();
    const state = new MemoryState();
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state });
    const digest = buildDigest([{ mirror: 'svl->confluent', diagnosis: seedDiagnosis() }], null, Date.now(), { name: cfg.name, slot: S1 });
    await state.put(digestKey(cfg.name), { slot: 0, last: null, posted: null, pending: { slot: S1, record: digest.record, startedAt: Date.now() - POST_GRACE_MS } } satisfies DigestState);
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('posted');
    expect(postsOf(cfg.name)).toHaveLength(1);
  });

  it('waits out a post another replica has under way instead of posting the slot a second time', async () => {
    const cfg = digestCfg();
    const state = new MemoryState();
    let now = Date.now();
    const slept: number[] = [];
    const digest = buildDigest([{ mirror: 'svl->confluent', diagnosis: seedDiagnosis() }], null, now, { name: cfg.name, slot: S1 });
    await state.put(digestKey(cfg.name), { slot: 0, last: null, posted: null, pending: { slot: S1, record: digest.record, startedAt: now } } satisfies DigestState);
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { state, now: () => now });
    deps.sleep = async (ms) => {
      slept.push(ms);
      // Meanwhile the other replica finishes its post and records it.
      await state.put(digestKey(cfg.name), { slot: S1, last: digest.record, posted: { channel: OPS, ts: '1.000001' }, pending: null } satisfies DigestState);
      now += ms;
    };
    expect(await runScheduledDigest(cfg, S1, deps)).toBe('already-posted');
    expect(slept).toEqual([POST_GRACE_MS]);
    expect(postsOf(cfg.name)).toHaveLength(0);
  });

  it('digest now posts on request without moving the schedule\'s baseline', async () => {
    const cfg = digestCfg();
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster);
    await runScheduledDigest(cfg, S1, deps);
    const before = deps.state.get<DigestState>(digestKey(cfg.name));
    const { ts } = await postDigestNow(cfg, deps);
    expect(emu.messages(OPS).find((m) => m.ts === ts)?.text).toContain('MM2 digest');
    expect(deps.state.get<DigestState>(digestKey(cfg.name))).toEqual(before);
  });
});

describe('checkMirror (alerts)', () => {
  const cfg: AlertsConfig = { intervalSeconds: 60, renotifyMinutes: 60, threshold: 'warning', routes: [], channels: {} };
  const mirror = 'svl->confluent';

  it('opens one alert, updates it in its thread and in place, and resolves it', async () => {
    const sw = new SwitchDoctor(healthyDiagnosis());
    let now = Date.now();
    const deps = jobDeps(sw.doctor, poster, { now: () => now });
    const before = emu.messages(ALERTS).length;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual([]);
    sw.current = seedDiagnosis();
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual(['open']);
    now += 60_000;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual([]);
    sw.current = diagnosisOf(withCheckpointConnector(fixHealthyFacts(), { state: 'FAILED' }));
    now += 60_000;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual(['update']);
    sw.current = healthyDiagnosis();
    now += 60_000;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual(['resolve']);

    const alerts = emu.messages(ALERTS).slice(before);
    expect(alerts).toHaveLength(1);
    const id = /INC-[0-9A-Z]{6}/.exec(alerts[0]!.text)![0];
    // Updated in place twice: the update, then the resolution.
    expect(alerts[0]!.history).toHaveLength(2);
    expect(alerts[0]!.text).toBe(`${id} svl-&gt;confluent: resolved`);
    expect(alerts[0]!.history[0]!.text).toContain(`${id} svl-&gt;confluent: critical — No consumer group`);
    const replies = emu.thread(ALERTS, alerts[0]!.ts).slice(1).map((m) => blockText(m));
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('root cause changed');
    expect(replies[1]).toContain(`*${id}* resolved`);
    expect(deps.state.get<AlertState>(alertKey(mirror))).toMatchObject({ lastVerdict: 'ok', incident: null });
  });

  it('never opens a second alert for an incident when the poster changes', async () => {
    const sw = new SwitchDoctor(seedDiagnosis());
    const state = new MemoryState();
    const a = jobDeps(sw.doctor, poster, { state });
    const b = jobDeps(sw.doctor, poster, { state });
    const before = emu.messages(ALERTS).length;
    expect(await checkMirror(mirror, ALERTS, cfg, a)).toEqual(['open']);
    // Replica b takes over with the shared state.
    expect(await checkMirror(mirror, ALERTS, cfg, b)).toEqual([]);
    sw.current = healthyDiagnosis();
    expect(await checkMirror(mirror, ALERTS, cfg, b)).toEqual(['resolve']);
    const alerts = emu.messages(ALERTS).slice(before);
    expect(alerts).toHaveLength(1);
    expect(emu.thread(ALERTS, alerts[0]!.ts)).toHaveLength(2);
  });

  it('finds an alert a dead poster posted but did not record, instead of alerting again', async () => {
    const sw = new SwitchDoctor(seedDiagnosis());
    const state = new MemoryState();
    const a = jobDeps(sw.doctor, poster, { state });
    const before = emu.messages(ALERTS).length;
    // Poster a dies after posting the alert, before recording it as open.
    const crashing: Poster = { ...poster, post: async (ch, d) => (await poster.post(ch, d), Promise.reject(new Error('killed'))) };
    await expect(checkMirror(mirror, ALERTS, cfg, { ...a, poster: crashing })).rejects.toThrow('killed');
    expect(state.get<AlertState>(alertKey(mirror))?.incident?.status).toBe('opening');
    // The next poster looks once the grace for a post under way has passed.
    const b = jobDeps(sw.doctor, poster, { state, now: () => Date.now() + POST_GRACE_MS });
    expect(await checkMirror(mirror, ALERTS, cfg, b)).toEqual([]);
    expect(emu.messages(ALERTS).slice(before)).toHaveLength(1);
    expect(state.get<AlertState>(alertKey(mirror))?.incident).toMatchObject({ status: 'open', ts: emu.messages(ALERTS).at(-1)!.ts });
  });

  it('reminds in the thread after the re-notify interval', async () => {
    const sw = new SwitchDoctor(seedDiagnosis());
    let now = Date.now();
    const deps = jobDeps(sw.doctor, poster, { now: () => now });
    await checkMirror(mirror, ALERTS, cfg, deps);
    now += 59 * 60_000;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual([]);
    now += 60_000;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual(['remind']);
    const alert = emu.messages(ALERTS).at(-1)!;
    expect(blockText(emu.thread(ALERTS, alert.ts).at(-1)!)).toContain('still critical after 1h');
  });

  it('does not post when leadership is lost', async () => {
    const deps = jobDeps(new SwitchDoctor(seedDiagnosis()).doctor, poster, { leadership: new TestLeadership(false) });
    const before = emu.messages(ALERTS).length;
    expect(await checkMirror(mirror, ALERTS, cfg, deps)).toEqual([]);
    expect(emu.messages(ALERTS)).toHaveLength(before);
  });
});
