/**
 * The slots of a digest's schedule between two instants, from the schedule itself rather than
 * from what one process happened to see: a replica that starts after a slot (a rolling restart)
 * still knows the slot was due. node-cron has no "previous run" API, so this walks the minutes
 * of the range, newest first, and asks the cron task's own matcher (`ScheduledTask.match`, in the
 * task's time zone) about each second the expression names (`parse(expr).second`).
 */
import { parse } from 'node-cron';

/** At most this many slots are listed; a longer outage is summarised by count. */
export const MAX_SLOTS = 500;
/**
 * How far back slots are looked for. node-cron's matcher costs about 80 µs a call (a localized
 * date per call), so a week of minutes is under a second; older slots are not counted.
 */
export const MAX_LOOKBACK_MS = 7 * 86_400_000;

/** Slots in `(after, until]` (at most {@link MAX_LOOKBACK_MS} back), oldest first, the newest {@link MAX_SLOTS}; `more` when older ones were left out. */
export type SlotsBetween = (after: number, until: number) => { slots: number[]; more: boolean };

/** The slot enumerator of one cron expression, over the matcher of the task that runs it. */
export function slotsOf(expression: string, match: (d: Date) => boolean): SlotsBetween {
  const seconds = [...parse(expression).second].sort((a, b) => b - a);
  return (afterAsked, until) => {
    const after = Math.max(afterAsked, until - MAX_LOOKBACK_MS);
    const out: number[] = [];
    let more = after > afterAsked;
    for (let minute = Math.floor(until / 60_000) * 60_000; minute + 59_000 > after; minute -= 60_000) {
      for (const s of seconds) {
        const t = minute + s * 1000;
        if (t <= after || t > until || !match(new Date(t))) continue;
        if (out.length === MAX_SLOTS) {
          more = true;
          break;
        }
        out.push(t);
      }
      if (more) break;
    }
    return { slots: out.reverse(), more };
  };
}
