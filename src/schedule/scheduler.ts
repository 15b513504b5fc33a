/**
 * The node-cron adapter, thin: one cron task per digest on every replica, with node-cron's own
 * run coordinator asking the Kafka election whether this replica posts. Alerts run on an
 * interval, on the poster only.
 *
 * Catching up (rolling restarts lose no digest): at start-up and whenever this replica gains the
 * poster role, each digest's last handled slot in the shared state is compared with the schedule
 * itself (src/schedule/slots.ts), not with what this process happened to see: a replacement that
 * starts after a slot still knows the slot was due. The newest missed slot is posted once, marked
 * late, standing for older missed ones, if it is at most the digest's catch-up bound old; an older
 * one is not posted, and the next digest names the slots it stands for. Detail replies a killed
 * poster left unsent are sent then too. Every gain and loss of the role, and every post with its
 * schedule and slot, is logged.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { AlertsConfig, DigestConfig } from './config.ts';
import type { Monitor } from '../monitor/loop.ts';
import { alertMonitor } from './alert-job.ts';
import { runScheduledDigest, settleDigest, type DigestOutcome, type DigestState } from './digest-job.ts';
import { NotInChannelError } from '../slack/membership.ts';
import type { JobDeps } from './jobs.ts';
import { slotsOf, type SlotsBetween } from './slots.ts';

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  digests: readonly DigestConfig[];
  alerts?: AlertsConfig | undefined;
  deps: JobDeps;
  /** Deps of the alert rounds (their Doctor records origin `alert`); default `deps`. */
  alertDeps?: JobDeps;
  /** How late a missed slot may still be posted by a new poster (ms), unless the digest sets its own `catchUpMinutes`; 0 = never. */
  catchUpMs: number;
  /** Overrides `alerts.intervalSeconds` (tests). */
  alertIntervalMs?: number;
  /** Called after each digest slot (tests and logs); `not-elected`: another replica was the poster. */
  onDigest?: (name: string, slot: number, outcome: DigestOutcome | 'failed' | 'not-elected') => void;
  /** Called when this replica gains (true) or loses (false) the poster role, and at start. */
  onPoster?: (poster: boolean) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs the configured digests and alerts. */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly slots = new Map<string, SlotsBetween>();
  private readonly running = new Set<Promise<unknown>>();
  /** Runs of one digest, one after another: a catch-up and the next slot never race. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly alerts: Monitor | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** Before any slot was handled, slots before this process started are not this process's to catch up. */
  private startedAt = 0;

  constructor(private readonly opts: SchedulerOptions) {
    const a = opts.alerts;
    if (a && Object.keys(a.channels).length > 0) this.alerts = alertMonitor(a, opts.alertDeps ?? opts.deps, opts.alertIntervalMs);
  }

  start(): void {
    const { deps } = this.opts;
    this.startedAt = deps.now();
    for (const d of this.opts.digests) {
      const task = cron.schedule(d.cron, (ctx) => this.run(d, ctx.date.getTime()), {
        name: `mm2-digest:${d.name}`,
        timezone: d.timezone,
        noOverlap: true,
        distributed: true,
        runCoordinator: { shouldRun: () => deps.leadership.isLeader() },
      });
      task.on('execution:skipped', (ctx) => this.opts.onDigest?.(d.name, ctx.date.getTime(), 'not-elected'));
      this.tasks.push(task);
      this.slots.set(d.name, slotsOf(d.cron, (date) => task.match(date)));
    }
    this.unsubscribe = deps.leadership.onChange((leader) => {
      deps.log.info(leader ? 'poster role gained: this replica posts digests and alerts now' : 'poster role lost: another replica posts digests and alerts now', { poster: leader });
      this.opts.onPoster?.(leader);
      if (leader) this.track(this.catchUp());
    });
    const leader = deps.leadership.isLeader();
    deps.log.info(leader ? 'poster role held at start-up' : 'not the poster at start-up: another replica posts digests and alerts', { poster: leader });
    this.opts.onPoster?.(leader);
    if (leader) this.track(this.catchUp());
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

  private bound(d: DigestConfig): number {
    return d.catchUpMinutes !== undefined ? d.catchUpMinutes * 60_000 : this.opts.catchUpMs;
  }

  private run(d: DigestConfig, slot: number, late = false): Promise<void> {
    const p = (this.chains.get(d.name) ?? Promise.resolve()).then(() => this.runNow(d, slot, late));
    this.chains.set(d.name, p);
    this.track(p);
    return p;
  }

  private async runNow(d: DigestConfig, slot: number, late: boolean): Promise<void> {
    if (this.stopped) return;
    let outcome: DigestOutcome | 'failed';
    try {
      const between = this.slots.get(d.name);
      outcome = await runScheduledDigest(d, slot, this.opts.deps, { ...(between && { between }), floor: this.startedAt - 1, late });
    } catch (e) {
      // Not a member of the channel: the poster logged that once, with the fix; not an internal error.
      if (!(e instanceof NotInChannelError)) this.opts.deps.log.error(`digest ${d.name} for ${iso(slot)} failed (ref ${this.opts.deps.errorRef(e)})`, { schedule: d.name, slot: iso(slot) });
      outcome = 'failed';
    }
    if (outcome !== 'posted') this.opts.deps.log.info(`digest ${d.name} for ${iso(slot)}: ${outcome}`, { schedule: d.name, slot: iso(slot), outcome });
    this.opts.onDigest?.(d.name, slot, outcome);
  }

  /** On becoming the poster: settle what the old poster left, then post the newest missed slot once, late. */
  private async catchUp(): Promise<void> {
    const { deps } = this.opts;
    for (const d of this.opts.digests) {
      // Queued behind the digest's runs under way, so a catch-up and a slot never race.
      const p = (this.chains.get(d.name) ?? Promise.resolve()).then(async () => {
        if (this.stopped || !deps.leadership.isLeader()) return;
        let s: DigestState;
        try {
          s = await settleDigest(d, deps);
        } catch (e) {
          deps.log.error(`digest ${d.name}: catching up failed (ref ${deps.errorRef(e)})`, { schedule: d.name });
          return;
        }
        const now = deps.now();
        const since = s.slot > 0 ? s.slot : this.startedAt - 1;
        const missed = this.slots.get(d.name)?.(since, now).slots ?? [];
        const newest = missed.at(-1);
        if (newest === undefined) return;
        if (now - newest <= this.bound(d)) {
          deps.log.info(`digest ${d.name}: slot ${iso(newest)} was not posted${missed.length > 1 ? ` (nor ${missed.length - 1} before it)` : ''}; posting it late`, { schedule: d.name, slot: iso(newest), missed: missed.length });
          await this.runNow(d, newest, true);
        } else {
          deps.log.info(`digest ${d.name}: ${missed.length} slot(s) up to ${iso(newest)} were not posted and are older than the catch-up bound (${Math.round(this.bound(d) / 60_000)} min); the next digest names them`, { schedule: d.name, slot: iso(newest), missed: missed.length });
        }
      });
      this.chains.set(d.name, p);
      await p;
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

