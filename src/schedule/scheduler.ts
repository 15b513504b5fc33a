/**
 * The node-cron adapter, thin: one cron task per digest on every replica, with node-cron's own
 * run coordinator asking the Kafka election whether this replica posts. A replica that was not the
 * poster at a slot remembers the slot; when it becomes the poster (its predecessor died between
 * two slots) it posts the newest slot the old poster did not, within the catch-up window. Alerts
 * run on an interval, on the poster only.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { AlertsConfig, DigestConfig } from './config.ts';
import type { Monitor } from '../monitor/loop.ts';
import { alertMonitor } from './alert-job.ts';
import { runScheduledDigest, type DigestOutcome } from './digest-job.ts';
import type { JobDeps } from './jobs.ts';

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  digests: readonly DigestConfig[];
  alerts?: AlertsConfig | undefined;
  deps: JobDeps;
  /** Deps of the alert rounds (their Doctor records origin `alert`); default `deps`. */
  alertDeps?: JobDeps;
  /** How late a missed slot may still be posted by a new poster (ms); 0 = never. */
  catchUpMs: number;
  /** Overrides `alerts.intervalSeconds` (tests). */
  alertIntervalMs?: number;
  /** Called after each digest slot (tests and logs); `not-elected`: another replica was the poster. */
  onDigest?: (name: string, slot: number, outcome: DigestOutcome | 'failed' | 'not-elected') => void;
}

/** Slots kept per digest for catch-up. */
const MAX_MISSED = 100;

/** Runs the configured digests and alerts. */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly missed = new Map<string, number[]>();
  private readonly running = new Set<Promise<unknown>>();
  /** Runs of one digest, one after another: a catch-up and the next slot never race. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly alerts: Monitor | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly opts: SchedulerOptions) {
    const a = opts.alerts;
    if (a && Object.keys(a.channels).length > 0) this.alerts = alertMonitor(a, opts.alertDeps ?? opts.deps, opts.alertIntervalMs);
  }

  start(): void {
    const { deps } = this.opts;
    for (const d of this.opts.digests) {
      const task = cron.schedule(d.cron, (ctx) => this.run(d, ctx.date.getTime()), {
        name: `mm2-digest:${d.name}`,
        timezone: d.timezone,
        noOverlap: true,
        distributed: true,
        runCoordinator: { shouldRun: () => deps.leadership.isLeader() },
      });
      task.on('execution:skipped', (ctx) => {
        this.remember(d.name, ctx.date.getTime());
        this.opts.onDigest?.(d.name, ctx.date.getTime(), 'not-elected');
      });
      task.on('execution:missed', (ctx) => this.remember(d.name, ctx.date.getTime()));
      this.tasks.push(task);
    }
    this.unsubscribe = deps.leadership.onChange((leader) => {
      if (leader) this.track(this.catchUp());
    });
    if (deps.leadership.isLeader()) this.track(this.catchUp());
    this.alerts?.start();
  }

  /** Runs one alert round now, or joins the one under way. */
  checkAlertsNow(): Promise<void> {
    return this.alerts?.runNow() ?? Promise.resolve();
  }

  private track(p: Promise<unknown>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  private remember(name: string, slot: number): void {
    const list = (this.missed.get(name) ?? []).filter((s) => s !== slot && s >= slot - this.opts.catchUpMs);
    list.push(slot);
    this.missed.set(name, list.sort((x, y) => x - y).slice(-MAX_MISSED));
  }

  private run(d: DigestConfig, slot: number, covers: number[] = []): Promise<void> {
    const p = (this.chains.get(d.name) ?? Promise.resolve()).then(() => this.runNow(d, slot, covers));
    this.chains.set(d.name, p);
    this.track(p);
    return p;
  }

  private async runNow(d: DigestConfig, slot: number, covers: number[]): Promise<void> {
    if (this.stopped) return;
    let outcome: DigestOutcome | 'failed';
    try {
      outcome = await runScheduledDigest(d, slot, this.opts.deps, { covers });
    } catch (e) {
      this.opts.deps.log.error(`digest ${d.name} for ${new Date(slot).toISOString()} failed (ref ${this.opts.deps.errorRef(e)})`);
      outcome = 'failed';
    }
    if (outcome === 'not-leader' || outcome === 'failed') this.remember(d.name, slot);
    this.opts.onDigest?.(d.name, slot, outcome);
  }

  /** On becoming the poster: the newest slot missed within the window, standing for older ones. */
  private async catchUp(): Promise<void> {
    const now = this.opts.deps.now();
    for (const d of this.opts.digests) {
      const slots = (this.missed.get(d.name) ?? []).filter((s) => s >= now - this.opts.catchUpMs && s <= now);
      this.missed.delete(d.name);
      const newest = slots.pop();
      if (newest !== undefined) await this.run(d, newest, slots);
    }
  }

  /** Stops the cron tasks and the alert timer, and waits for runs under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.tasks) await t.destroy();
    await Promise.allSettled([...this.running, this.alerts?.stop()]);
  }
}
