/** The local shell's own lines: its banner and the prompt for pasted logs. */
import type { MirrorRef } from '../../model/diagnosis.ts';

/** `mm2-doctor shell: svl->confluent; `help` lists commands, `exit` quits.` */
export function shellBanner(mirrors: readonly MirrorRef[]): string {
  return `mm2-doctor shell: ${mirrors.map((m) => m.name).join(', ') || 'no mirrors'}; \`help\` lists commands, \`exit\` quits.\n`;
}

/** Shown after a bare `explain`: the shell reads log lines until an empty one. */
export const PASTE_LOGS = 'paste log lines, then an empty line:\n';
