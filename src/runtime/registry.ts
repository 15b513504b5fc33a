/**
 * The `/mm2` subcommands, looked up by name or alias. Built once at start-up from one explicit list;
 * a name or alias used twice is a start-up error (botkube's `NewCmdsMapping` collision check).
 */
import type { Command, CommandInfo } from './command.ts';
import { splitCommand } from './text.ts';

/** Subcommands by name and alias. */
export interface CommandRegistry {
  readonly commands: readonly Command[];
  find(word: string): Command | undefined;
  /** Name, aliases, usage and summary of every command, in registration order (for `help`). */
  info(): CommandInfo[];
}

/** Thrown at start-up when two commands claim the same word. */
export class DuplicateCommandError extends Error {
  override name = 'DuplicateCommandError';
}

const WORD = /^[a-z][a-z0-9-]*$/;

/** Builds the registry; throws {@link DuplicateCommandError} on a clash and on malformed names. */
export function createRegistry(commands: readonly Command[]): CommandRegistry {
  const byWord = new Map<string, Command>();
  for (const c of commands) {
    for (const word of [c.name, ...c.aliases]) {
      if (!WORD.test(word)) throw new DuplicateCommandError(`command word '${word}' must be lower-case letters, digits and dashes`);
      const other = byWord.get(word);
      if (other) throw new DuplicateCommandError(`'${word}' is claimed by both '${other.name}' and '${c.name}'`);
      byWord.set(word, c);
    }
  }
  return {
    commands,
    find: (word) => byWord.get(word.toLowerCase()),
    info: () => commands.map(({ name, aliases, usage, summary, details, takesText }) => ({ name, aliases, usage, summary, ...(details ? { details } : {}), ...(takesText ? { takesText } : {}) })),
  };
}

/**
 * Whether `text` would run as a command: it names one, its arguments parse, and the mirror they
 * name resolves. "diagnose svl" would; "checkpoints look stuck" or a bare "explain" would not.
 */
export function runsAsCommand(registry: CommandRegistry, text: string, resolveMirror: (mirror: string) => unknown): boolean {
  const { name, args, rest } = splitCommand(text);
  const command = name === undefined ? undefined : registry.find(name);
  if (!command) return false;
  try {
    const prepared = command.prepare(args, rest);
    if (prepared.mirror !== undefined) resolveMirror(prepared.mirror);
    return true;
  } catch {
    return false;
  }
}
