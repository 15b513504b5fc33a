/** The digest and history command results, and the digest model, as terminal text. Pure. */
import { formatDuration } from '../../util/duration.ts';
import type { Digest } from '../../monitor/digest.ts';
import type { ScheduleResult } from '../../runtime/command.ts';
import { changePhrase, connectorsPhrase, progressPhrase } from '../words/digest.ts';
import { changeLine } from '../words/history.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';

/** A digest as text lines: per mirror its verdict and root cause, progress, connectors and changes. */
export function renderDigestText(d: Digest): string {
  const out = [`digest ${d.name}: ${d.lines.length} mirror(s), ${d.changed ? 'changed' : 'unchanged'} since ${d.since === null ? 'never' : new Date(d.since).toISOString()}`];
  for (const l of d.lines) {
    const quiet = l.verdict === 'ok' && l.quiet?.kind === 'pending' ? ` — ${quietPhrase(l.quiet)}` : '';
    out.push(`  ${l.mirror}: ${shownVerdict(l.verdict, l.quiet)}${l.rootCause ? ` — ${l.rootCause.title} [${l.rootCause.code}]` : l.error ? ` — ${l.error}` : quiet}`);
    const facts = [progressPhrase(l), connectorsPhrase(l.connectors)].filter(Boolean).join(' · ');
    if (facts) out.push(`    ${facts}`);
    if (l.failover) out.push(`    failover: ${l.failover}`);
    if (l.reusedAgeMs !== undefined) out.push(`    facts read ${formatDuration(l.reusedAgeMs)} ago, shared with another check`);
    if (l.changes.length > 0) out.push(`    changed: ${l.changes.map(changePhrase).join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** A digest or history result as terminal text, ending with a newline. */
export function renderScheduleText(r: ScheduleResult, now: number = Date.now()): string {
  switch (r.kind) {
    case 'digest':
      return r.action === 'preview' ? renderDigestText(r.preview.digest) : `posted digest ${r.digest.name} to ${r.channel}\n`;
    case 'history': {
      if (r.view.changes.length === 0) return `${r.mirror}: no diagnosis in the history yet\n`;
      const lines = r.view.changes.map((c) => changeLine(c, now)).map((l) => `  ${l.when.padStart(6)} ago  ${l.what}`);
      return `${r.mirror}: verdict changes, newest first (${r.view.entries} diagnoses)\n${lines.join('\n')}\n`;
    }
  }
}
