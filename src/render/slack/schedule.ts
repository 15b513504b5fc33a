/** Block Kit for the digest and history command results. Pure. */
import type { ScheduleResult } from '../../runtime/command.ts';
import { changeLine } from '../words/history.ts';
import { context, header, section, slackDate } from './blocks.ts';
import { renderDigest } from './digest.ts';
import { code, esc } from './escape.ts';
import type { SlackDraft } from './limits.ts';

/** A digest or history result as a Slack draft. */
export function renderScheduleResult(r: ScheduleResult, now: number = Date.now()): SlackDraft {
  switch (r.kind) {
    case 'digest': {
      if (r.action === 'posted') return { text: esc(`Posted digest ${r.digest.name}`), blocks: [section(`Posted digest ${code(r.digest.name)} to <#${r.channel}> (${r.digest.lines.length} mirror${r.digest.lines.length === 1 ? '' : 's'}).`)] };
      const draft = renderDigest(r.preview.digest, { onRequest: true });
      return { ...draft, blocks: [...draft.blocks, context(`Preview, only you see it. \`/mm2 digest now ${r.preview.digest.name}\` posts it to <#${r.preview.channel}>.`)] };
    }
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
