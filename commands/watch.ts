/**
 * `watch <mirror> [duration]` in an incident thread: re-diagnose on an interval, post only when the
 * verdict or root cause changes, then a closing summary. `watch stop` ends the thread's watches.
 */
import type { Command } from '../src/runtime/command.ts';
import { formatDuration, parseDuration } from '../src/util/duration.ts';
import { UsageError } from '../src/model/diagnosis.ts';
import { expectArgs, mirrorArg } from './args.ts';

/** Default and longest watch. */
export const DEFAULT_WATCH_MS = 30 * 60_000;
export const MAX_WATCH_MS = 24 * 3_600_000;
const MIN_WATCH_MS = 60_000;

const usage = '<mirror> [duration] | stop';

const NO_THREAD = 'Watches post into a thread: mention the bot in the incident thread, `@mm2-doctor watch svl 30m`.';

export const watch: Command = {
  name: 'watch',
  aliases: ['w'],
  usage,
  summary: 'Re-diagnose a mirror for a while, posting in the thread only when the verdict or root cause changes',
  details: [`Duration like 30m, 2h (default ${formatDuration(DEFAULT_WATCH_MS)}, at most ${formatDuration(MAX_WATCH_MS)}).`, '`watch stop` ends the watches of the thread.'],
  prepare(args) {
    if (args[0]?.toLowerCase() === 'stop') {
      expectArgs(args, 'watch', usage, 1, 1);
      return {
        async run(ctx) {
          if (!ctx.watch) throw new UsageError(NO_THREAD);
          return { kind: 'watch-stopped', stopped: await ctx.watch.stopHere() };
        },
      };
    }
    const mirror = mirrorArg(args, 'watch', usage, 2);
    const durationMs = args[1] === undefined ? DEFAULT_WATCH_MS : parseDuration(args[1]);
    if (durationMs === undefined) throw new UsageError(`\`${args[1]}\` is not a duration; try 30m or 2h: \`/mm2 watch ${usage}\``);
    if (durationMs < MIN_WATCH_MS || durationMs > MAX_WATCH_MS) {
      throw new UsageError(`A watch lasts from ${formatDuration(MIN_WATCH_MS)} to ${formatDuration(MAX_WATCH_MS)}.`);
    }
    return {
      mirror,
      progress: (m) => `Diagnosing ${m.name} to start the watch…`,
      async run(ctx, m) {
        if (!ctx.watch) throw new UsageError(NO_THREAD);
        const baseline = await ctx.doctor.diagnose(m);
        return { kind: 'watch', watch: await ctx.watch.start({ mirror: m, durationMs, baseline }), diagnosis: baseline };
      },
    };
  },
};
