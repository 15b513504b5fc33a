/**
 * Reads `KafkaMirrorMaker2` resources from a YAML file as users keep them: one document,
 * a multi-document stream, or `kubectl get … -o yaml` output (`kind: List`). Fields mm2-doctor
 * uses are validated with positions in that file. Unknown fields in mirrors, clusters and connector
 * specs are warnings: Kubernetes prunes them, so Strimzi never sees a misspelled `groupPattern`.
 * Parsed as YAML 1.1, like the Kubernetes API server (`yes` is a boolean there).
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { ConfigDocument, type Path } from './document.ts';
import type { ConfigError } from './errors.ts';
import type { ConfigLocation } from './schema.ts';
import { configErrorMap, nonEmptyString, nullAsAbsent, scalarText, strictMap, unread } from './zod-yaml.ts';

const PRUNED = 'Kubernetes drops unknown fields, so Strimzi does not see it';

/** Fields mm2-doctor does not read but Strimzi knows: accepted without a warning. */
const known = (...names: string[]) => Object.fromEntries(names.map((n) => [n, unread]));
/** A map of string keys to scalars (connector and client `config`). */
const scalars = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]).describe('a scalar'));

const connectorSpec = strictMap({
  tasksMax: z.int().min(1).optional(),
  pause: z.boolean().optional(),
  state: z.enum(['running', 'paused', 'stopped']).describe('connector state').optional(),
  config: scalars.optional(),
  autoRestart: strictMap({ enabled: z.boolean().optional(), maxRestarts: z.int().min(0).optional() }).optional(),
  ...known('listOffsets', 'alterOffsets', 'version'),
});

const authentication = strictMap({
  type: z.enum(['tls', 'scram-sha-256', 'scram-sha-512', 'plain', 'oauth', 'custom']).describe('authentication type'),
  username: z.string().optional(),
  passwordSecret: strictMap({ secretName: z.string(), password: z.string() }).optional(),
  certificateAndKey: strictMap({ secretName: z.string(), certificate: z.string(), key: z.string() }).optional(),
  sasl: z.boolean().optional(),
  config: scalars.optional(),
  ...known(
    'clientId', 'clientSecret', 'tokenEndpointUri', 'accessToken', 'refreshToken', 'tlsTrustedCertificates', 'disableTlsHostnameVerification',
    'maxTokenExpirySeconds', 'accessTokenIsJwt', 'scope', 'audience', 'enableMetrics', 'readTimeoutSeconds', 'connectTimeoutSeconds',
    'httpRetries', 'httpRetryPauseMs', 'clientAssertion', 'clientAssertionPath', 'clientAssertionType', 'saslExtensions',
    'accessTokenLocation', 'includeAcceptHeader', 'grantsRefreshPeriodSeconds', 'grantsRefreshPoolSize',
  ),
});

const clusterFields = {
  alias: z.string().regex(/^[a-zA-Z0-9._-]{1,100}$/).describe('a cluster alias'),
  bootstrapServers: nonEmptyString,
  // CRD: secretName plus one of certificate | pattern (pattern since Strimzi 0.42).
  tls: strictMap({ trustedCertificates: z.array(strictMap({ secretName: z.string(), certificate: z.string().optional(), pattern: z.string().optional() })).optional() }).optional(),
  authentication: authentication.optional(),
  config: scalars.optional(),
};
const cluster = strictMap(clusterFields);
const targetCluster = strictMap({ ...clusterFields, ...known('groupId', 'configStorageTopic', 'statusStorageTopic', 'offsetStorageTopic') });

const mirror = strictMap({
  sourceCluster: z.string().optional(),
  targetCluster: z.string().optional(),
  source: cluster.optional(),
  sourceConnector: connectorSpec.optional(),
  checkpointConnector: connectorSpec.optional(),
  heartbeatConnector: connectorSpec.optional(),
  topicsPattern: scalarText.optional(),
  topicsExcludePattern: scalarText.optional(),
  topicsBlacklistPattern: scalarText.optional(),
  groupsPattern: scalarText.optional(),
  groupsExcludePattern: scalarText.optional(),
  groupsBlacklistPattern: scalarText.optional(),
});

const spec = strictMap({
  version: scalarText.optional(),
  replicas: z.int().min(0).optional(),
  connectCluster: z.string().optional(),
  clusters: z.array(cluster).optional(),
  target: targetCluster.optional(),
  // Not required by the v1beta2 CRD (only connectCluster is); the operator then reports the
  // resource NotReady. A file without mirrors is read, and a mirror asked of it is an error then.
  mirrors: z.array(mirror).optional(),
  tracing: nullAsAbsent(z.object({ type: z.string().optional() })).optional(),
  rack: z.unknown().optional(),
  ...known('image', 'resources', 'livenessProbe', 'readinessProbe', 'jvmOptions', 'jmxOptions', 'logging', 'clientRackInitImage', 'metricsConfig', 'template', 'externalConfiguration'),
});

/** Schema of a single `KafkaMirrorMaker2` document: the fields mm2-doctor reads, checked; others pass. */
export const kafkaMirrorMaker2Schema = nullAsAbsent(
  z.object({
    apiVersion: z.string().optional(),
    kind: z.string(),
    metadata: nullAsAbsent(z.object({ name: z.string().optional(), namespace: z.string().optional() })).optional(),
    spec,
    status: nullAsAbsent(z.object({ url: z.string().optional() })).optional(),
  }),
);

