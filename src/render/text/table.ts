/** Plain-text tables shared by the Slack and shell renderers. */
import type { CheckpointRow } from '../../runtime/command.ts';
import { formatDuration } from '../../util/duration.ts';

/** Left-aligned columns, widths capped at 60. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((c) => (c[i] ?? '').length))));
  const fmt = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

/** The checkpoint rows as a table: group, topic, partition, offsets, age. */
export function checkpointTable(rows: readonly CheckpointRow[]): string[] {
  return textTable(
    ['GROUP', 'TOPIC', 'PART', 'UPSTREAM', 'DOWNSTREAM', 'AGE'],
    rows.map((r) => [r.group, r.topic, String(r.partition), r.upstreamOffset.toString(), r.downstreamOffset.toString(), formatDuration(r.ageMs)]),
  );
}
