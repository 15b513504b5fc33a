/**
 * The buttons under a reply, their action ids (declared in manifest.yml's interactivity; the
 * manifest test checks the list) and the value they carry: the command to re-run and the id of
 * the cached result to share.
 */
import type { types } from '@slack/bolt';
import type { CommandResult } from '../../runtime/command.ts';

/** Every action id the app handles. */
export const ACTION_IDS = { share: 'mm2_share', rerun: 'mm2_rerun', commands: 'mm2_show_commands', homeDiagnose: 'mm2_home_diagnose' } as const;

/** What a button click carries. */
export interface ButtonValue {
  /** The command to run again, e.g. `diagnose svl->confluent`. */
  command: string;
  /** The cached result the reply showed. */
  result?: string;
}

/** Encodes a button value (Slack allows 2000 characters; a command is far shorter). */
function encodeValue(v: ButtonValue): string {
  return JSON.stringify(v.result ? { c: v.command, r: v.result } : { c: v.command });
}

/** Decodes a button value; `null` for anything else (a stale or foreign button). */
export function decodeValue(raw: string | undefined): ButtonValue | null {
  try {
    const v = JSON.parse(raw ?? '') as { c?: unknown; r?: unknown };
    if (typeof v.c !== 'string' || v.c === '') return null;
    return typeof v.r === 'string' ? { command: v.c, result: v.r } : { command: v.c };
  } catch {
    return null;
  }
}

const button = (text: string, actionId: string, value: string, primary = false): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: false },
  action_id: actionId,
  value,
  ...(primary ? { style: 'primary' as const } : {}),
});

/** Results that can be run again from a button (logs need their pasted text; help needs nothing). */
const RERUNNABLE = new Set<CommandResult['kind']>(['diagnosis', 'status', 'groups', 'checkpoints']);

/**
 * The buttons for a result: Share in channel (only on an ephemeral reply), Re-run, Show commands
 * (diagnoses); `undefined` when the result has none.
 */
export function resultButtons(result: CommandResult, value: ButtonValue, opts: { ephemeral: boolean }): types.ActionsBlock | undefined {
  const v = encodeValue(value);
  const elements: types.Button[] = [];
  if (opts.ephemeral && (RERUNNABLE.has(result.kind) || result.kind === 'logs')) elements.push(button('Share in channel', ACTION_IDS.share, v, true));
  if (RERUNNABLE.has(result.kind)) elements.push(button('Re-run', ACTION_IDS.rerun, v));
  if (result.kind === 'diagnosis' || result.kind === 'watch') elements.push(button('Show commands', ACTION_IDS.commands, v));
  return elements.length > 0 ? { type: 'actions', block_id: 'mm2_actions', elements } : undefined;
}
