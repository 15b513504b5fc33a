/**
 * The one re-diagnose loop of watches, alerts and digests: diagnose a set of mirrors, a few at a
 * time, and hand each result to its consumer as it arrives. {@link diagnoseEach} runs one round
 * on demand (a digest slot, a single alert check); a {@link Monitor} runs rounds on an interval
 * (watches, alert checks), never two at once, and can be asked for one now.
 *
 * @example
 * const alerts = new Monitor({ doctor, intervalMs: 60_000, round: () => ['svl->confluent'], consume: (r) => act(r), onError: log });
 * alerts.start();
 * // … on shutdown:
 * await alerts.stop();
 */
import type { Diagnosis, Doctor } from '../model/diagnosis.ts';
import { mapLimit } from '../util/map-limit.ts';

/** Diagnoses in flight at once: each opens Kafka and Connect connections; a few keep a big config polite. */
export const DEFAULT_CONCURRENCY = 4;

/** One mirror's re-diagnosis: the diagnosis, or the error it failed with (an internal error, not cluster trouble). */
export type MonitorResult = { mirror: string; at: number } & ({ ok: true; diagnosis: Diagnosis } | { ok: false; error: unknown });

/** Options of {@link diagnoseEach}. */
export interface DiagnoseEachOptions {
  /** Default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number;
  /** The clock results are stamped with; default Date.now. */
  now?: () => number;
  /** Asked before each diagnosis; `false` skips the mirrors not started yet (the poster lost its role, a stop). */
  active?: () => boolean;
  /** Gets each result as it arrives; what it throws goes to `onError`, and the round goes on. */
  onResult?: (result: MonitorResult) => Promise<void> | void;
  onError?: (error: unknown, mirror: string) => void;
}

/**
 * Diagnoses `mirrors`, at most `concurrency` at a time. Resolves with the results in the order of
 * `mirrors` (skipped mirrors left out); a failed diagnosis is a result with its error, never a
 * rejection.
 */
export async function diagnoseEach(doctor: Doctor, mirrors: readonly string[], opts: DiagnoseEachOptions = {}): Promise<MonitorResult[]> {
  const now = opts.now ?? Date.now;
  const results = await mapLimit(mirrors, opts.concurrency ?? DEFAULT_CONCURRENCY, async (mirror): Promise<MonitorResult | undefined> => {
    if (opts.active?.() === false) return undefined;
    let result: MonitorResult;
    try {
      // Mirrors here come from the config or saved state; resolution names a removed one clearly.
      const diagnosis = await doctor.diagnose(doctor.resolve(mirror));
      result = { mirror, at: now(), ok: true, diagnosis };
    } catch (error) {
      result = { mirror, at: now(), ok: false, error };
    }
    try {
      await opts.onResult?.(result);
    } catch (error) {
      if (!opts.onError) throw error;
      opts.onError(error, mirror);
    }
    return result;
  });
  return results.filter((r): r is MonitorResult => r !== undefined);
}

/** Options of {@link Monitor}. */
export interface MonitorOptions {
  doctor: Doctor;
  /** How often a round starts; a round still running then is not started again. */
  intervalMs: number;
  /** The mirrors of the next round, asked at its start; `null` skips the round (not the poster). */
  round(): Promise<readonly string[] | null> | readonly string[] | null;
  /** Gets each mirror's result as it arrives. */
  consume(result: MonitorResult): Promise<void> | void;
  /** What `round` or `consume` threw (with the mirror, for `consume`); the loop goes on. */
  onError(error: unknown, mirror?: string): void;
  concurrency?: number;
  now?: () => number;
  /** Asked before each diagnosis, besides the monitor being started: `false` skips the rest of the round. */
  active?: () => boolean;
  /** Runs a round as soon as it starts (resumed watches) instead of one interval later. */
  immediate?: boolean;
}

/** Diagnoses a set of mirrors on an interval, or now on request. */
export class Monitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: MonitorOptions) {}

  /** Starts the interval (rounds on request run before it too). */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runNow(), this.opts.intervalMs);
    this.timer.unref();
    if (this.opts.immediate) void this.runNow();
  }

  /** Runs a round now, or joins the one under way; resolves when it is done (never rejects). */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the interval and waits for the round under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    const { opts } = this;
    try {
      const mirrors = await opts.round();
      if (!mirrors || mirrors.length === 0 || this.stopped) return;
      await diagnoseEach(opts.doctor, mirrors, {
        ...(opts.concurrency !== undefined && { concurrency: opts.concurrency }),
        ...(opts.now && { now: opts.now }),
        active: () => !this.stopped && opts.active?.() !== false,
        onResult: (r) => opts.consume(r),
        onError: (e, mirror) => opts.onError(e, mirror),
      });
    } catch (error) {
      opts.onError(error);
    }
  }
}
