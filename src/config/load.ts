/**
 * Loads the bot config: YAML syntax, schema, Strimzi imports and cross-checks (aliases, duplicate
 * mirrors, missing connection details), returning a typed {@link Config} or ALL errors found.
 * Reading files is the only I/O, and it is injectable.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import type { KafkaMirrorMaker2Resource, StrimziClusterSpec } from '../mm2/strimzi.ts';
import { DEFAULT_KAFKA_VERSION } from '../mm2/version.ts';
import { sortConfigErrors, type ConfigError } from './errors.ts';
import {
  configSchema,
  DEFAULT_TIMEOUT_MS,
  type ClusterConfig,
  type Config,
  type ConfigLocation,
  type MirrorConfig,
  type RawCluster,
  type RawMirror,
  type SaslMechanism,
} from './schema.ts';
import { formatPath, INVALID, ParseContext, type Path } from './schema-kit.ts';
import { parseStrimziFile, type StrimziDocument, type StrimziFileResult } from './strimzi-file.ts';
import { checkScheduleSections } from '../schedule/sections.ts';
import { suggestionSuffix } from './suggest.ts';

/** Result of loading: the config, or every error (each with file, line, column and path). */
export type LoadResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[]; warnings: ConfigError[] };

/** File access used by the loader (synchronous; the config is read once at start-up). */
export interface LoadIO {
  readFile(path: string): string;
}

const defaultIO: LoadIO = { readFile: (p) => readFileSync(p, 'utf8') };

/** Reads and validates the config file at `path`. */
export function loadConfig(path: string, io: LoadIO = defaultIO): LoadResult {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    return { ok: false, errors: [{ file: path, line: 1, col: 1, path: '', message: `cannot read the config file (${errorCode(e)})` }], warnings: [] };
  }
  return parseConfig(text, path, io);
}

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'read error';
}

/** Validates config text; `file` names it in errors and anchors relative Strimzi paths. */
export function parseConfig(text: string, file: string, io: LoadIO = defaultIO): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((e) => ({ file, ...lineCounter.linePos(e.pos[0]), path: '', message: `YAML syntax: ${firstLine(e.message)}` }));
  if (syntax.length > 0) return { ok: false, errors: syntax, warnings: [] };

  const ctx = new ParseContext(file, lineCounter, doc);
  const raw = configSchema.parse(ctx.deref(doc.contents), [], ctx);
  if (raw === INVALID) return { ok: false, errors: ctx.errors, warnings: ctx.warnings };
  const loader = new Loader(ctx, file, io);
  const config = loader.build(raw.clusters ?? {}, raw.mirrors ?? []);
  const schedule = checkScheduleSections(raw, config, ctx);
  const errors = [...ctx.errors, ...loader.foreignErrors];
  const warnings = [...ctx.warnings, ...loader.foreignWarnings];
  if (errors.length > 0) return { ok: false, errors: sortConfigErrors(errors), warnings: sortConfigErrors(warnings) };
  const chat = { ...(raw.slack ? { slack: raw.slack } : {}), ...(raw.access ? { access: raw.access } : {}) };
  return { ok: true, config: { ...config, ...schedule, ...chat, warnings: sortConfigErrors(warnings) } };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

const STRIMZI_MECHANISMS: Record<string, SaslMechanism | undefined> = {
  plain: 'plain',
  'scram-sha-256': 'scram-sha-256',
  'scram-sha-512': 'scram-sha-512',
};

interface ImportedCluster {
  spec: StrimziClusterSpec;
  location: ConfigLocation;
  /** Where in the bot config the import was requested (for positioning errors). */
  via: { node: Node | null; path: Path };
}

