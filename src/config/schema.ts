/**
 * The mm2-doctor configuration file (YAML), its schema and the typed result.
 *
 * ```yaml
 * # mm2-doctor.yaml
 * clusters:                                  # keyed by the MM2 cluster alias
 *   svl:
 *     bootstrap: 127.0.0.1:9092              # "h1:9092,h2:9092" or a list [h1:9092, h2:9092]
 *     sasl:
 *       mechanism: scram-sha-512             # plain | scram-sha-256 | scram-sha-512
 *       username: mm2-doctor
 *       password: { env: SVL_PASSWORD }      # a reference only: { env: NAME } or { file: PATH }
 *     tls: { ca: { file: /etc/ssl/svl-ca.pem } }   # or `tls: true` for the system CAs
 *     timeoutMs: 5000                        # default 5000
 *   confluent:
 *     bootstrap: pkc-xxxxx.eu-west-1.aws.confluent.cloud:9092
 *     sasl: { mechanism: plain, username: ABCDEFGHIJKLMNOP, password: { file: /run/secrets/confluent } }
 *     tls: true
 * mirrors:
 *   - source: svl                            # cluster aliases from `clusters` (or a Strimzi file)
 *     target: confluent
 *     kafkaVersion: 3.9.0                    # of the MM2 runtime; default: the CR's spec.version, else 3.9.0
 *     connect:                               # optional: Kafka Connect REST of the MM2 workers
 *       url: http://svl-prod-mirrormaker2-api.svl-prod.svc:8083
 *       timeoutMs: 5000
 *       auth: { username: admin, password: { env: CONNECT_PASSWORD } }   # optional basic auth
 *       connectors: { checkpoint: "svl->confluent.MirrorCheckpointConnector" }  # names, if not Strimzi's
 *     strimzi: { file: ./kmm2.yaml, mirror: 0 }   # optional; or { kubernetes: { namespace: kafka, name: my-mm2 } }
 *     settings:                              # MM2 connector settings to assume when Connect is not reachable
 *       emit.checkpoints.interval.seconds: "60"
 * ```
 *
 * Rules:
 * - Unknown keys are errors (with a did-you-mean). Every error names file, line, column and key path.
 * - Secrets are references only. An inline password is rejected; references are resolved at use
 *   time by `resolveSecret` (src/config/secrets.ts).
 * - `strimzi.file` (relative to this file) is a `KafkaMirrorMaker2` as users already keep it
 *   (`kubectl get kmm2 -o yaml`, a List, or a multi-document file; pick one with `strimzi.name`).
 *   `mirror:` selects `spec.mirrors[]` by index, by `"svl->confluent"` or `"*"` for all; without
 *   it, the CR mirror with this entry's source/target is used, or the only one. `source`/`target`
 *   may then be omitted. The CR's `spec.clusters` are imported: bootstrap servers, TLS on/off,
 *   authentication type and username. A cluster defined in both places takes each connection
 *   detail from the bot config first (it is what the bot can actually reach), the rest from the CR.
 *   Passwords always come from the bot config (Kubernetes Secrets are not readable here).
 * - `settings` values are strings (numbers and booleans are taken as written). Keys MM2 knows are
 *   checked for typos; other connector keys are accepted.
 *
 * Later sections (`slack:`, `access:`, `digests:`, `alerts:`, `history:`) are added as entries of
 * {@link sections}; the validator needs no other change.
 */
import type { Node } from 'yaml';
import { mm2KeyNames } from '../mm2/keys.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { parseKafkaVersion } from '../mm2/version.ts';
import type { ConfigError } from './errors.ts';
import {
  boolean,
  byShape,
  integer,
  INVALID,
  list,
  object,
  oneOf,
  optional,
  record,
  refine,
  required,
  string,
  withDefault,
  type ObjectOf,
  type ParseContext,
  type Path,
  type Schema,
} from './schema-kit.ts';
import type { SecretRef } from './secrets.ts';
import { accessSchema, slackSchema, type AccessConfig, type SlackConfig } from '../slack/config.ts';
import { suggestionSuffix } from './suggest.ts';
import { alertsSchema, digestsSchema, type AlertsConfig, type DigestConfig } from '../schedule/config.ts';
import { historySchema, type HistoryConfig } from '../history/config.ts';
import { coordinationSchema, type CoordinationConfig } from '../coordination/config.ts';

/** Default client and REST timeout. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** SASL mechanisms the bot's Kafka client supports. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
/** A supported SASL mechanism. */
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

// Strimzi's alias pattern (KafkaMirrorMaker2ClusterSpec): ^[a-zA-Z0-9\._\-]{1,100}$
const ALIAS = /^[a-zA-Z0-9._-]{1,100}$/;
const aliasSchema = string({ pattern: ALIAS, expected: 'a cluster alias (letters, digits, ., _, -)' });

