/** Argument checks shared by the subcommands; each failure is a UsageError naming the usage. */
import { UsageError } from '../src/model/diagnosis.ts';

/** Exactly `min`..`max` arguments, else a UsageError quoting `/mm2 <name> <usage>`. */
export function expectArgs(args: readonly string[], name: string, usage: string, min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  const what = args.length < min ? 'needs' : 'takes';
  const count = max === 0 ? 'no arguments' : min === max ? `${min} argument${min > 1 ? 's' : ''}` : `${min} to ${max} arguments`;
  throw new UsageError(`\`${name}\` ${what} ${count}: \`/mm2 ${name}${usage ? ` ${usage}` : ''}\``);
}

/** The mirror a command is about: its first argument, with `1..max` arguments in all. */
export function mirrorArg(args: readonly string[], name: string, usage: string, max = 1): string {
  expectArgs(args, name, usage, 1, max);
  return args[0] ?? '';
}
