/**
 * Running one digest: diagnose its mirrors, build it against the last posted digest, and post it
 * once. The state record is written before posting (`pending`) and after (`slot`, `last`), so a
 * poster that dies in between leaves enough for the next one to look for the message's marker
 * instead of posting it a second time. The thread's detail replies are kept in the state until
 * sent (`thread`), so the next poster sends the ones a killed poster did not, each once (a reply
 * carries a marker the next poster looks for in the thread first).
 */
import type { Diagnosis } from '../model/diagnosis.ts';
import type { DigestConfig } from './config.ts';
import { buildDigest, type Digest, type DigestRecord, type DigestResult } from '../monitor/digest.ts';
import { waitOutGrace, type JobDeps } from './jobs.ts';
import { diagnoseEach } from '../monitor/loop.ts';
import { digestMarker, renderDigest, renderDigestDetails } from '../render/slack/digest.ts';
import type { SlackDraft } from '../render/slack/limits.ts';
import type { SlotsBetween } from './slots.ts';

/** A digest's shared state, key `digest:<name>`. */
export interface DigestState {
  /** The newest scheduled slot handled: posted, or found quiet (`on-change`). */
  slot: number;
  /** The last posted digest: what the next one compares with. */
  last: DigestRecord | null;
  posted: { channel: string; ts: string } | null;
  /** Set while a post is under way. */
  pending: { slot: number; record: DigestRecord; startedAt: number } | null;
  /** The posted digest's detail replies, until all are sent; `sent` counts those known sent. */
  thread?: { channel: string; ts: string; slot: number; drafts: SlackDraft[]; sent: number; at: number } | null;
}

/** What a scheduled run did. */
export type DigestOutcome = 'posted' | 'quiet' | 'already-posted' | 'not-leader';

// Slack's clock and ours differ a little; look this much before the post for its marker.
const CLOCK_SLACK_MS = 60_000;

/** The state key of a digest. */
export const digestKey = (name: string): string => `digest:${name}`;

/** The block_id that marks detail reply `i` of a digest's thread. */
export function detailMarker(name: string, slot: number, i: number): string {
  return `mm2-digest-detail:${name}:${slot}:${i}`.slice(0, 255);
}

/** A detail draft with its marker on the first block (the block every part of it keeps first). */
function marked(draft: SlackDraft, marker: string): SlackDraft {
  const [first, ...rest] = draft.blocks;
  return first ? { ...draft, blocks: [{ ...first, block_id: marker } as typeof first, ...rest] } : draft;
}

/**
 * Sends the detail replies of `s.thread` from `s.thread.sent` on, recording each, then clears it.
 * `check`: look for each reply's marker in the thread first (another poster may have sent it and
 * died before recording it).
 */
async function sendDetails(cfg: DigestConfig, s: DigestState, deps: JobDeps, check: boolean): Promise<DigestState> {
  const key = digestKey(cfg.name);
  const t = s.thread;
  if (!t) return s;
  let state = s;
  for (let i = t.sent; i < t.drafts.length; i++) {
    const marker = detailMarker(cfg.name, t.slot, i);
    const there = check && (await deps.poster.findReply(t.channel, t.ts, marker).catch(() => false));
    if (!there) {
      try {
        await deps.poster.reply(t.channel, t.ts, marked(t.drafts[i]!, marker));
      } catch (e) {
        deps.log.warn(`digest ${cfg.name}: a detail reply failed: ${String(e)}`, { schedule: cfg.name, slot: new Date(t.slot).toISOString() });
      }
    }
    state = { ...state, thread: i + 1 < t.drafts.length ? { ...t, sent: i + 1, at: deps.now() } : null };
    await deps.state.put(key, state);
  }
  return state;
}

/** Diagnoses the digest's mirrors and builds it against `previous`. */
export async function buildFor(cfg: DigestConfig, previous: DigestRecord | null, slot: number, deps: JobDeps): Promise<{ digest: Digest; diagnoses: Map<string, Diagnosis> }> {
  const diagnoses = new Map<string, Diagnosis>();
  const results = (await diagnoseEach(deps.doctor, cfg.mirrors, { now: deps.now })).map((r): DigestResult => {
    if (!r.ok) return { mirror: r.mirror, error: `internal error (ref ${deps.errorRef(r.error)})` };
    diagnoses.set(r.mirror, r.diagnosis);
    return { mirror: r.mirror, diagnosis: r.diagnosis };
  });
  return { digest: buildDigest(results, previous, deps.now(), { name: cfg.name, slot }), diagnoses };
}

/**
 * The digest's state, fresh from the shared store. A post another replica left half done is
 * settled first: after a grace period (it may still be under way), by looking for its marker.
 */
async function current(cfg: DigestConfig, deps: JobDeps): Promise<DigestState> {
  const key = digestKey(cfg.name);
  await deps.state.refresh();
  let s = deps.state.get<DigestState>(key) ?? { slot: 0, last: null, posted: null, pending: null };
  if (!s.pending) return finishThread(cfg, s, deps);
  await waitOutGrace(s.pending.startedAt, deps);
  await deps.state.refresh();
  s = deps.state.get<DigestState>(key) ?? s;
  const p = s.pending;
  if (!p) return s;
  const ts = await deps.poster.findMarker(cfg.channel, digestMarker(cfg.name, p.slot), p.startedAt - CLOCK_SLACK_MS);
  const next: DigestState = ts ? { slot: Math.max(s.slot, p.slot), last: p.record, posted: { channel: cfg.channel, ts }, pending: null } : { ...s, pending: null };
  deps.log.info(`digest ${cfg.name}: the post for ${new Date(p.slot).toISOString()} was ${ts ? 'found' : 'not found'} in the channel after a poster change`, { schedule: cfg.name, slot: new Date(p.slot).toISOString() });
  await deps.state.put(key, next);
  return next;
}

