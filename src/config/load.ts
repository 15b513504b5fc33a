/**
 * Loads the bot config: YAML syntax, schema (clusters, mirrors and the sections the caller
 * passes), Strimzi imports and cross-checks (aliases, duplicate mirrors, missing connection
 * details, then each section's own), returning a typed config or ALL errors found. Reading files
 * is the only I/O, and it is injectable.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { clientAuthOf, type KafkaMirrorMaker2Resource, type StrimziClusterSpec } from '../mm2/strimzi.ts';
import { DEFAULT_KAFKA_VERSION } from '../mm2/version.ts';
import { ConfigDocument, formatPath, hasErrorsUnder, type Path } from './document.ts';
import { sortConfigErrors, type ConfigError } from './errors.ts';
import {
  clusterSchema,
  coreSchemas,
  DEFAULT_TIMEOUT_MS,
  hasClientCertificate,
  invalidBootstrapServer,
  isClusterAlias,
  mirrorFields,
  mirrorSchema,
  type ClusterConfig,
  type Config,
  type ConfigLocation,
  type MirrorConfig,
  type RawCluster,
  type RawMirror,
} from './schema.ts';
import { clientCertificateAdvice, trustAdvice } from './strimzi-advice.ts';
import type { ConfigSection, ConfigWith, CrossCheckContext } from './section.ts';
import { parseStrimziFile, type StrimziDocument, type StrimziFileResult } from './strimzi-file.ts';
import { suggestionSuffix } from './suggest.ts';
import { configErrorMap, nullAsAbsent, strictMap } from './zod-yaml.ts';

/** Result of loading: the config, or every error (each with file, line, column and path). */
export type LoadResult<C = Config> = { ok: true; config: C } | { ok: false; errors: ConfigError[]; warnings: ConfigError[] };

/** File access used by the loader (synchronous; the config is read once at start-up). */
export interface LoadIO {
  readFile(path: string): string;
}

/** How to load: the sections besides clusters and mirrors, and (for tests) how to read files. */
export interface LoadOptions<Sections extends readonly ConfigSection[]> extends Partial<LoadIO> {
  sections?: Sections;
}

const defaultIO: LoadIO = { readFile: (p) => readFileSync(p, 'utf8') };

/** Reads and validates the config file at `path`. */
export function loadConfig<const Sections extends readonly ConfigSection[] = []>(path: string, options: LoadOptions<Sections> = {}): LoadResult<ConfigWith<Sections>> {
  let text: string;
  try {
    text = (options.readFile ?? defaultIO.readFile)(path);
  } catch (e) {
    return { ok: false, errors: [{ file: path, line: 1, col: 1, path: '', message: `cannot read the config file (${errorCode(e)})` }], warnings: [] };
  }
  return parseConfig(text, path, options);
}

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'read error';
}