class Loader {
  readonly foreignErrors: ConfigError[] = [];
  readonly foreignWarnings: ConfigError[] = [];
  private readonly strimziFiles = new Map<string, StrimziFileResult | undefined>();
  private readonly imported = new Map<string, ImportedCluster>();
  /** First place each alias is used by a mirror, for "unknown alias" errors. */
  private readonly uses = new Map<string, { node: Node | null; path: Path }>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly file: string,
    private readonly io: LoadIO,
  ) {}

  private loc(node: Node | null | undefined, path: Path): ConfigLocation {
    return { file: this.file, ...this.ctx.position(node), path: formatPath(path) };
  }

  build(rawClusters: Record<string, RawCluster>, rawMirrors: RawMirror[]): Omit<Config, 'warnings'> {
    const mirrors: MirrorConfig[] = [];
    for (const m of rawMirrors) mirrors.push(...this.mirror(m));
    this.checkDuplicates(mirrors);
    const clusters = this.clusters(rawClusters);
    return { file: this.file, clusters, mirrors };
  }

  private mirror(m: RawMirror): MirrorConfig[] {
    const origin = this.ctx.originOf(m);
    const path = origin?.path ?? ['mirrors'];
    const node = origin?.node ?? null;
    const at = (...p: Array<string | number>) => ({ node: this.ctx.nodeAt([...path, ...p]) ?? node, path: [...path, ...p] as Path });
    const base = {
      connect: m.connect,
      settings: m.settings ?? {},
      path: formatPath(path),
      definedAt: this.loc(node, path),
    };

    // Parts already reported as invalid are not cross-checked again (one mistake, one error).
    if (['source', 'target', 'strimzi'].some((k) => this.ctx.hasErrorsUnder([...path, k]))) return [];
    const strimziFile = m.strimzi?.file;
    if (strimziFile === undefined) {
      const missing = (['source', 'target'] as const).filter((k) => m[k] === undefined);
      for (const k of missing) this.ctx.error(node, path, `missing required key '${k}' (or a strimzi.file to take it from)`);
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

    const abs = isAbsolute(strimziFile) ? strimziFile : resolve(dirname(this.file), strimziFile);
    const fileAt = at('strimzi', 'file');
    const parsed = this.readStrimzi(abs, fileAt);
    if (!parsed) return [];
    const doc = this.pickDocument(parsed, abs, m.strimzi?.name, at('strimzi'));
    if (!doc) return [];
    const indexes = this.selectMirrors(doc, abs, m, at);
    const out: MirrorConfig[] = [];
    for (const k of indexes) {
      const aliases = crMirrorAliases(doc.resource, k);
      if (!aliases) continue;
      this.importClusters(doc, k, at('strimzi'));
      let consistent = true;
      for (const role of ['source', 'target'] as const) {
        const given = m[role];
        if (given !== undefined && given !== aliases[role]) {
          const a = at(role);
          this.ctx.error(a.node, a.path, `'${given}' does not match the ${role} alias '${aliases[role]}' of spec.mirrors[${k}] in ${abs}`);
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

  private readStrimzi(abs: string, at: { node: Node | null; path: Path }): Extract<StrimziFileResult, { ok: true }> | undefined {
    if (!this.strimziFiles.has(abs)) {
      let text: string | undefined;
      try {
        text = this.io.readFile(abs);
      } catch (e) {
        this.ctx.error(at.node, at.path, `cannot read Strimzi file ${abs} (${errorCode(e)})`);
      }
      const result = text === undefined ? undefined : parseStrimziFile(text, abs);
      if (result) {
        this.foreignWarnings.push(...result.warnings);
        if (!result.ok) this.foreignErrors.push(...result.errors);
      }
      this.strimziFiles.set(abs, result);
    }
    const r = this.strimziFiles.get(abs);
    return r?.ok ? r : undefined;
  }

  private pickDocument(parsed: Extract<StrimziFileResult, { ok: true }>, abs: string, name: string | undefined, at: { node: Node | null; path: Path }): StrimziDocument | undefined {
    const names = parsed.documents.map((d) => d.name ?? '(unnamed)');
    if (name !== undefined) {
      const d = parsed.documents.find((x) => x.name === name);
      if (!d) {
        const n = this.ctx.nodeAt([...at.path, 'name']) ?? at.node;
        this.ctx.error(n, [...at.path, 'name'], `no KafkaMirrorMaker2 named '${name}' in ${abs}${suggestionSuffix(name, names)}; found: ${names.join(', ')}`);
      }
      return d;
    }
    if (parsed.documents.length === 1) return parsed.documents[0];
    this.ctx.error(at.node, at.path, `${abs} holds ${parsed.documents.length} KafkaMirrorMaker2 resources (${names.join(', ')}); choose one with strimzi.name`);
    return undefined;
  }

  private selectMirrors(doc: StrimziDocument, abs: string, m: RawMirror, at: (...p: Array<string | number>) => { node: Node | null; path: Path }): number[] {
    const crMirrors = doc.resource.spec.mirrors ?? [];
    const ids = crMirrors.map((_, i) => crMirrorAliases(doc.resource, i)).map((a) => (a ? `${a.source}->${a.target}` : '?'));
    const listing = ids.length === 0 ? 'it has none' : `it has ${ids.map((id, i) => `[${i}] ${id}`).join(', ')}`;
    const sel = m.strimzi?.mirror;
    const selAt = at('strimzi', 'mirror');
    if (typeof sel === 'number') {
      if (sel < crMirrors.length) return [sel];
      this.ctx.error(selAt.node, selAt.path, `spec.mirrors[${sel}] does not exist in ${abs}; ${listing}`);
      return [];
    }
    if (sel === '*') return crMirrors.map((_, i) => i);
    if (typeof sel === 'string') {
      const i = ids.indexOf(sel);
      if (i >= 0) return [i];
      this.ctx.error(selAt.node, selAt.path, `no mirror '${sel}' in ${abs}${suggestionSuffix(sel, ids)}; ${listing}`);
      return [];
    }
    const matches = ids
      .map((id, i) => ({ id, i, a: crMirrorAliases(doc.resource, i) }))
      .filter(({ a }) => a && (m.source === undefined || a.source === m.source) && (m.target === undefined || a.target === m.target));
    if (matches.length === 1 && matches[0]) return [matches[0].i];
    const where = at('strimzi');
    if (matches.length === 0) {
      this.ctx.error(where.node, where.path, `no mirror ${m.source ?? '*'}->${m.target ?? '*'} in ${abs}; ${listing}`);
    } else {
      this.ctx.error(where.node, where.path, `${abs} has several matching mirrors; choose one with strimzi.mirror (${listing})`);
    }
    return [];
  }

  private importClusters(doc: StrimziDocument, k: number, via: { node: Node | null; path: Path }): void {
    const spec = doc.resource.spec;
    const mirror = spec.mirrors?.[k];
    if (!mirror) return;
    const add = (c: StrimziClusterSpec | undefined, path: Path) => {
      if (c && !this.imported.has(c.alias)) this.imported.set(c.alias, { spec: c, location: doc.locate(path), via });
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

  private use(alias: string, at: { node: Node | null; path: Path }): void {
    if (!this.uses.has(alias)) this.uses.set(alias, at);
  }

  private checkDuplicates(mirrors: MirrorConfig[]): void {
    const seen = new Map<string, MirrorConfig>();
    for (const m of mirrors) {
      const first = seen.get(m.id);
      if (first) {
        this.ctx.errors.push({ ...m.definedAt, message: `mirror ${m.id} is defined twice (first at ${first.definedAt.path}, line ${first.definedAt.line})` });
      } else seen.set(m.id, m);
    }
  }

  private clusters(rawClusters: Record<string, RawCluster>): Record<string, ClusterConfig> {
    const known = [...new Set([...Object.keys(rawClusters), ...this.imported.keys()])];
    for (const [alias, at] of this.uses) {
      if (rawClusters[alias] !== undefined || this.imported.has(alias)) continue;
      const hint = suggestionSuffix(alias, known);
      const list = known.length > 0 ? `; known aliases: ${known.join(', ')}` : '; no clusters are defined';
      this.ctx.error(at.node, at.path, `unknown cluster alias '${alias}'${hint}${list}`);
    }
    const out: Record<string, ClusterConfig> = {};
    for (const alias of known) {
      const c = this.cluster(alias, rawClusters[alias], this.imported.get(alias));
      if (c) out[alias] = c;
    }
    return out;
  }

  // A cluster in both places: each connection detail comes from the bot config when given there
  // (it describes what the bot can reach), otherwise from the Strimzi spec.clusters entry.
  // Passwords only ever come from the bot config.
  private cluster(alias: string, bot: RawCluster | undefined, imp: ImportedCluster | undefined): ClusterConfig | undefined {
    const origin = bot ? this.ctx.originOf(bot) : undefined;
    const node = origin?.node ?? imp?.via.node ?? null;
    const path: Path = origin?.path ?? ['clusters', alias];
    if (origin && this.ctx.hasErrorsUnder(path)) return undefined;
    const fix = `clusters.${alias}`;
    const from = imp ? ` (imported from ${imp.location.file}:${imp.location.line}:${imp.location.col} ${imp.location.path})` : '';
    const definedAt: ConfigLocation[] = [];
    if (origin) definedAt.push(this.loc(origin.node, origin.path));
    if (imp) definedAt.push(imp.location);

    const bootstrap = bot?.bootstrap ?? imp?.spec.bootstrapServers.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (bootstrap === undefined || bootstrap.length === 0) {
      this.ctx.error(node, path, `cluster '${alias}' has no bootstrap servers; set ${fix}.bootstrap`);
      return undefined;
    }

    let tls: ClusterConfig['tls'];
    if (bot?.tls !== undefined) tls = bot.tls === false ? undefined : bot.tls;
    else if (imp?.spec.tls) {
      tls = { rejectUnauthorized: true };
      if ((imp.spec.tls.trustedCertificates ?? []).length > 0) {
        this.ctx.warn(node, path, `cluster '${alias}'${from} trusts CA certificates from a Kubernetes Secret; the system CAs are used unless ${fix}.tls.ca is set`);
      }
    }

    const auth = imp?.spec.authentication;
    const importedMechanism = auth ? STRIMZI_MECHANISMS[auth.type] : undefined;
    if (auth && !importedMechanism && bot?.sasl === undefined) {
      this.ctx.error(node, path, `cluster '${alias}'${from} uses authentication type '${auth.type}', which mm2-doctor cannot use; set ${fix}.sasl`);
      return undefined;
    }
    const mechanism = bot?.sasl?.mechanism ?? importedMechanism;
    const username = bot?.sasl?.username ?? (importedMechanism ? auth?.username : undefined);
    const password = bot?.sasl?.password;
    let sasl: ClusterConfig['sasl'];
    if (mechanism !== undefined || username !== undefined || password !== undefined) {
      const missing = [mechanism === undefined && 'mechanism', username === undefined && 'username', password === undefined && 'password'].filter(Boolean);
      if (mechanism === undefined || username === undefined || password === undefined) {
        const how = password === undefined ? ` (a reference: ${fix}.sasl.password: { env: NAME } or { file: PATH })` : '';
        this.ctx.error(node, [...path, 'sasl'], `cluster '${alias}'${from} uses SASL but has no ${missing.join(', ')}${how}`);
        return undefined;
      }
      sasl = { mechanism, username, password };
    }
    return { alias, bootstrap, sasl, tls, timeoutMs: bot?.timeoutMs ?? DEFAULT_TIMEOUT_MS, definedAt };
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
