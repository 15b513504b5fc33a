/**
 * Work still running after its ack (replies, thread answers, button clicks). Graceful shutdown
 * waits for it, so a SIGTERM during a diagnosis still delivers the answer.
 */

/** Tracks background work; failures go to `onError`, never to an unhandled rejection. */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  get size(): number {
    return this.running.size;
  }

  /** Runs `work` in the background and tracks it until it settles. */
  run(work: () => Promise<void>): Promise<void> {
    const p = (async () => {
      try {
        await work();
      } catch (error) {
        this.onError(error);
      }
    })();
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  /** Waits for everything running (and anything it starts) up to `timeoutMs`; false on timeout. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), left);
      });
      const r = await Promise.race([Promise.allSettled([...this.running]).then(() => 'done' as const), timeout]);
      clearTimeout(timer);
      if (r === 'timeout') return false;
    }
    return true;
  }
}
