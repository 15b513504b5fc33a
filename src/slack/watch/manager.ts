/**
 * Runs watches: re-diagnoses a mirror every interval until the watch ends, posts in its thread only
 * when the verdict or root cause changes, then a closing summary. State is saved after every
 * check, so a restarted bot resumes each watch where it was (or closes it if it ended meanwhile).
 */
import { randomBytes } from 'node:crypto';
import type { WatchControl, WatchInfo } from '../../runtime/command.ts';
import type { Doctor } from '../../model/diagnosis.ts';
import type { SlackDraft } from '../../render/slack/limits.ts';
import { renderWatchChange, renderWatchEnded } from '../../render/slack/watch.ts';
import { stateOf, watchChange } from '../../monitor/watch.ts';
import type { WatchRecord, WatchStore } from './store.ts';
import { UsageError } from '../../model/diagnosis.ts';

/** What a watch manager needs. */
export interface WatchDeps {
  doctor: Doctor;
  store: WatchStore;
  intervalMs: number;
  /** Posts a message in the watch's thread. */
  post(w: WatchRecord, draft: SlackDraft): Promise<void>;
  logError(error: unknown): void;
  now?: () => number;
  /** Most watches at once (each re-diagnoses a mirror every interval). */
  maxWatches?: number;
}

interface Live {
  rec: WatchRecord;
  timer?: NodeJS.Timeout;
}

/** Starts, resumes, runs and ends watches. */
export class WatchManager {
  private readonly live = new Map<string, Live>();
  private readonly ticks = new Set<Promise<void>>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: WatchDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Loads saved watches and schedules them; ended ones are closed at once. */
  async start(): Promise<void> {
    for (const rec of await this.deps.store.load()) this.live.set(rec.id, { rec });
    for (const l of this.live.values()) this.schedule(l, 0);
  }

  /** Watches running now. */
  list(): WatchRecord[] {
    return [...this.live.values()].map((l) => l.rec);
  }

  /** The watch commands' handle for one thread. */
  control(channel: string, threadTs: string, user: string): WatchControl {
    return {
      start: async ({ mirror, durationMs, baseline }) => {
        for (const l of this.live.values()) {
          if (l.rec.channel === channel && l.rec.threadTs === threadTs && l.rec.mirror === mirror.name) this.drop(l);
        }
        if (this.live.size >= (this.deps.maxWatches ?? 50)) throw new UsageError(`${this.live.size} watches are running, the most this bot allows; stop one with \`watch stop\` in its thread.`);
        const now = this.now();
        const state = stateOf(baseline);
        const rec: WatchRecord = {
          id: randomBytes(6).toString('hex'), channel, threadTs, user, mirror: mirror.name, startedAt: now, endsAt: now + durationMs,
          intervalMs: this.deps.intervalMs, checks: 1, changes: 0, failures: 0, first: state, last: state,
        };
        const l: Live = { rec };
        this.live.set(rec.id, l);
        await this.save();
        this.schedule(l, rec.intervalMs);
        return infoOf(rec);
      },
      stopHere: async () => {
        const here = [...this.live.values()].filter((l) => l.rec.channel === channel && l.rec.threadTs === threadTs);
        for (const l of here) this.drop(l);
        await this.save();
        return here.length;
      },
    };
  }

  /** Stops the timers and waits for checks in flight; watches stay saved and resume on start(). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const l of this.live.values()) clearTimeout(l.timer);
    await Promise.allSettled([...this.ticks]);
    await this.save();
  }

  private drop(l: Live): void {
    clearTimeout(l.timer);
    this.live.delete(l.rec.id);
  }

  private save(): Promise<void> {
    return this.deps.store.save(this.list());
  }

  private schedule(l: Live, delayMs: number): void {
    if (this.stopped || !this.live.has(l.rec.id)) return;
    const wait = Math.max(0, Math.min(delayMs, l.rec.endsAt - this.now()));
    l.timer = setTimeout(() => {
      const t = this.tick(l).catch((e: unknown) => this.deps.logError(e));
      this.ticks.add(t);
      void t.finally(() => this.ticks.delete(t));
    }, wait);
    l.timer.unref();
  }

  private async tick(l: Live): Promise<void> {
    if (this.stopped || !this.live.has(l.rec.id)) return;
    const rec = l.rec;
    if (this.now() >= rec.endsAt) return this.finish(l);
    try {
      const d = await this.deps.doctor.diagnose(rec.mirror);
      const next = stateOf(d);
      rec.checks += 1;
      if (watchChange(rec.last, next)) {
        rec.changes += 1;
        const draft = renderWatchChange(rec.mirror, rec.last, next, d);
        rec.last = next;
        await this.deps.post(rec, draft);
      }
    } catch (error) {
      rec.failures += 1;
      this.deps.logError(error);
    }
    if (!this.live.has(rec.id)) return;
    await this.save();
    this.schedule(l, rec.intervalMs);
  }

  private async finish(l: Live): Promise<void> {
    this.drop(l);
    await this.save();
    await this.deps.post(l.rec, renderWatchEnded(l.rec, Math.min(this.now(), Math.max(l.rec.endsAt, l.rec.startedAt)), 'expired'));
  }
}

function infoOf(r: WatchRecord): WatchInfo {
  return { id: r.id, mirror: r.mirror, startedAt: r.startedAt, endsAt: r.endsAt, intervalMs: r.intervalMs };
}
