/**
 * Running one digest: diagnose its mirrors, build it against the last posted digest, and post it
 * once. The state record is written before posting (`pending`) and after (`slot`, `last`), so a
 * poster that dies in between leaves enough for the next one to look for the message's marker
 * instead of posting it a second time.
 */
import type { Diagnosis } from '../model/diagnosis.ts';
import type { DigestConfig } from './config.ts';
import { buildDigest, type Digest, type DigestRecord, type DigestResult } from '../monitor/digest.ts';
import { waitOutGrace, type JobDeps } from './jobs.ts';
import { diagnoseEach } from '../monitor/loop.ts';
import { digestMarker, renderDigest, renderDigestDetails } from '../render/slack/digest.ts';

/** A digest's shared state, key `digest:<name>`. */
export interface DigestState {
  /** The newest scheduled slot handled: posted, or found quiet (`on-change`). */
  slot: number;
  /** The last posted digest: what the next one compares with. */
  last: DigestRecord | null;
  posted: { channel: string; ts: string } | null;
  /** Set while a post is under way. */
  pending: { slot: number; record: DigestRecord; startedAt: number } | null;
}

/** What a scheduled run did. */
export type DigestOutcome = 'posted' | 'quiet' | 'already-posted' | 'not-leader';

// Slack's clock and ours differ a little; look this much before the post for its marker.
const CLOCK_SLACK_MS = 60_000;

/** The state key of a digest. */
export const digestKey = (name: string): string => `digest:${name}`;

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
  if (!s.pending) return s;
  await waitOutGrace(s.pending.startedAt, deps);
  await deps.state.refresh();
  s = deps.state.get<DigestState>(key) ?? s;
  const p = s.pending;
  if (!p) return s;
  const ts = await deps.poster.findMarker(cfg.channel, digestMarker(cfg.name, p.slot), p.startedAt - CLOCK_SLACK_MS);
  const next: DigestState = ts ? { slot: Math.max(s.slot, p.slot), last: p.record, posted: { channel: cfg.channel, ts }, pending: null } : { ...s, pending: null };
  deps.log.info(`digest ${cfg.name}: the post for ${new Date(p.slot).toISOString()} was ${ts ? 'found' : 'not found'} in the channel after a poster change`);
  await deps.state.put(key, next);
  return next;
}

/**
 * Runs the digest scheduled for `slot` (ms), once across replicas: a slot already handled is
 * skipped, and the post happens only after the leader confirmed it still is the leader.
 */
export async function runScheduledDigest(cfg: DigestConfig, slot: number, deps: JobDeps, opts: { covers?: number[] } = {}): Promise<DigestOutcome> {
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
  const covers = (opts.covers ?? []).filter((c) => c > s.slot && c < slot);
  const ts = await deps.poster.post(cfg.channel, renderDigest(digest, { covers }));
  await deps.state.put(key, { slot, last: digest.record, posted: { channel: cfg.channel, ts }, pending: null } satisfies DigestState);
  for (const detail of renderDigestDetails(digest, diagnoses)) {
    await deps.poster.reply(cfg.channel, ts, detail).catch((e: unknown) => deps.log.warn(`digest ${cfg.name}: a detail reply failed: ${String(e)}`));
  }
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
