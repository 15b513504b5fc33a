/**
 * Who posts. Every replica runs the schedules; only the current leader posts digests and alerts.
 * With one replica (no `coordination:`) it is always the leader.
 */

/** The election as the scheduler sees it. */
export interface Leadership {
  /** This replica's view right now: it owns the poster role. */
  isLeader(): boolean;
  /**
   * Asks the group coordinator whether this replica still is the leader (Kafka: an offset commit
   * with the current generation, which the broker refuses after a rebalance). False when lost.
   */
  confirm(): Promise<boolean>;
  /** Calls `fn` whenever the role is gained (true) or lost (false); returns the unsubscribe. */
  onChange(fn: (leader: boolean) => void): () => void;
  close(): Promise<void>;
}

/** Keeps listeners and the flag; implementations call `set`. */
export class LeaderFlag {
  private leader = false;
  private readonly listeners = new Set<(leader: boolean) => void>();

  get(): boolean {
    return this.leader;
  }

  set(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    for (const fn of this.listeners) fn(leader);
  }

  subscribe(fn: (leader: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** The only replica: always the leader. */
export function soloLeadership(): Leadership {
  return {
    isLeader: () => true,
    confirm: () => Promise.resolve(true),
    onChange: () => () => undefined,
    close: () => Promise.resolve(),
  };
}
