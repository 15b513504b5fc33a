/**
 * Runs watches: one monitor (src/monitor/loop.ts) re-diagnoses every watched mirror each interval;
 * each watch posts in its thread only when the verdict or root cause changes, and a closing
 * summary when it ends. State is saved after every check, so a restarted bot resumes each watch
 * where it was (or closes it if it ended meanwhile).
 */
import { randomBytes } from 'node:crypto';
import type { WatchControl, WatchInfo } from '../../runtime/command.ts';
import { UsageError, type Doctor } from '../../model/diagnosis.ts';
import { Monitor, type MonitorResult } from '../../monitor/loop.ts';
import { stateOf, watchChange } from '../../monitor/watch.ts';
import type { SlackDraft } from '../../render/slack/limits.ts';
import { renderWatchChange, renderWatchEnded } from '../../render/slack/watch.ts';
import type { WatchRecord, WatchStore } from './store.ts';

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

/** Starts, resumes, runs and ends watches. */
export class WatchManager {
  private readonly live = new Map<string, WatchRecord>();
  private readonly monitor: Monitor;
  private readonly now: () => number;

  constructor(private readonly deps: WatchDeps) {
    this.now = deps.now ?? Date.now;
    this.monitor = new Monitor({
      doctor: deps.doctor,
      intervalMs: deps.intervalMs,
      now: this.now,
      // Resumed watches are checked (or closed, when they ended meanwhile) at once.
      immediate: true,
      round: () => this.round(),
      consume: (r) => this.observe(r),
      onError: (e) => deps.logError(e),
    });
  }

  /** Loads saved watches and starts checking them; ended ones are closed at once. */
  async start(): Promise<void> {
    for (const rec of await this.deps.store.load()) this.live.set(rec.id, rec);
    this.monitor.start();
  }

  /** Watches running now. */
  list(): WatchRecord[] {
    return [...this.live.values()];
  }

  /** The watch commands' handle for one thread. */
  control(channel: string, threadTs: string, user: string): WatchControl {
    return {
      start: async ({ mirror, durationMs, baseline }) => {
        for (const w of this.live.values()) {
          if (w.channel === channel && w.threadTs === threadTs && w.mirror === mirror.name) this.live.delete(w.id);
        }
        if (this.live.size >= (this.deps.maxWatches ?? 50)) throw new UsageError(`${this.live.size} watches are running, the most this bot allows; stop one with \`watch stop\` in its thread.`);
        const now = this.now();
        const state = stateOf(baseline);
        const rec: WatchRecord = {
          id: randomBytes(6).toString('hex'), channel, threadTs, user, mirror: mirror.name, startedAt: now, endsAt: now + durationMs,
          intervalMs: this.deps.intervalMs, checks: 1, changes: 0, failures: 0, first: state, last: state,
        };
        this.live.set(rec.id, rec);
        await this.save();
        return infoOf(rec);
      },
      stopHere: async () => {
        const here = this.list().filter((w) => w.channel === channel && w.threadTs === threadTs);
        for (const w of here) this.live.delete(w.id);
        await this.save();
        return here.length;
      },
    };
  }

  /** Stops checking and waits for the round in flight; watches stay saved and resume on start(). */
  async stop(): Promise<void> {
    await this.monitor.stop();
    await this.save();
  }

  private save(): Promise<void> {
    return this.deps.store.save(this.list());
  }

  /** Closes the watches that ended; the mirrors of the others are the round. */
  private async round(): Promise<string[]> {
    for (const w of this.list()) {
      if (this.now() >= w.endsAt) await this.finish(w).catch((e: unknown) => this.deps.logError(e));
    }
    return [...new Set(this.list().map((w) => w.mirror))];
  }

  /** One re-diagnosis, for every watch of its mirror: counted, and posted where it changed something. */
  private async observe(r: MonitorResult): Promise<void> {
    const watches = this.list().filter((w) => w.mirror === r.mirror);
    if (watches.length === 0) return;
    if (!r.ok) this.deps.logError(r.error);
    for (const w of watches) {
      if (!r.ok) {
        w.failures += 1;
        continue;
      }
      const next = stateOf(r.diagnosis);
      w.checks += 1;
      if (!watchChange(w.last, next)) continue;
      w.changes += 1;
      const draft = renderWatchChange(w.mirror, w.last, next, r.diagnosis);
      w.last = next;
      await this.deps.post(w, draft).catch((error: unknown) => {
        w.failures += 1;
        this.deps.logError(error);
      });
    }
    await this.save();
  }

  private async finish(w: WatchRecord): Promise<void> {
    this.live.delete(w.id);
    await this.save();
    await this.deps.post(w, renderWatchEnded(w, Math.min(this.now(), Math.max(w.endsAt, w.startedAt)), 'expired'));
  }
}

function infoOf(r: WatchRecord): WatchInfo {
  return { id: r.id, mirror: r.mirror, startedAt: r.startedAt, endsAt: r.endsAt, intervalMs: r.intervalMs };
}
