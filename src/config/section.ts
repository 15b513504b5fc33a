/**
 * The contract between the config loader and the features that own a top-level section of the
 * file (`slack:` and `access:` in src/slack/, `digests:` and `alerts:` in src/schedule/, …). A
 * feature defines its section; the composition root lists the sections the program has
 * (src/config-sections.ts) and hands them to `loadConfig`, which validates each with its schema,
 * positions every problem in the file, and then cross-checks the section against the clusters
 * and mirrors. src/config/ knows no feature.
 *
 * @example
 * export const historySection = configSection({
 *   key: 'history',
 *   schema: strictMap({ file: nonEmptyString.optional(), retentionDays: z.int().min(1).default(30) }),
 *   crossCheck: (history, ctx) => ({ ...history, file: history.file && path.resolve(path.dirname(ctx.config.file), history.file) }),
 * });
 */
import type { z } from 'zod';
import type { Path } from './document.ts';
import type { ClusterConfig, Config, MirrorConfig } from './schema.ts';

/** What a cross-check sees and how it reports. Paths are key paths from the top of the file. */
export interface CrossCheckContext {
  /** Clusters and mirrors as far as they loaded (entries with errors of their own are missing). */
  readonly config: { readonly file: string; readonly clusters: Readonly<Record<string, ClusterConfig>>; readonly mirrors: readonly MirrorConfig[] };
  /** An error at `path`, positioned at its node (or the closest enclosing one). */
  error(path: Path, message: string): void;
  /** A warning at `path`; the config still loads. */
  warn(path: Path, message: string): void;
  /** Whether the file already has an error at or below `path`: a second error about it would only repeat the first. */
  hasErrorsUnder(path: Path): boolean;
}

/**
 * A top-level section `key:` of the config file. `schema` validates it as written (types are
 * inferred from it); `crossCheck`, run only when the section itself is valid, checks it against
 * the rest of the config and returns the section as loaded (names resolved, paths made absolute).
 */
export interface ConfigSection<K extends string = string, S extends z.ZodType = z.ZodType, T = z.output<S>> {
  readonly key: K;
  readonly schema: S;
  crossCheck?(value: z.output<S>, ctx: CrossCheckContext): T;
}

/** Defines a section, inferring its key and types. */
export function configSection<const K extends string, S extends z.ZodType, T = z.output<S>>(section: ConfigSection<K, S, T>): ConfigSection<K, S, T> {
  return section;
}

/** The loaded value of a section. */
export type SectionValue<C> = C extends ConfigSection<string, z.ZodType, infer T> ? T : never;

/** `{ key?: value }` for each section in `Cs`; a section the file leaves out is undefined. */
export type SectionValues<Cs extends readonly ConfigSection[]> = { [C in Cs[number] as C['key']]?: SectionValue<C> | undefined };

/** A loaded config with the sections `Cs`. */
export type ConfigWith<Cs extends readonly ConfigSection[]> = Config & SectionValues<Cs>;
