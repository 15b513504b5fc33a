/**
 * Resolves the mirror a user names, e.g. `/mm2 diagnose svl` or `svl->confluent`. A bare alias
 * means the unique mirror whose SOURCE is that cluster. Failures are data (code, message,
 * candidates) for the Slack/CLI layer to turn into a usage error.
 */
import { didYouMean } from './suggest.ts';

/** What resolution needs of a configured mirror. */
export interface NamedMirror {
  id: string;
  source: string;
  target: string;
}

/** The mirror, or why the argument names none (or several). */
export type MirrorLookup<M extends NamedMirror = NamedMirror> =
  | { ok: true; mirror: M }
  | { ok: false; code: 'empty-argument' | 'unknown-mirror' | 'ambiguous-mirror'; message: string; candidates: string[] };

/**
 * Finds a mirror by `source->target` (also `source→target`) or by its source alias. `listed` names
 * the list a failure shows (`Configured`; a caller who may see only some mirrors gets only those).
 */
export function resolveMirror<M extends NamedMirror>(config: { mirrors: readonly M[] }, arg: string, listed = 'Configured'): MirrorLookup<M> {
  const ids = config.mirrors.map((m) => m.id);
  const text = arg.trim().replace(/\s*(?:→|->)\s*/, '->');
  if (text === '') {
    return { ok: false, code: 'empty-argument', message: `name a mirror: ${ids.join(', ')}`, candidates: ids };
  }
  if (text.includes('->')) {
    const m = config.mirrors.find((x) => x.id === text);
    if (m) return { ok: true, mirror: m };
    const close = didYouMean(text, ids);
    const hint = close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : '';
    return { ok: false, code: 'unknown-mirror', message: `No mirror ${text}.${hint} ${listed}: ${ids.join(', ') || 'none'}`, candidates: close.length > 0 ? close : ids };
  }
  const bySource = config.mirrors.filter((m) => m.source === text);
  if (bySource.length === 1 && bySource[0]) return { ok: true, mirror: bySource[0] };
  if (bySource.length > 1) {
    const c = bySource.map((m) => m.id);
    return { ok: false, code: 'ambiguous-mirror', message: `${text} is the source of ${c.length} mirrors: ${c.join(', ')}. Name one.`, candidates: c };
  }
  const byTarget = config.mirrors.filter((m) => m.target === text).map((m) => m.id);
  if (byTarget.length > 0) {
    return { ok: false, code: 'unknown-mirror', message: `${text} is a target cluster, not a source. Mirrors into it: ${byTarget.join(', ')}`, candidates: byTarget };
  }
  const sources = [...new Set(config.mirrors.map((m) => m.source))];
  const close = didYouMean(text, [...sources, ...ids]);
  const hint = close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : '';
  return { ok: false, code: 'unknown-mirror', message: `No mirror from ${text}.${hint} ${listed}: ${ids.join(', ') || 'none'}`, candidates: close.length > 0 ? close : ids };
}
