/**
 * Command results as terminal text: the same data the Slack adapter renders as Block Kit. A
 * diagnosis uses the terminal report renderer, a log explanation the log explainer's own.
 */
import type { CommandInfo, CommandResult, GroupRow, StatusRow } from '../../runtime/command.ts';
import { formatDuration } from '../../util/duration.ts';
import { checkpointTable, textTable } from './table.ts';
import { renderLogExplanation } from './logs.ts';
import { renderTerminal } from './report.ts';
import { renderScheduleText } from './schedule.ts';
import { renderFailoverText } from './failover.ts';
import { quietPhrase, shownVerdict } from '../words/verdict.ts';

function statusRows(rows: readonly StatusRow[]): string[] {
  return textTable(
    ['MIRROR', 'VERDICT', 'ROOT CAUSE'],
    rows.map((r) => [r.mirror.name, shownVerdict(r.verdict, r.quiet), r.errorRef ? `diagnosis failed (ref ${r.errorRef})` : (r.rootCause?.title ?? (r.verdict === 'ok' ? quietPhrase(r.quiet) : '-'))]),
  );
}

function groupLine(r: GroupRow): string {
  const age = r.lastCheckpointAgeMs !== undefined ? `checkpointed ${formatDuration(r.lastCheckpointAgeMs)} ago` : 'not checkpointed';
  const reasons = r.reasons.map((x) => `${x.title} [${x.code}]${x.mirrorWide ? ' (mirror-wide)' : ''}`).join('; ');
  return `  ${r.group} (${r.state}): ${age}${reasons ? ` — ${reasons}` : ''}`;
}

function usage(c: CommandInfo, prefix: string): string {
  return `  ${prefix}${c.name}${c.usage ? ` ${c.usage}` : ''}`.padEnd(42) + c.summary;
}

/** How the text names a command: `/mm2 ` in the shell (as in Slack), `mm2-doctor ` on a terminal's command line. */
export interface TextOptions {
  commandPrefix?: string;
}

/** The result as text ending with a newline. */
export function renderText(result: CommandResult, opts: TextOptions = {}): string {
  const prefix = opts.commandPrefix ?? '/mm2 ';
  const out: string[] = [];
  switch (result.kind) {
    case 'diagnosis':
      return renderTerminal(result.diagnosis.report, result.diagnosis.runbook);
    case 'logs':
      return `${renderLogExplanation(result.explanation).replace(/\n$/, '')}\n`;
    case 'status':
      out.push(...(result.rows.length > 0 ? statusRows(result.rows) : ['No mirror is configured.']));
      if (result.hidden > 0) out.push(`${result.hidden} mirror(s) not shown: access rules`);
      break;
    case 'groups': {
      const done = result.rows.filter((r) => r.checkpointed).length;
      const report = result.diagnosis.report;
      // No group could be listed: "0 of 0 checkpointed" would read as a count; say what is known.
      const listed = result.unavailable && result.rows.length === 0 ? 'the groups could not be listed' : `${done} of ${result.rows.length} group(s) checkpointed`;
      out.push(`${report.mirror.name}: ${report.verdict}; ${listed}`);
      if (result.unavailable && result.rows.length === 0 && report.rootCause) out.push(`root cause: ${report.rootCause.title} [${report.rootCause.code}]`);
      if (result.unavailable) out.push(`incomplete: ${result.unavailable}`);
      out.push(...result.rows.map(groupLine));
      break;
    }
    case 'checkpoints':
      out.push(
        result.unavailable
          ? `${result.diagnosis.report.mirror.name}: the checkpoints in ${result.diagnosis.facts.topicNames.checkpoints} could not be read`
          : `${result.diagnosis.report.mirror.name}: ${result.rows.length} checkpoint(s) in ${result.diagnosis.facts.topicNames.checkpoints}${result.group !== undefined ? ` for ${result.group}` : ''}`,
      );
      if (result.unavailable) out.push(`unavailable: ${result.unavailable}`);
      else if (result.rows.length > 0) out.push(...checkpointTable(result.rows));
      if (result.truncated) out.push('read stopped at its record limit');
      if (result.corrupt > 0) out.push(`${result.corrupt} record(s) did not decode`);
      break;
    case 'failover':
      return renderFailoverText(result.readiness, result.group !== undefined ? { group: result.group } : {});
    case 'watch':
      out.push(`watching ${result.watch.mirror} until ${new Date(result.watch.endsAt).toISOString()}`);
      break;
    case 'watch-stopped':
      out.push(`stopped ${result.stopped} watch(es)`);
      break;
    case 'help':
      // A usage problem quotes the chat's syntax (`/mm2 groups <mirror>`); it is written the way this front end takes it.
      if (result.problem) out.push(result.problem.replace(/`\/mm2 /g, prefix).replace(/`/g, ''), '');
      if (result.topic) out.push(usage(result.topic, prefix), ...(result.topic.details ?? []).map((d) => `  ${d.replace(/`/g, '')}`));
      else out.push('commands:', ...result.commands.map((c) => usage(c, prefix)));
      out.push('', result.mirrors.length > 0 ? `mirrors: ${result.mirrors.join(', ')} (a source alias works too)` : 'no mirror is configured');
      break;
    case 'denied':
      out.push(result.reason.replace(/`/g, ''));
      break;
    case 'digest':
    case 'history':
      return renderScheduleText(result);
    case 'error':
      out.push(`internal error (ref ${result.ref}); the details are in the log above`);
      break;
  }
  return `${out.join('\n')}\n`;
}