/** `{ env: NAME }` or `{ file: PATH }`; an inline value is an error that never repeats the value. */
export const secretRefSchema: Schema<SecretRef> = {
  expected: '{ env: NAME } or { file: PATH }',
  parse(node, path, ctx) {
    const inner = byShape<SecretRef>('{ env: NAME } or { file: PATH }', {
      scalar: {
        expected: 'a reference',
        parse: (n, p, c) => c.error(n, p, 'inline secrets are not allowed; use { env: NAME } or { file: PATH }'),
      },
      map: refine(
        object({ env: optional(string({ pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, expected: 'an environment variable name' })), file: optional(string({ nonEmpty: true })) }),
        (v, n, p, c): SecretRef | typeof INVALID => {
          if (v.env !== undefined && v.file === undefined) return { env: v.env };
          if (v.file !== undefined && v.env === undefined) return { file: v.file };
          return c.error(n, p, 'give exactly one of env or file');
        },
      ),
    });
    return inner.parse(node, path, ctx);
  },
};

const fileRef = object({ file: required(string({ nonEmpty: true })) });

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;
function checkHostPorts(values: string[], node: Node | null, path: Path, ctx: ParseContext): string[] | typeof INVALID {
  const out = values.map((v) => v.trim()).filter((v) => v !== '');
  if (out.length === 0) return ctx.error(node, path, 'expected at least one host:port');
  for (const v of out) {
    const m = HOST_PORT.exec(v);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return ctx.error(node, path, `'${v}' is not host:port`);
  }
  return out;
}
const bootstrapSchema: Schema<string[]> = byShape('host:port, a comma-separated string or a list', {
  scalar: refine(string(), (v, n, p, c) => checkHostPorts(v.split(','), n, p, c)),
  list: refine(list(string()), (v, n, p, c) => checkHostPorts(v, n, p, c)),
});

/** `tls: true | false | { ca, servername, rejectUnauthorized }` (false means no TLS). */
export interface TlsConfig {
  ca?: { file: string } | undefined;
  servername?: string | undefined;
  rejectUnauthorized: boolean;
}
const tlsSchema: Schema<TlsConfig | false> = byShape('true, false or { ca: { file: PATH } }', {
  scalar: refine(boolean(), (v): TlsConfig | false => (v ? { rejectUnauthorized: true } : false)),
  map: object({ ca: optional(fileRef), servername: optional(string({ nonEmpty: true })), rejectUnauthorized: withDefault(boolean(), true) }),
});

const saslSchema = object({
  mechanism: optional(oneOf(SASL_MECHANISMS, 'SASL mechanism')),
  username: optional(string({ nonEmpty: true })),
  password: optional(secretRefSchema),
});

const clusterSchema = object({
  bootstrap: optional(bootstrapSchema),
  sasl: optional(saslSchema),
  tls: optional(tlsSchema),
  timeoutMs: optional(integer({ min: 1 })),
});

const urlSchema = refine(string({ nonEmpty: true }), (v, n, p, c) => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return c.error(n, p, 'expected an http(s) URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return c.error(n, p, 'expected an http(s) URL');
  if (u.username !== '' || u.password !== '') return c.error(n, p, 'credentials in the URL are not allowed; use connect.auth with a password reference');
  return v.replace(/\/+$/, '');
}, 'an http(s) URL');

const connectSchema = object({
  url: required(urlSchema),
  timeoutMs: withDefault(integer({ min: 1 }), DEFAULT_TIMEOUT_MS),
  connectors: withDefault(object({ source: optional(string({ nonEmpty: true })), checkpoint: optional(string({ nonEmpty: true })), heartbeat: optional(string({ nonEmpty: true })) }), {}),
  auth: optional(object({ username: required(string({ nonEmpty: true })), password: required(secretRefSchema) })),
});

/** `mirror:` of a Strimzi reference: an index, `"src->tgt"`, or `"*"` for every mirror. */
export type StrimziMirrorSelector = number | string;
const mirrorSelector: Schema<StrimziMirrorSelector> = byShape('an index, "source->target" or "*"', {
  scalar: {
    expected: 'an index, "source->target" or "*"',
    parse(node, path, ctx) {
      const asInt = integer({ min: 0 });
      if (node && 'value' in node && typeof node.value === 'number') return asInt.parse(node, path, ctx);
      return refine(string(), (v, n, p, c) => (v === '*' || /^[^\s]+->[^\s]+$/.test(v) ? v : c.error(n, p, 'expected an index, "source->target" or "*"'))).parse(node, path, ctx);
    },
  },
});

const strimziRefSchema = refine(
  object({
    file: optional(string({ nonEmpty: true })),
    kubernetes: optional(object({ namespace: required(string({ nonEmpty: true })), name: required(string({ nonEmpty: true })), context: optional(string({ nonEmpty: true })) })),
    name: optional(string({ nonEmpty: true })),
    mirror: optional(mirrorSelector),
  }),
  (v, n, p, c) => ((v.file === undefined) === (v.kubernetes === undefined) ? c.error(n, p, 'give exactly one of file or kubernetes') : v),
);

