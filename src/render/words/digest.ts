/**
 * Words for the digest model shared by the Slack and terminal renderers: progress, connector
 * states and changes as short plain phrases (renderers escape and style them).
 */
import { formatDuration } from '../../util/duration.ts';
import type { ConnectorStates } from '../../history/entry.ts';
import type { Change, MirrorLine, Moved } from '../../monitor/digest.ts';

function count(m: Moved): string {
  if (m.delta === null) return `${m.total}`;
  if (m.delta < 0) return `${m.total} (the topic was reset)`;
  return `+${m.delta} (${m.total})`;
}

/** `offset syncs +120 (1234) · checkpoints +6 (56), newest 2m ago`, or '' when nothing was read. */
export function progressPhrase(l: MirrorLine): string {
  const parts: string[] = [];
  if (l.offsetSyncs) parts.push(`offset syncs ${count(l.offsetSyncs)}`);
  if (l.checkpoints) {
    const fresh = l.checkpoints.newestAgeMs === null ? (l.checkpoints.total === 0 ? ', none yet' : '') : `, newest ${formatDuration(l.checkpoints.newestAgeMs)} ago`;
    parts.push(`checkpoints ${count(l.checkpoints)}${fresh}`);
  }
  return parts.join(' · ');
}

/** `source RUNNING · checkpoint FAILED · heartbeat missing`, or '' when Connect was not read. */
export function connectorsPhrase(c: ConnectorStates | null): string {
  if (!c) return '';
  return (['source', 'checkpoint', 'heartbeat'] as const)
    .filter((r) => c[r] !== undefined)
    .map((r) => `${r} ${c[r] ?? 'missing'}`)
    .join(' · ');
}

/** One change in words; codes are returned separately so renderers can style them. */
export function changePhrase(c: Change): string {
  switch (c.kind) {
    case 'new-mirror':
      return 'new in this digest';
    case 'verdict':
      return `${c.from} → ${c.to}`;
    case 'root-cause':
      return c.to === null ? `root cause ${c.from} cleared` : c.from === null ? `root cause now ${c.to}` : `root cause ${c.from} → ${c.to}`;
    case 'finding-added':
      return `+${c.code}`;
    case 'finding-gone':
      return `−${c.code}`;
    case 'connector':
      return `${c.role} connector ${c.from ?? 'missing'} → ${c.to ?? 'missing'}`;
    case 'diagnosis-failed':
      return 'diagnosis failed';
    case 'diagnosis-back':
      return 'diagnosis works again';
  }
}
