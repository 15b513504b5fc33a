/**
 * Configuration errors: every problem names the file, 1-based line and column, the key path
 * inside the document (`mirrors[0].source`) and a message that never contains a secret value.
 */

/** One problem found while loading the bot config or a Strimzi file it references. */
export interface ConfigError {
  file: string;
  line: number;
  col: number;
  /** Key path inside that file, e.g. `clusters.svl.sasl.mechanism` or `spec.mirrors[0].groupsPattern`. */
  path: string;
  message: string;
  /** Further lines: how to fix it (commands, a config snippet). Never a secret. */
  hint?: string[] | undefined;
}

/** `file:line:col: path: message`, the shape editors and CI annotate; a hint follows, indented. */
export function formatConfigError(e: ConfigError): string {
  const head = `${e.file}:${e.line}:${e.col}: ${e.path === '' ? '' : `${e.path}: `}${e.message}`;
  return e.hint && e.hint.length > 0 ? `${head}\n${e.hint.map((l) => `    ${l}`).join('\n')}` : head;
}

/** Sorts errors by file, then position, so reports read top to bottom. */
export function sortConfigErrors(errors: readonly ConfigError[]): ConfigError[] {
  return [...errors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}