const KNOWN_SETTINGS = mm2KeyNames();
const settingsSchema = record(string({ coerce: true }), {
  key(key, keyNode, path, ctx) {
    if (KNOWN_SETTINGS.includes(key)) return true;
    const hint = suggestionSuffix(key, KNOWN_SETTINGS);
    if (hint === '') return true; // an MM2/connector key mm2-doctor does not model
    ctx.error(keyNode, path, `unknown MM2 setting '${key}'${hint}`);
    return false;
  },
});

const kafkaVersionSchema = refine(string({ coerce: true }), (v, n, p, c) => ('error' in parseKafkaVersion(v) ? c.error(n, p, 'expected a Kafka version such as 3.9.0') : v), 'a Kafka version');

const mirrorSchema = object({
  source: optional(aliasSchema),
  target: optional(aliasSchema),
  kafkaVersion: optional(kafkaVersionSchema),
  connect: optional(connectSchema),
  strimzi: optional(strimziRefSchema),
  settings: withDefault(settingsSchema, {}),
});

/** Top-level sections of the file. Adding a section = adding an entry here. */
export const sections = {
  clusters: withDefault(record(clusterSchema, {
    key: (key, keyNode, path, ctx) => (ALIAS.test(key) ? true : (ctx.error(keyNode, path, 'cluster aliases may contain letters, digits, ., _ and - only'), false)),
  }), {}),
  mirrors: required(list(mirrorSchema, { nonEmpty: true })),
  /** Scheduled channel digests (src/schedule/config.ts). */
  digests: optional(digestsSchema),
  /** Alerts when a mirror's verdict worsens (src/schedule/config.ts). */
  alerts: optional(alertsSchema),
  /** Where diagnosis results are kept (src/history/config.ts). */
  history: optional(historySchema),
  /** The bot's own cluster, where replicas elect one poster (src/coordination/config.ts). */
  coordination: optional(coordinationSchema),
  /** The Slack bot: tokens, mode, ports, state dir (src/slack/config.ts). */
  slack: optional(slackSchema),
  /** Who may ask about which mirror, where (src/slack/config.ts). */
  access: optional(accessSchema),
};

/** Schema of the whole file as written (before Strimzi import and cross-checks). */
export const configSchema = object(sections);

/** The file as written and validated, before merging with Strimzi files. */
export type RawConfig = ObjectOf<typeof sections>;
/** One `mirrors[]` entry as written. */
export type RawMirror = RawConfig['mirrors'][number];
/** One `clusters.<alias>` entry as written. */
export type RawCluster = RawConfig['clusters'][string];

/** A position in a file, for provenance. */
export interface ConfigLocation {
  file: string;
  line: number;
  col: number;
  path: string;
}

/** A cluster the bot connects to, after merging with Strimzi. */
export interface ClusterConfig {
  alias: string;
  bootstrap: string[];
  sasl?: { mechanism: SaslMechanism; username: string; password: SecretRef } | undefined;
  tls?: TlsConfig | undefined;
  timeoutMs: number;
  /** The bot-config entry and/or the Strimzi `spec.clusters[]` entry it was built from. */
  definedAt: ConfigLocation[];
}

/** Kafka Connect REST access for a mirror. */
export interface ConnectConfig {
  url: string;
  timeoutMs: number;
  connectors: { source?: string | undefined; checkpoint?: string | undefined; heartbeat?: string | undefined };
  auth?: { username: string; password: SecretRef } | undefined;
}

/** The Strimzi resource behind a mirror. */
export interface StrimziLink {
  /** Absolute path of the CR file, when read from a file. */
  file?: string | undefined;
  /** Where to read the CR from the Kubernetes API (done by a gatherer, not at load time). */
  kubernetes?: { namespace: string; name: string; context?: string | undefined } | undefined;
  /** The parsed resource (file references only). */
  resource?: KafkaMirrorMaker2Resource | undefined;
  /** Index into `spec.mirrors` (file references only). */
  mirrorIndex?: number | undefined;
  /** Position of `spec.mirrors[mirrorIndex]` in the CR file. */
  definedAt?: ConfigLocation | undefined;
}

/** One mirror (flow) to diagnose. */
export interface MirrorConfig {
  /** `source->target`, the name used by `/mm2 diagnose`. */
  id: string;
  source: string;
  target: string;
  kafkaVersion: string;
  connect?: ConnectConfig | undefined;
  strimzi?: StrimziLink | undefined;
  settings: Record<string, string>;
  /** Bot-config path of the entry (`mirrors[0]`), the provenance of `settings`. */
  path: string;
  definedAt: ConfigLocation;
}

/** The loaded, validated configuration. */
export interface Config {
  file: string;
  clusters: Record<string, ClusterConfig>;
  mirrors: MirrorConfig[];
  digests?: DigestConfig[] | undefined;
  /** `channels` maps each routed mirror to its alert channel. */
  alerts?: AlertsConfig | undefined;
  history?: HistoryConfig | undefined;
  coordination?: CoordinationConfig | undefined;
  /** `slack:` as written (defaults applied by src/slack/config.ts `slackConfigOf`). */
  slack?: SlackConfig | undefined;
  access?: AccessConfig | undefined;
  warnings: ConfigError[];
}