/** Detail replies another poster left unsent: after the grace (it may still be sending), sent once. */
async function finishThread(cfg: DigestConfig, s: DigestState, deps: JobDeps): Promise<DigestState> {
  if (!s.thread) return s;
  await waitOutGrace(s.thread.at, deps);
  await deps.state.refresh();
  const fresh = deps.state.get<DigestState>(digestKey(cfg.name)) ?? s;
  if (!fresh.thread) return fresh;
  const left = fresh.thread.drafts.length - fresh.thread.sent;
  deps.log.info(`digest ${cfg.name}: sending ${left} detail repl${left === 1 ? 'y' : 'ies'} of ${new Date(fresh.thread.slot).toISOString()} the previous poster did not send`, { schedule: cfg.name, slot: new Date(fresh.thread.slot).toISOString() });
  return sendDetails(cfg, fresh, deps, true);
}

/** Settles what another poster left half done (a post, detail replies); run on gaining the role. */
export async function settleDigest(cfg: DigestConfig, deps: JobDeps): Promise<DigestState> {
  return current(cfg, deps);
}

/** How a scheduled run knows about slots nobody handled. */
export interface ScheduledRunOptions {
  /** The schedule's slots between two instants: the slots since the last handled one are named as covered. */
  between?: SlotsBetween;
  /** With no slot handled yet, slots before this instant are not counted (the process's start). */
  floor?: number;
  /** A slot posted after its time by a poster catching up. */
  late?: boolean;
}

/**
 * Runs the digest scheduled for `slot` (ms), once across replicas: a slot already handled is
 * skipped, and the post happens only after the leader confirmed it still is the leader.
 */
export async function runScheduledDigest(cfg: DigestConfig, slot: number, deps: JobDeps, opts: ScheduledRunOptions = {}): Promise<DigestOutcome> {
  const key = digestKey(cfg.name);
  const before = await current(cfg, deps);
  if (before.slot >= slot) return 'already-posted';
  const { digest, diagnoses } = await buildFor(cfg, before.last, slot, deps);
  if (!(await deps.leadership.confirm())) return 'not-leader';
  // Diagnosing takes seconds; a poster that lost the role meanwhile may have handled the slot.
  const s = await current(cfg, deps);
  if (s.slot >= slot) return 'already-posted';
  if (cfg.mode === 'on-change' && s.last && !digest.changed) {
    await deps.state.put(key, { ...s, slot } satisfies DigestState);
    return 'quiet';
  }
  await deps.state.put(key, { ...s, pending: { slot, record: digest.record, startedAt: deps.now() } } satisfies DigestState);
  const since = s.slot > 0 ? s.slot : opts.floor;
  const missed = opts.between && since !== undefined ? opts.between(since, slot - 1) : { slots: [], more: false };
  const late = opts.late ? deps.now() : undefined;
  const ts = await deps.poster.post(cfg.channel, renderDigest(digest, { covers: missed.slots, coversMore: missed.more, ...(late !== undefined && { late }) }));
  const drafts = renderDigestDetails(digest, diagnoses);
  const posted: DigestState = { slot, last: digest.record, posted: { channel: cfg.channel, ts }, pending: null, thread: drafts.length > 0 ? { channel: cfg.channel, ts, slot, drafts, sent: 0, at: deps.now() } : null };
  await deps.state.put(key, posted);
  deps.log.info(`digest ${cfg.name} posted for ${new Date(slot).toISOString()}${late !== undefined ? ' (late)' : ''}${missed.slots.length > 0 ? `, standing for ${missed.slots.length}${missed.more ? '+' : ''} missed slot(s)` : ''}`, {
    schedule: cfg.name,
    slot: new Date(slot).toISOString(),
    late: late !== undefined,
    covers: missed.slots.length,
    channel: cfg.channel,
    ts,
  });
  await sendDetails(cfg, posted, deps, false);
  return 'posted';
}

/** Builds the digest now, compared with the last scheduled one, without posting or recording it. */
export async function previewDigest(cfg: DigestConfig, deps: JobDeps): Promise<{ digest: Digest; diagnoses: Map<string, Diagnosis> }> {
  await deps.state.refresh();
  const s = deps.state.get<DigestState>(digestKey(cfg.name));
  return buildFor(cfg, s?.last ?? null, deps.now(), deps);
}

/**
 * Posts the digest now (`/mm2 digest now`), details in its thread. It compares with the last
 * scheduled digest and does not replace it as the baseline: the schedule's own comparison stays
 * "since the last scheduled digest".
 */
export async function postDigestNow(cfg: DigestConfig, deps: JobDeps): Promise<{ digest: Digest; channel: string; ts: string }> {
  const { digest, diagnoses } = await previewDigest(cfg, deps);
  const ts = await deps.poster.post(cfg.channel, renderDigest(digest, { onRequest: true }));
  for (const detail of renderDigestDetails(digest, diagnoses)) await deps.poster.reply(cfg.channel, ts, detail);
  return { digest, channel: cfg.channel, ts };
}
