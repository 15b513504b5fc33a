/**
 * Cross-checks of `digests:`, `alerts:`, `history:` and `coordination:` against the rest of the
 * loaded config (called by src/config/load.ts): mirror names resolve to configured mirrors, the
 * coordination cluster is a configured cluster, and `history.file` is made absolute. Problems are
 * config errors at the offending node.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CoordinationConfig } from '../coordination/config.ts';
import { resolveMirror } from '../config/resolve-mirror.ts';
import type { ClusterConfig, MirrorConfig } from '../config/schema.ts';
import { formatPath, type ParseContext, type Path } from '../config/schema-kit.ts';
import { suggestionSuffix } from '../config/suggest.ts';
import type { HistoryConfig } from '../history/config.ts';
import type { AlertsConfig, DigestConfig } from './config.ts';

/** The four sections as loaded. */
export interface ScheduleSections {
  digests?: DigestConfig[] | undefined;
  alerts?: AlertsConfig | undefined;
  history?: HistoryConfig | undefined;
  coordination?: CoordinationConfig | undefined;
}

/** Canonical names for a `mirrors:` list (`*` = every mirror), reporting names that resolve to none. */
function resolveNames(names: readonly string[], mirrors: readonly MirrorConfig[], path: Path, ctx: ParseContext): string[] {
  const out: string[] = [];
  names.forEach((n, i) => {
    if (n === '*') {
      out.push(...mirrors.map((m) => m.id));
      return;
    }
    const r = resolveMirror({ mirrors: [...mirrors] }, n);
    if (r.ok) out.push(r.mirror.id);
    else ctx.error(ctx.nodeAt([...path, i]), [...path, i], r.message);
  });
  return [...new Set(out)];
}

/** Checks and completes the sections; errors and warnings go to `ctx`. */
export function checkScheduleSections(raw: ScheduleSections, config: { file: string; mirrors: MirrorConfig[]; clusters: Record<string, ClusterConfig> }, ctx: ParseContext): ScheduleSections {
  const out: ScheduleSections = {};
  // Mirrors with errors of their own are missing here; naming them again would be a second error.
  const mirrorsComplete = !ctx.hasErrorsUnder(['mirrors']);

  if (raw.digests) {
    out.digests = raw.digests.map((d) => {
      const path = ctx.originOf(d)?.path ?? ['digests'];
      return mirrorsComplete ? { ...d, mirrors: resolveNames(d.mirrors, config.mirrors, [...path, 'mirrors'], ctx) } : d;
    });
  }

  if (raw.alerts) {
    const channels: Record<string, string> = {};
    raw.alerts.routes.forEach((r, i) => {
      if (!mirrorsComplete) return;
      for (const id of resolveNames(r.mirrors, config.mirrors, ['alerts', 'routes', i, 'mirrors'], ctx)) channels[id] ??= r.channel;
    });
    out.alerts = { ...raw.alerts, channels };
  }

  if (raw.history) {
    const f = raw.history.file;
    out.history = { ...raw.history, ...(f !== undefined && { file: isAbsolute(f) ? f : resolve(dirname(config.file), f) }) };
  }

  if (raw.coordination) {
    const c = raw.coordination;
    const at: Path = ['coordination', 'cluster'];
    if (!config.clusters[c.cluster]) {
      if (!ctx.hasErrorsUnder(['clusters'])) {
        const known = Object.keys(config.clusters);
        ctx.error(ctx.nodeAt(at), at, `unknown cluster alias '${c.cluster}'${suggestionSuffix(c.cluster, known)}; define the bot's own cluster under clusters:`);
      }
    } else {
      const used = config.mirrors.filter((m) => m.source === c.cluster || m.target === c.cluster).map((m) => m.id);
      if (used.length > 0) ctx.warn(ctx.nodeAt(at), at, `${formatPath(at)} '${c.cluster}' is also a cluster of ${used.join(', ')}: mm2-doctor will create its topics ${c.topic} and ${c.stateTopic} and its group ${c.group} there`);
    }
    out.coordination = c;
  }
  return out;
}