/** Validates config text; `file` names it in errors and anchors relative Strimzi paths. */
export function parseConfig<const Sections extends readonly ConfigSection[] = []>(text: string, file: string, options: LoadOptions<Sections> = {}): LoadResult<ConfigWith<Sections>> {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = parsed.errors.map((e) => {
    const after = lastKeyBefore(parsed, e.pos[0]);
    const where = after ? ` (after ${formatPath(after.path)} on line ${lineCounter.linePos(after.offset).line})` : '';
    return { file, ...lineCounter.linePos(e.pos[0]), path: after ? formatPath(after.path) : '', message: `YAML syntax: ${firstLine(e.message)}${where}` };
  });
  if (syntax.length > 0) return { ok: false, errors: syntax, warnings: [] };
  const doc = ConfigDocument.of(file, parsed, lineCounter);
  const written = doc.data();
  if (!written.ok) return { ok: false, errors: [written.error], warnings: [] };
  const data = written.value;

  // One parse of the whole file reports every schema error; the cross-checks then use each part
  // that is valid on its own, so that one mistake does not hide the others.
  const sections = options.sections ?? [];
  checkKeys(sections);
  const fileSchema = strictMap({ ...coreSchemas, ...Object.fromEntries(sections.map((s) => [s.key, s.schema.optional()])) });
  const result = fileSchema.safeParse(data, { error: configErrorMap });
  const errors = result.success ? [] : doc.errorsOf(result.error.issues);
  const warnings: ConfigError[] = [];
  const part = (key: string): unknown => (isRecord(data) ? data[key] : undefined);

  const loader = new Loader(doc, errors, warnings, { readFile: options.readFile ?? defaultIO.readFile });
  const core = loader.build(part('clusters'), part('mirrors'));
  const ctx: CrossCheckContext = {
    config: core,
    error: (path, message) => errors.push(doc.error(path, message)),
    warn: (path, message) => warnings.push(doc.error(path, message)),
    hasErrorsUnder: (path) => hasErrorsUnder(errors, path),
  };
  const loaded: Record<string, unknown> = {};
  for (const section of sections) {
    const raw = part(section.key);
    const value = raw === undefined || raw === null ? undefined : section.schema.safeParse(raw);
    if (value?.success) loaded[section.key] = section.crossCheck ? section.crossCheck(value.data, ctx) : value.data;
  }
  if (errors.length > 0) return { ok: false, errors: sortConfigErrors(errors), warnings: sortConfigErrors(warnings) };
  // The sections' keys and types are the ones `Sections` lists; TypeScript cannot follow the loop above.
  return { ok: true, config: { ...core, ...loaded, warnings: sortConfigErrors(warnings) } as ConfigWith<Sections> };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Two owners of one top-level key would be a program error, not a config error. */
function checkKeys(sections: readonly ConfigSection[]): void {
  const keys = [...Object.keys(coreSchemas), ...sections.map((s) => s.key)];
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined) throw new Error(`config section '${twice}' is defined twice`);
}

/**
 * The key path of the last key that starts before `pos` in what the parser could read. A YAML
 * parser often notices a mistake (an unclosed `[` or quote) only where the next key begins, so the
 * error's own position points at an innocent line; the key before it is where to look.
 */
