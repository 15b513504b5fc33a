/**
 * The digest and history command results, for Slack (Block Kit, through the shared helpers) and
 * for the terminal shell. Pure.
 */
import { formatDuration } from '../util/duration.ts';
import { context, header, section } from './slack/report.ts';
import { code, esc } from './slack/escape.ts';
import type { SlackDraft } from './slack/limits.ts';
import type { VerdictChange } from '../history/changes.ts';
import { changePhrase, connectorsPhrase, progressPhrase } from './digest-words.ts';
import type { Digest } from '../schedule/digest.ts';
import type { ScheduleResult } from '../schedule/results.ts';
import { slackDate } from './slack/digest.ts';

function changeLine(c: VerdictChange, now: number): { when: string; what: string } {
  const to = `${c.to.verdict}${c.to.rootCause ? ` (${c.to.rootCause})` : ''}`;
  const what = c.from ? `${c.from.verdict}${c.from.rootCause ? ` (${c.from.rootCause})` : ''} → ${to}` : `first seen ${to}`;
  const repeats = c.repeats > 0 ? `, then ${c.repeats} more diagnos${c.repeats === 1 ? 'is' : 'es'} alike` : '';
  return { when: formatDuration(Math.max(0, now - c.at)), what: `${what} [${c.origin}${repeats}]` };
}

/** A digest or history result as a Slack draft. */
export function renderScheduleResult(r: ScheduleResult, now: number = Date.now()): SlackDraft {
  switch (r.kind) {
    case 'digest':
      if (r.action === 'preview') return { ...r.preview.draft, blocks: [...r.preview.draft.blocks, context(`Preview, only you see it. \`/mm2 digest now ${r.preview.digest.name}\` posts it to <#${r.preview.channel}>.`)] };
      return { text: esc(`Posted digest ${r.digest.name}`), blocks: [section(`Posted digest ${code(r.digest.name)} to <#${r.channel}> (${r.digest.lines.length} mirror${r.digest.lines.length === 1 ? '' : 's'}).`)] };
    case 'history': {
      const v = r.view;
      const blocks = [header(`${r.mirror}: history`)];
      if (v.changes.length === 0) blocks.push(section(`No diagnosis of ${esc(r.mirror)} is in the history yet.`));
      else blocks.push(section(v.changes.map((c) => ({ at: c.at, ...changeLine(c, now) })).map((l) => `• ${slackDate(l.at)} (${esc(l.when)} ago): ${esc(l.what)}`).join('\n')));
      blocks.push(context(`Newest first · ${v.entries} diagnos${v.entries === 1 ? 'is' : 'es'}${v.since !== null ? ` since ${slackDate(v.since)}` : ''} · verdict and root cause changes only`));
      return { text: esc(`${r.mirror}: ${v.changes.length} verdict change${v.changes.length === 1 ? '' : 's'}`), blocks };
    }
  }
}

function digestText(d: Digest): string[] {
  const out = [`digest ${d.name}: ${d.lines.length} mirror(s), ${d.changed ? 'changed' : 'unchanged'} since ${d.since === null ? 'never' : new Date(d.since).toISOString()}`];
  for (const l of d.lines) {
    out.push(`  ${l.mirror}: ${l.verdict}${l.rootCause ? ` — ${l.rootCause.title} [${l.rootCause.code}]` : l.error ? ` — ${l.error}` : ''}`);
    const facts = [progressPhrase(l), connectorsPhrase(l.connectors)].filter(Boolean).join(' · ');
    if (facts) out.push(`    ${facts}`);
    if (l.failover) out.push(`    failover: ${l.failover}`);
    if (l.changes.length > 0) out.push(`    changed: ${l.changes.map(changePhrase).join('; ')}`);
  }
  return out;
}

/** A digest or history result as terminal text, ending with a newline. */
export function renderScheduleText(r: ScheduleResult, now: number = Date.now()): string {
  switch (r.kind) {
    case 'digest':
      return `${(r.action === 'preview' ? digestText(r.preview.digest) : [`posted digest ${r.digest.name} to ${r.channel}`]).join('\n')}\n`;
    case 'history': {
      if (r.view.changes.length === 0) return `${r.mirror}: no diagnosis in the history yet\n`;
      const lines = r.view.changes.map((c) => changeLine(c, now)).map((l) => `  ${l.when.padStart(6)} ago  ${l.what}`);
      return `${r.mirror}: verdict changes, newest first (${r.view.entries} diagnoses)\n${lines.join('\n')}\n`;
    }
  }
}
