/** What the Slack listeners share (src/slack/handlers.ts, present.ts, assist.ts). */
import type { CommandRegistry } from '../runtime/registry.ts';
import type { RunnerDeps } from '../runtime/runner.ts';
import type { InFlight } from './inflight.ts';
import type { ProgressTiming } from './progress.ts';
import type { SurfaceDeps } from './reply.ts';
import type { ResultCache } from './result-cache.ts';
import type { WatchManager } from './watch/manager.ts';

/** What the listeners share. */
export interface SlackDeps {
  runner: RunnerDeps;
  registry: CommandRegistry;
  cache: ResultCache;
  inflight: InFlight;
  surface: SurfaceDeps;
  watches: WatchManager;
  /** The caller's user groups among those the access rules name. */
  groups(user: string): Promise<ReadonlySet<string>>;
  /** True when this event was handled already (Slack retries deliveries). */
  seen(key: string): boolean;
  /** When progress shows and how often it changes (default PROGRESS_TIMING: after 1 s, every 2 s). */
  progress?: ProgressTiming;
}
