/**
 * Reads `KafkaMirrorMaker2` resources from a YAML file as users keep them: one document,
 * a multi-document stream, or `kubectl get … -o yaml` output (`kind: List`). Fields mm2-doctor
 * uses are validated with positions in that file. Unknown fields in mirrors, clusters and connector
 * specs are warnings: Kubernetes prunes them, so Strimzi never sees a misspelled `groupPattern`.
 * Parsed as YAML 1.1, like the Kubernetes API server (`yes` is a boolean there).
 */
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import type { ConfigError } from './errors.ts';
import type { ConfigLocation } from './schema.ts';
import {
  anything,
  boolean,
  formatPath,
  integer,
  INVALID,
  list,
  object,
  oneOf,
  optional,
  ParseContext,
  record,
  required,
  scalar,
  string,
  type Path,
  type Schema,
} from './schema-kit.ts';

const PRUNED = 'Kubernetes drops unknown fields, so Strimzi does not see it';

const connectorSpec = object(
  {
    tasksMax: optional(integer({ min: 1 })),
    pause: optional(boolean()),
    state: optional(oneOf(['running', 'paused', 'stopped'] as const, 'connector state')),
    config: optional(record(scalar())),
    autoRestart: optional(object({ enabled: optional(boolean()), maxRestarts: optional(integer({ min: 0 })) })),
  },
  { unknownKeys: 'warn', alsoKnown: ['listOffsets', 'alterOffsets', 'version'], unknownKeyNote: PRUNED },
);

const authentication = object(
  {
    type: required(oneOf(['tls', 'scram-sha-256', 'scram-sha-512', 'plain', 'oauth', 'custom'] as const, 'authentication type')),
    username: optional(string()),
    passwordSecret: optional(object({ secretName: required(string()), password: required(string()) }, { unknownKeys: 'warn', unknownKeyNote: PRUNED })),
    certificateAndKey: optional(object({ secretName: required(string()), certificate: required(string()), key: required(string()) }, { unknownKeys: 'warn', unknownKeyNote: PRUNED })),
    sasl: optional(boolean()),
    config: optional(record(scalar())),
  },
  {
    unknownKeys: 'warn',
    unknownKeyNote: PRUNED,
    alsoKnown: [
      'clientId', 'clientSecret', 'tokenEndpointUri', 'accessToken', 'refreshToken', 'tlsTrustedCertificates', 'disableTlsHostnameVerification',
      'maxTokenExpirySeconds', 'accessTokenIsJwt', 'scope', 'audience', 'enableMetrics', 'readTimeoutSeconds', 'connectTimeoutSeconds',
      'httpRetries', 'httpRetryPauseMs', 'clientAssertion', 'clientAssertionPath', 'clientAssertionType', 'saslExtensions',
      'accessTokenLocation', 'includeAcceptHeader', 'grantsRefreshPeriodSeconds', 'grantsRefreshPoolSize',
    ],
  },
);

const clusterFields = {
  alias: required(string({ pattern: /^[a-zA-Z0-9._-]{1,100}$/, expected: 'a cluster alias' })),
  bootstrapServers: required(string({ nonEmpty: true })),
  tls: optional(object({ trustedCertificates: optional(list(anything())) }, { unknownKeys: 'warn', unknownKeyNote: PRUNED })),
  authentication: optional(authentication),
  config: optional(record(scalar())),
};
const cluster = object(clusterFields, { unknownKeys: 'warn', unknownKeyNote: PRUNED });
const targetCluster = object(clusterFields, {
  unknownKeys: 'warn',
  unknownKeyNote: PRUNED,
  alsoKnown: ['groupId', 'configStorageTopic', 'statusStorageTopic', 'offsetStorageTopic'],
});

const mirror = object(
  {
    sourceCluster: optional(string()),
    targetCluster: optional(string()),
    source: optional(cluster),
    sourceConnector: optional(connectorSpec),
    checkpointConnector: optional(connectorSpec),
    heartbeatConnector: optional(connectorSpec),
    topicsPattern: optional(string({ coerce: true })),
    topicsExcludePattern: optional(string({ coerce: true })),
    topicsBlacklistPattern: optional(string({ coerce: true })),
    groupsPattern: optional(string({ coerce: true })),
    groupsExcludePattern: optional(string({ coerce: true })),
    groupsBlacklistPattern: optional(string({ coerce: true })),
  },
  { unknownKeys: 'warn', unknownKeyNote: PRUNED },
);

const spec = object(
  {
    version: optional(string({ coerce: true })),
    replicas: optional(integer({ min: 0 })),
    connectCluster: optional(string()),
    clusters: optional(list(cluster)),
    target: optional(targetCluster),
    mirrors: required(list(mirror)),
    tracing: optional(object({ type: optional(string()) }, { unknownKeys: 'ignore' })),
    rack: optional(anything()),
  },
  {
    unknownKeys: 'warn',
    unknownKeyNote: PRUNED,
    alsoKnown: [
      'image', 'resources', 'livenessProbe', 'readinessProbe', 'jvmOptions', 'jmxOptions', 'logging', 'clientRackInitImage',
      'metricsConfig', 'template', 'externalConfiguration',
    ],
  },
);

const resource = object(
  {
    apiVersion: optional(string()),
    kind: required(string()),
    metadata: optional(object({ name: optional(string()), namespace: optional(string()) }, { unknownKeys: 'ignore' })),
    spec: required(spec),
    status: optional(object({ url: optional(string()) }, { unknownKeys: 'ignore' })),
  },
  { unknownKeys: 'ignore' },
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
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for an empty file
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: 'the file contains no YAML document' }], warnings };
  }
  for (const doc of list) {
    for (const e of doc.errors) {
      errors.push({ file, ...lineCounter.linePos(e.pos[0]), path: '', message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings };

  for (const doc of list) {
    const ctx = new ParseContext(file, lineCounter, doc as Document);
    const root = ctx.deref(doc.contents);
    if (root === null) continue;
    const kind = isMap(root) ? root.get('kind') : undefined;
    const candidates: Array<{ node: Node; path: Path }> = [];
    if (kind === 'List') {
      const items = ctx.deref(root && isMap(root) ? root.get('items', true) : null);
      if (isSeq(items)) items.items.forEach((n, i) => candidates.push({ node: ctx.deref(n) as Node, path: ['items', i] }));
    } else {
      candidates.push({ node: root, path: [] });
    }
    for (const c of candidates) {
      if (!isMap(c.node) || c.node.get('kind') !== 'KafkaMirrorMaker2') continue;
      const parsed = resource.parse(c.node, c.path, ctx);
      if (parsed === INVALID) continue;
      const base = c.path;
      const rel = (path: Path): ConfigLocation => {
        const full = [...base, ...path];
        const node = ctx.nodeAt(full);
        return { file, ...ctx.position(node ?? c.node), path: formatPath(path) };
      };
      documents.push({ resource: parsed as KafkaMirrorMaker2Resource, name: parsed.metadata?.name, locate: rel });
    }
    // Paths in messages are relative to the resource (spec.mirrors[0]…), as users read them.
    const strip = (e: ConfigError): ConfigError => ({ ...e, path: e.path.replace(/^items\[\d+\]\.?/, '') });
    errors.push(...ctx.errors.map(strip));
    warnings.push(...ctx.warnings.map(strip));
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  if (documents.length === 0) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: 'no KafkaMirrorMaker2 resource in this file' }], warnings };
  }
  return { ok: true, documents, warnings };
}

/** Schema of a single `KafkaMirrorMaker2` document (exported for tests and gatherers). */
export const kafkaMirrorMaker2Schema: Schema<unknown> = resource;