/** One `KafkaMirrorMaker2` found in a file, with a way to locate its fields. */
export interface StrimziDocument {
  resource: KafkaMirrorMaker2Resource;
  name: string | undefined;
  /** Position of a field of this resource, e.g. `['spec', 'mirrors', 0]`. */
  locate(path: Path): ConfigLocation;
}

/** The KafkaMirrorMaker2 resources of a file, or the errors that prevented reading them. */
export type StrimziFileResult =
  | { ok: true; documents: StrimziDocument[]; warnings: ConfigError[] }
  | { ok: false; errors: ConfigError[]; warnings: ConfigError[] };

/** Parses a Strimzi file's text; `file` is used in positions only. */
export function parseStrimziFile(text: string, file: string): StrimziFileResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, version: '1.1', prettyErrors: false, uniqueKeys: true });
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];
  const documents: StrimziDocument[] = [];
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for an empty file
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: 'the file contains no YAML document' }], warnings };
  }
  for (const doc of docs) {
    for (const e of doc.errors) {
      errors.push({ file, ...lineCounter.linePos(e.pos[0]), path: '', message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}` });
    }
  }
  if (errors.length > 0) {
    // What a paste leaves behind explains the whole cascade of syntax errors better than its first line.
    const artefacts = pasteArtefacts(text, file);
    return { ok: false, errors: artefacts.length > 0 ? artefacts : errors, warnings };
  }

  for (const yamlDoc of docs) {
    const whole = ConfigDocument.of(file, yamlDoc, lineCounter);
    const written = whole.data();
    if (!written.ok) {
      errors.push(written.error);
      continue;
    }
    const top = written.value;
    // `kubectl get … -o yaml` of several resources is a `kind: List` of them.
    const items = isKind(top, 'List') && Array.isArray(top.items) ? (top.items as unknown[]) : undefined;
    const candidates = items ? items.map((data, i) => ({ data, base: ['items', i] })) : [{ data: top, base: [] }];
    for (const { data, base } of candidates) {
      if (!isKind(data, 'KafkaMirrorMaker2')) continue;
      // Paths in messages are relative to the resource (spec.mirrors[0]…), as users read them.
      const doc = whole.at(base);
      const r = readResource(doc, data);
      errors.push(...r.errors);
      warnings.push(...r.warnings);
      if (r.resource) documents.push({ resource: r.resource, name: r.resource.metadata?.name, locate: (path) => doc.location(path) });
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  if (documents.length === 0) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: 'no KafkaMirrorMaker2 resource in this file' }], warnings };
  }
  return { ok: true, documents, warnings };
}

/**
 * Leftovers of copying a resource from a web page into a file, which make it invalid YAML:
 * Markdown backticks or fences, a Markdown quote (`> `) and the documentation's callout markers
 * (`replicas: 3 (2)`). Asked only once the YAML did not parse, so valid text is never second-guessed.
 */
function pasteArtefacts(text: string, file: string): ConfigError[] {
  const out: ConfigError[] = [];
  const lines = text.split(/\r?\n/);
  const callouts: number[] = [];
  lines.forEach((line, i) => {
    const at = (col: number, message: string) => out.push({ file, line: i + 1, col: col + 1, path: '', message });
    const tick = /^\s*`/.exec(line);
    if (tick) at(tick[0].length - 1, 'a Markdown backtick (`) left from a paste; remove the backticks and code fences around the resource');
    else if (/^>( |$)/.test(line)) at(0, "a Markdown quote marker ('> ') left from a paste; remove it from the start of the line");
    if (/\S\s+\(\d{1,2}\)\s*$/.test(line) && !/^\s*#/.test(line)) callouts.push(i + 1);
  });
  if (callouts.length > 0) {
    const first = callouts[0]!;
    const marker = /\((\d{1,2})\)\s*$/.exec(lines[first - 1] ?? '')?.[0].trim() ?? '(1)';
    const shown = callouts.slice(0, 8).join(', ') + (callouts.length > 8 ? ', …' : '');
    out.push({
      file,
      line: first,
      col: (lines[first - 1] ?? '').lastIndexOf(marker) + 1,
      path: '',
      message: `documentation callout markers such as '${marker}' are left at the end of ${callouts.length === 1 ? 'line' : 'lines'} ${shown}; remove them (they are the numbered notes of the Strimzi documentation, not YAML)`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

function isKind(data: unknown, kind: string): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === kind;
}

/**
 * Unknown fields are warnings: Kubernetes prunes them, so the resource Strimzi acts on is the one
 * without them, and that is the one returned.
 */
function readResource(doc: ConfigDocument, data: Record<string, unknown>): { resource?: KafkaMirrorMaker2Resource; errors: ConfigError[]; warnings: ConfigError[] } {
  const first = kafkaMirrorMaker2Schema.safeParse(data, { error: configErrorMap });
  if (first.success) return { resource: first.data, errors: [], warnings: [] };
  const unknown = first.error.issues.filter((i) => i.code === 'unrecognized_keys');
  const errors = doc.errorsOf(first.error.issues.filter((i) => i.code !== 'unrecognized_keys'));
  const warnings = doc.errorsOf(unknown).map((w) => ({ ...w, message: `${w.message}. ${PRUNED}` }));
  if (errors.length > 0) return { errors, warnings };
  const pruned = structuredClone(data);
  for (const issue of unknown) {
    const map = issue.path.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown>)[p], pruned) as Record<string, unknown>;
    for (const k of issue.keys) delete map[k];
  }
  const second = kafkaMirrorMaker2Schema.safeParse(pruned, { error: configErrorMap });
  return second.success ? { resource: second.data, errors, warnings } : { errors: doc.errorsOf(second.error.issues), warnings };
}
