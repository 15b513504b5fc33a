/**
 * Progress on a Slack surface while a command runs (issue 11): nothing at all when the answer comes
 * within `delayMs` (1 s); then one message saying what the diagnosis is doing ("Diagnosing
 * svl->confluent… reading 1,100 groups on svl…"), updated in place at most once per `intervalMs`
 * (2 s) and only when its words change, and at most `limit` times in all (a response_url allows 5
 * uses: the answer needs the rest). The answer then replaces it (the surface's `show`).
 *
 * Slack allows about one message per second per channel, bursts aside
 * (https://api.slack.com/apis/rate-limits); an update every 2 s leaves room for the answer
 * and for other replies in the same channel.
 */
import type { Progress } from '../model/progress.ts';
import { progressLine } from '../render/words/progress.ts';
import type { Surface } from './reply.ts';

export interface ProgressTiming {
  /** No progress is shown for an answer that comes sooner (ms). */
  delayMs: number;
  /** Least time between two progress messages or updates of one reply (ms). */
  intervalMs: number;
}

export const PROGRESS_TIMING: ProgressTiming = { delayMs: 1000, intervalMs: 2000 };

/** Shows a command's progress on `surface` on a schedule Slack's limits allow. */
export class ProgressShower {
  private placeholder: string | undefined;
  private stage: Progress | undefined;
  private shownText: string | undefined;
  private sent = 0;
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  /** Messages in flight, in order: the answer waits for them so it always comes last. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly surface: Surface,
    private readonly onError: (error: unknown) => void,
    private readonly timing: ProgressTiming = PROGRESS_TIMING,
    private readonly limit = Infinity,
  ) {}

  /** Whether a progress message was shown (the answer then replaces it). */
  get shown(): boolean {
    return this.sent > 0;
  }

  /** The command's placeholder ("Diagnosing svl->confluent…"): shown after `delayMs` if still running. */
  start(placeholder: string): void {
    if (this.finished || this.placeholder !== undefined) return;
    this.placeholder = placeholder;
    this.schedule(this.timing.delayMs);
  }

  /** A diagnosis stage: the message says it at the next allowed update. */
  report(stage: Progress): void {
    this.stage = stage;
    if (this.finished || this.sent === 0 || this.sent >= this.limit || this.timer) return;
    this.schedule(this.lastSentAt + this.timing.intervalMs - Date.now());
  }

  /** Stops showing progress and waits for any progress message still on its way. */
  async finish(): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private schedule(inMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, Math.max(0, inMs));
  }

  private tick(): void {
    if (this.finished || this.placeholder === undefined || this.sent >= this.limit) return;
    const text = progressLine(this.placeholder, this.stage);
    if (text === this.shownText) return;
    this.shownText = text;
    this.sent += 1;
    this.lastSentAt = Date.now();
    this.chain = this.chain.then(() => this.surface.progress(text)).catch(this.onError);
  }
}