function lastKeyBefore(doc: Document, pos: number): { path: Path; offset: number } | undefined {
  let best: { path: Path; offset: number } | undefined;
  const walk = (node: unknown, path: Path): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        const offset = isNode(key) ? key.range?.[0] : undefined;
        if (offset === undefined || offset >= pos) continue;
        const name = isScalar(key) ? String(key.value) : String(key);
        const here = [...path, name];
        if (!best || offset >= best.offset) best = { path: here, offset };
        walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return best;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

// What the cross-checks need of a mirror whose other fields have errors.
const mirrorIdentity = nullAsAbsent(z.object({ source: mirrorFields.source, target: mirrorFields.target, strimzi: mirrorFields.strimzi }));

interface ImportedCluster {
  spec: StrimziClusterSpec;
  location: ConfigLocation;
  /** Where in the bot config the import was requested (for positioning errors). */
  via: Path;
  /** The resource's namespace, for `kubectl -n` in advice. */
  namespace: string | undefined;
}

/** A mirror as far as the cross-checks need it: a valid entry, or the identity of one with errors elsewhere. */
type CheckedMirror = Pick<RawMirror, 'source' | 'target' | 'strimzi'> & Partial<RawMirror>;

/** Builds clusters and mirrors from the parts of the file that are valid, merging Strimzi imports. */
class Loader {
  private readonly strimziFiles = new Map<string, StrimziFileResult | undefined>();
  private readonly imported = new Map<string, ImportedCluster>();
  /** First place each alias is used by a mirror, for "unknown alias" errors. */
  private readonly uses = new Map<string, Path>();

  constructor(
    private readonly doc: ConfigDocument,
    private readonly errors: ConfigError[],
    private readonly warnings: ConfigError[],
    private readonly io: LoadIO,
  ) {}

  private error(path: Path, message: string, at: Path = path): void {
    this.errors.push(this.doc.error(path, message, { at }));
  }

  private hasErrorsUnder(path: Path): boolean {
    return hasErrorsUnder(this.errors, path);
  }

  build(rawClusters: unknown, rawMirrors: unknown): Omit<Config, 'warnings'> {
    const mirrors: MirrorConfig[] = [];
    if (Array.isArray(rawMirrors)) {
      rawMirrors.forEach((m: unknown, i) => {
        const path = ['mirrors', i];
        // Parts already reported as invalid are not cross-checked again (one mistake, one error).
        if (['source', 'target', 'strimzi'].some((k) => this.hasErrorsUnder([...path, k]))) return;
        const valid = mirrorSchema.safeParse(m);
        const checked = valid.success ? valid.data : mirrorIdentity.safeParse(m).data;
        if (checked) mirrors.push(...this.mirror(checked, path));
      });
    }
    this.checkDuplicates(mirrors);
    const clusters = this.clusters(isRecord(rawClusters) ? rawClusters : {});
    return { file: this.doc.file, clusters, mirrors };
  }

  private mirror(m: CheckedMirror, path: Path): MirrorConfig[] {
    const at = (...p: Array<string | number>): Path => [...path, ...p];
    const base = {
      connect: m.connect,
      settings: m.settings ?? {},
      path: formatPath(path),
      definedAt: this.doc.location(path),
    };

    const strimziFile = m.strimzi?.file;
    if (strimziFile === undefined) {
      const missing = (['source', 'target'] as const).filter((k) => m[k] === undefined);
      for (const k of missing) this.error(path, `missing required key '${k}' (or a strimzi.file to take it from)`);
      if (m.source === undefined || m.target === undefined) return [];
      this.use(m.source, at('source'));
      this.use(m.target, at('target'));
      const kube = m.strimzi?.kubernetes;
      return [{
        ...base,
        id: `${m.source}->${m.target}`,
        source: m.source,
        target: m.target,
        kafkaVersion: m.kafkaVersion ?? DEFAULT_KAFKA_VERSION,
        strimzi: kube ? { kubernetes: kube } : undefined,
      }];
    }

    const abs = isAbsolute(strimziFile) ? strimziFile : resolve(dirname(this.doc.file), strimziFile);
    const parsed = this.readStrimzi(abs, at('strimzi', 'file'));
    if (!parsed) return [];
    const doc = this.pickDocument(parsed, abs, m.strimzi?.name, at('strimzi'));
    if (!doc) return [];
    const indexes = this.selectMirrors(doc, abs, m, at);
    const out: MirrorConfig[] = [];
    for (const k of indexes) {
      const aliases = crMirrorAliases(doc.resource, k);
      if (!aliases) {
        const where = doc.locate(['spec', 'mirrors', k]);
        this.error(at('strimzi'), `spec.mirrors[${k}] of ${abs} (line ${where.line}) has no ${missingAliases(doc.resource, k).join(' and ')}, which Strimzi requires; nothing to diagnose there`);
        continue;
      }
      this.importClusters(doc, k, at('strimzi'));
      let consistent = true;
      for (const role of ['source', 'target'] as const) {
        const given = m[role];
        if (given !== undefined && given !== aliases[role]) {
          this.error(at(role), `'${given}' does not match the ${role} alias '${aliases[role]}' of spec.mirrors[${k}] in ${abs}`);
          consistent = false;
        }
      }
      if (!consistent) continue;
      this.use(aliases.source, at(m.source !== undefined ? 'source' : 'strimzi'));
      this.use(aliases.target, at(m.target !== undefined ? 'target' : 'strimzi'));
      out.push({
        ...base,
        id: `${aliases.source}->${aliases.target}`,
        source: aliases.source,
        target: aliases.target,
        kafkaVersion: m.kafkaVersion ?? doc.resource.spec.version ?? DEFAULT_KAFKA_VERSION,
        strimzi: { file: abs, resource: doc.resource, mirrorIndex: k, definedAt: doc.locate(['spec', 'mirrors', k]) },
      });
    }
    return out;
  }

  private readStrimzi(abs: string, at: Path): Extract<StrimziFileResult, { ok: true }> | undefined {
    if (!this.strimziFiles.has(abs)) {
      let text: string | undefined;
      try {
        text = this.io.readFile(abs);
      } catch (e) {
        this.error(at, `cannot read Strimzi file ${abs} (${errorCode(e)})`);
      }
      const result = text === undefined ? undefined : parseStrimziFile(text, abs);
      if (result) {
        this.warnings.push(...result.warnings);
        if (!result.ok) this.errors.push(...result.errors);
      }
      this.strimziFiles.set(abs, result);
    }
    const r = this.strimziFiles.get(abs);
    return r?.ok ? r : undefined;
  }

  private pickDocument(parsed: Extract<StrimziFileResult, { ok: true }>, abs: string, name: string | undefined, at: Path): StrimziDocument | undefined {
    const names = parsed.documents.map((d) => d.name ?? '(unnamed)');
    if (name !== undefined) {
      const d = parsed.documents.find((x) => x.name === name);
      if (!d) this.error([...at, 'name'], `no KafkaMirrorMaker2 named '${name}' in ${abs}${suggestionSuffix(name, names)}; found: ${names.join(', ')}`);
      return d;
    }
    if (parsed.documents.length === 1) return parsed.documents[0];
    this.error(at, `${abs} holds ${parsed.documents.length} KafkaMirrorMaker2 resources (${names.join(', ')}); choose one with strimzi.name`);
    return undefined;
  }

  private selectMirrors(doc: StrimziDocument, abs: string, m: CheckedMirror, at: (...p: Array<string | number>) => Path): number[] {
    const crMirrors = doc.resource.spec.mirrors ?? [];
    const ids = crMirrors.map((_, i) => crMirrorAliases(doc.resource, i)).map((a) => (a ? `${a.source}->${a.target}` : '?'));
    const listing = ids.length === 0 ? 'it has none' : `it has ${ids.map((id, i) => `[${i}] ${id}`).join(', ')}`;
    const sel = m.strimzi?.mirror;
    const selAt = at('strimzi', 'mirror');
    if (typeof sel === 'number') {
      if (sel < crMirrors.length) return [sel];
      this.error(selAt, `spec.mirrors[${sel}] does not exist in ${abs}; ${listing}`);
      return [];
    }
    if (sel === '*') {
      if (crMirrors.length === 0) this.error(selAt, `${abs} defines no spec.mirrors; nothing to diagnose there`);
      return crMirrors.map((_, i) => i);
    }
    if (typeof sel === 'string') {
      const i = ids.indexOf(sel);
      if (i >= 0) return [i];
      this.error(selAt, `no mirror '${sel}' in ${abs}${suggestionSuffix(sel, ids)}; ${listing}`);
      return [];
    }
    const matches = ids
      .map((id, i) => ({ id, i, a: crMirrorAliases(doc.resource, i) }))
      .filter(({ a }) => a && (m.source === undefined || a.source === m.source) && (m.target === undefined || a.target === m.target));
    if (matches.length === 1 && matches[0]) return [matches[0].i];
    if (matches.length === 0) {
      this.error(at('strimzi'), `no mirror ${m.source ?? '*'}->${m.target ?? '*'} in ${abs}; ${listing}`);
    } else {
      this.error(at('strimzi'), `${abs} has several matching mirrors; choose one with strimzi.mirror (${listing})`);
    }
    return [];
  }

  private importClusters(doc: StrimziDocument, k: number, via: Path): void {
    const spec = doc.resource.spec;
    const mirror = spec.mirrors?.[k];
    if (!mirror) return;
    const add = (c: StrimziClusterSpec | undefined, path: Path) => {
      if (c && !this.imported.has(c.alias)) this.imported.set(c.alias, { spec: c, location: doc.locate(path), via, namespace: doc.resource.metadata?.namespace });
    };
    if (spec.target !== undefined || mirror.source !== undefined) {
      add(spec.target, ['spec', 'target']);
      add(mirror.source, ['spec', 'mirrors', k, 'source']);
      return;
    }
    for (const alias of [mirror.sourceCluster, mirror.targetCluster]) {
      const i = (spec.clusters ?? []).findIndex((c) => c.alias === alias);
      if (i >= 0) add(spec.clusters?.[i], ['spec', 'clusters', i]);
    }
  }

  private use(alias: string, at: Path): void {
    if (!this.uses.has(alias)) this.uses.set(alias, at);
  }

  private checkDuplicates(mirrors: MirrorConfig[]): void {
    const seen = new Map<string, MirrorConfig>();
    for (const m of mirrors) {
      const first = seen.get(m.id);
      if (first) {
        this.errors.push({ ...m.definedAt, message: `mirror ${m.id} is defined twice (first at ${first.definedAt.path}, line ${first.definedAt.line})` });
      } else seen.set(m.id, m);
    }
  }

  /** `written`: the `clusters:` map as written; entries with errors are known aliases but are not built. */
  private clusters(written: Record<string, unknown>): Record<string, ClusterConfig> {
    const aliases = Object.keys(written).filter(isClusterAlias);
    const known = [...new Set([...aliases, ...this.imported.keys()])];
    for (const [alias, at] of this.uses) {
      if (aliases.includes(alias) || this.imported.has(alias)) continue;
      const hint = suggestionSuffix(alias, known);
      const list = known.length > 0 ? `; known aliases: ${known.join(', ')}` : '; no clusters are defined';
      this.error(at, `unknown cluster alias '${alias}'${hint}${list}`);
    }
    const out: Record<string, ClusterConfig> = {};
    for (const alias of known) {
      if (aliases.includes(alias) && this.hasErrorsUnder(['clusters', alias])) continue;
      const bot = aliases.includes(alias) ? clusterSchema.safeParse(written[alias]).data : undefined;
      const c = this.cluster(alias, bot, this.imported.get(alias));
      if (c) out[alias] = c;
    }
    return out;
  }

  // A cluster in both places: each connection detail comes from the bot config when given there
  // (it describes what the bot can reach), otherwise from the Strimzi spec.clusters entry.
  // Passwords only ever come from the bot config.
  private cluster(alias: string, bot: RawCluster | undefined, imp: ImportedCluster | undefined): ClusterConfig | undefined {
    const path: Path = ['clusters', alias];
    // Errors about a cluster only imported from a CR are placed where the import was asked for.
    const at = bot ? path : (imp?.via ?? path);
    const fix = `clusters.${alias}`;
    const from = imp ? ` (imported from ${imp.location.file}:${imp.location.line}:${imp.location.col} ${imp.location.path})` : '';
    const definedAt: ConfigLocation[] = [];
    if (bot) definedAt.push(this.doc.location(path));
    if (imp) definedAt.push(imp.location);

    const bootstrap = bot?.bootstrap ?? imp?.spec.bootstrapServers.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (bootstrap === undefined || bootstrap.length === 0) {
      this.error(path, `cluster '${alias}' has no bootstrap servers; set ${fix}.bootstrap`, at);
      return undefined;
    }
    const badServer = bot?.bootstrap === undefined ? invalidBootstrapServer(bootstrap) : undefined;
    if (badServer !== undefined) {
      this.error(path, `cluster '${alias}'${from} has bootstrap server '${badServer}', which is not host:port; set ${fix}.bootstrap`, at);
      return undefined;
    }

    let tls: ClusterConfig['tls'];
    if (bot?.tls !== undefined) tls = bot.tls === false ? undefined : bot.tls;
    else if (imp?.spec.tls) tls = { rejectUnauthorized: true };
    if (imp && tls && tls.ca === undefined && (imp.spec.tls?.trustedCertificates ?? []).length > 0) {
      this.warnings.push({
        ...this.doc.error(path, `cluster '${alias}'${from} trusts CA certificates from a Kubernetes Secret; the system CAs are used unless ${fix}.tls.ca is set`, { at }),
        hint: trustAdvice(alias, imp.spec, imp.namespace),
      });
    }

    // The bot's own credentials (SASL or a client certificate) replace whatever the resource uses.
    const botCertificate = hasClientCertificate(bot?.tls);
    const imported = imp && bot?.sasl === undefined && !botCertificate ? clientAuthOf(imp.spec) : undefined;
    let unsupported: string | undefined;
    if (imported?.kind === 'client-certificate' && imp) {
      const advice = clientCertificateAdvice(alias, imp.spec, { fix, from, namespace: imp.namespace });
      this.errors.push({ ...this.doc.error(path, advice.message, { at }), hint: advice.hint });
      return undefined;
    }
    if (imported?.kind === 'unsupported') {
      unsupported = `cluster '${alias}' uses ${imported.what}, which mm2-doctor does not support (it speaks SASL PLAIN and SCRAM, and TLS client certificates); checks that need ${alias} will not run`;
      this.warnings.push(
        this.doc.error(path, `${unsupported}${from}; to diagnose it, give mm2-doctor credentials of its own on a listener that accepts them: ${fix}.bootstrap with ${fix}.sasl or ${fix}.tls.cert and ${fix}.tls.key`, { at }),
      );
    }

    const importedSasl = imported?.kind === 'sasl' ? imported : imp && bot?.sasl !== undefined ? saslOf(imp.spec) : undefined;
    const mechanism = bot?.sasl?.mechanism ?? importedSasl?.mechanism;
    const username = bot?.sasl?.username ?? importedSasl?.username;
    const password = bot?.sasl?.password;
    let sasl: ClusterConfig['sasl'];
    if (mechanism !== undefined || username !== undefined || password !== undefined) {
      const missing = [mechanism === undefined && 'mechanism', username === undefined && 'username', password === undefined && 'password'].filter(Boolean);
      if (mechanism === undefined || username === undefined || password === undefined) {
        const how = password === undefined ? ` (a reference: ${fix}.sasl.password: { env: NAME } or { file: PATH })` : '';
        this.error([...path, 'sasl'], `cluster '${alias}'${from} uses SASL but has no ${missing.join(', ')}${how}`, at);
        return undefined;
      }
      sasl = { mechanism, username, password };
    }
    const referencesAt: ClusterConfig['referencesAt'] = {
      ...(bot?.sasl?.password !== undefined && { 'sasl.password': this.doc.location([...path, 'sasl', 'password']) }),
      ...(bot?.tls !== undefined && bot.tls !== false && { tls: this.doc.location([...path, 'tls']) }),
    };
    return { alias, bootstrap, sasl, tls, timeoutMs: bot?.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(unsupported !== undefined && { unsupported }), definedAt, referencesAt };
  }
}

/** Source and target aliases of `spec.mirrors[i]` (v1beta2 or v1). */
export function crMirrorAliases(cr: KafkaMirrorMaker2Resource, i: number): { source: string; target: string } | undefined {
  const m = cr.spec.mirrors?.[i];
  if (!m) return undefined;
  const source = m.source?.alias ?? m.sourceCluster;
  const target = cr.spec.target?.alias ?? m.targetCluster;
  return source !== undefined && target !== undefined ? { source, target } : undefined;
}

/** The SASL mechanism and username a cluster spec gives, to complete a bot-config `sasl` that leaves them out. */
function saslOf(spec: StrimziClusterSpec): { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username?: string | undefined } | undefined {
  const a = clientAuthOf(spec);
  return a.kind === 'sasl' ? a : undefined;
}

/** What `spec.mirrors[i]` lacks to name its source and target. */
function missingAliases(cr: KafkaMirrorMaker2Resource, i: number): string[] {
  const m = cr.spec.mirrors?.[i];
  const v1 = cr.spec.target !== undefined || m?.source !== undefined;
  const out: string[] = [];
  if ((m?.source?.alias ?? m?.sourceCluster) === undefined) out.push(v1 ? 'source.alias' : 'sourceCluster');
  if ((cr.spec.target?.alias ?? m?.targetCluster) === undefined) out.push(v1 ? 'spec.target.alias' : 'targetCluster');
  return out;
}
