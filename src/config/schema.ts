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
 *   strimzi-prod:                            # mutual TLS (a Strimzi KafkaUser with `authentication.type: tls`)
 *     bootstrap: prod-kafka-bootstrap.kafka.svc:9093
 *     tls:
 *       ca: { file: /etc/mm2-doctor/prod/ca.crt }          # Secret <cluster>-cluster-ca-cert, key ca.crt
 *       cert: { file: /etc/mm2-doctor/prod/user.crt }      # Secret <user>, key user.crt (PEM)
 *       key: { file: /etc/mm2-doctor/prod/user.key }       # Secret <user>, key user.key; or { env: NAME }
 *       # keyPassword: { env: KEY_PASSWORD }               # only for an encrypted (PKCS#8) key
 *       # or instead of cert and key, the PKCS12 store:
 *       # pkcs12: { file: /etc/mm2-doctor/prod/user.p12 }  # Secret <user>, key user.p12
 *       # pkcs12Password: { file: /etc/mm2-doctor/prod/user.password }
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
 *     # Live from the Kubernetes API: the resource with its status, and the MM2 pods' own logs:
 *     # strimzi: { kubernetes: { namespace: kafka, name: my-mm2, logs: { sinceSeconds: 21600, tailLines: 20000, limitBytes: 4194304 } } }
 *     # (logs: false reads no pod log; RBAC in deploy/rbac.yaml)
 *     settings:                              # MM2 connector settings to assume when Connect is not reachable
 *       emit.checkpoints.interval.seconds: "60"
 * ```
 *
 * Rules:
 * - Unknown keys are errors (with a did-you-mean). Every error names file, line, column and key path.
 * - Secrets are references only. An inline password, key or certificate is rejected (without
 *   repeating it); references and certificate files are read at use time (src/gather/connection.ts),
 *   and key material never appears in any output. Paths are used as written.
 * - `strimzi.file` (relative to this file) is a `KafkaMirrorMaker2` as users already keep it
 *   (`kubectl get kmm2 -o yaml`, a List, or a multi-document file; pick one with `strimzi.name`).
 *   `mirror:` selects `spec.mirrors[]` by index, by `"svl->confluent"` or `"*"` for all; without
 *   it, the CR mirror with this entry's source/target is used, or the only one. `source`/`target`
 *   may then be omitted. The CR's `spec.clusters` are imported: bootstrap servers, TLS on/off,
 *   authentication type and username. A cluster defined in both places takes each connection
 *   detail from the bot config first (it is what the bot can actually reach), the rest from the CR.
 *   Passwords, keys and certificates always come from the bot config (Kubernetes Secrets are not
 *   readable here): an imported `authentication.type: tls` needs `tls.cert` + `tls.key` (or
 *   `tls.pkcs12`), and the error says which Secret Strimzi keeps them in and how to extract them.
 *   `oauth` and `custom` SASL mechanisms other than PLAIN/SCRAM are not supported: the config loads
 *   with a warning and a diagnosis reports that cluster as unusable, unless the bot config gives it
 *   credentials of its own (`sasl`, or a client certificate).
 * - `settings` values are strings (numbers and booleans are taken as written). Keys MM2 knows are
 *   checked for typos; other connector keys are accepted.
 *
 * Other sections (`slack:`, `access:`, `digests:`, `alerts:`, `history:`, `coordination:`) belong to
 * the features that read them; each is a `ConfigSection` (src/config/section.ts) and
 * src/config-sections.ts lists them for the loader.
 */
import { z } from 'zod';
import { mm2KeyNames } from '../mm2/keys.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { parseKafkaVersion } from '../mm2/version.ts';
import type { ConfigError } from './errors.ts';
import { secretRefSchema, type SecretRef } from './secret-ref.ts';
import { suggestionSuffix } from './suggest.ts';
import { nonEmptyString, scalarText, strictMap } from './zod-yaml.ts';

/** Default client and REST timeout. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** SASL mechanisms the bot's Kafka client supports. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
/** A supported SASL mechanism. */
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

// Strimzi's alias pattern (KafkaMirrorMaker2ClusterSpec): ^[a-zA-Z0-9\._\-]{1,100}$
const ALIAS = /^[a-zA-Z0-9._-]{1,100}$/;
/** Whether `key` may name a cluster. */
export const isClusterAlias = (key: string): boolean => ALIAS.test(key);
const aliasSchema = z.string().regex(ALIAS).describe('a cluster alias (letters, digits, ., _, -)');

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;
const isHostPort = (v: string) => {
  const m = HOST_PORT.exec(v);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
};
/** The first server that is not `host:port`, if any. */
export function invalidBootstrapServer(servers: readonly string[]): string | undefined {
  return servers.find((s) => !isHostPort(s));
}

const bootstrapSchema = z
  .union([z.string(), z.array(z.string())])
  .describe('host:port, a comma-separated string or a list')
  .transform((v, ctx) => {
    const servers = (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter((s) => s !== '');
    const bad = servers.findIndex((s) => !isHostPort(s));
    if (servers.length === 0) ctx.addIssue({ code: 'custom', message: 'expected at least one host:port' });
    else if (bad >= 0) ctx.addIssue({ code: 'custom', message: servers.length === 1 ? 'expected host:port' : `expected host:port for each server; server ${bad + 1} of ${servers.length} is not` });
    return servers;
  });

/**
 * `{ file: PATH }` for a certificate or a PKCS12 store. Key material is never written in the
 * config: a string in its place is an error that does not repeat it.
 */
const fileRefSchema = strictMap(
  { file: nonEmptyString },
  { error: (issue) => (issue.code === 'invalid_type' && typeof issue.input === 'string' ? 'certificates and keys are not written in the config; use { file: PATH }' : undefined) },
);

const tlsOptions = strictMap({
  ca: fileRefSchema.optional(),
  servername: nonEmptyString.optional(),
  rejectUnauthorized: z.boolean().default(true),
  // Mutual TLS: a client certificate and its key (PEM), or both in a PKCS12 store.
  cert: fileRefSchema.optional(),
  key: secretRefSchema.optional(),
  keyPassword: secretRefSchema.optional(),
  pkcs12: fileRefSchema.optional(),
  pkcs12Password: secretRefSchema.optional(),
}).superRefine((v, ctx) => {
  const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (v.cert !== undefined && v.key === undefined) issue('cert', "a client certificate needs its private key: set 'key' too");
  if (v.key !== undefined && v.cert === undefined) issue('key', "a private key needs its client certificate: set 'cert' too");
  if (v.keyPassword !== undefined && v.key === undefined) issue('keyPassword', "keyPassword decrypts 'key', which is not set");
  if (v.pkcs12Password !== undefined && v.pkcs12 === undefined) issue('pkcs12Password', "pkcs12Password opens 'pkcs12', which is not set");
  if (v.pkcs12 !== undefined && (v.cert !== undefined || v.key !== undefined)) issue('pkcs12', "give the client certificate once: either 'cert' and 'key' (PEM) or 'pkcs12'");
});
/**
 * `tls: true` or `tls: { ca, servername, rejectUnauthorized, cert + key [+ keyPassword] | pkcs12 [+ pkcs12Password] }`
 * (`tls: false` is no TLS).
 */
export type TlsConfig = z.output<typeof tlsOptions>;
const tlsSchema = z
  .union([z.boolean(), tlsOptions])
  .describe('true, false or { ca: { file: PATH } }')
  .transform((v): TlsConfig | false => (typeof v === 'boolean' ? v && { rejectUnauthorized: true } : v));

/** Whether a TLS config carries a client certificate (mutual TLS). */
export function hasClientCertificate(tls: TlsConfig | false | undefined): boolean {
  return !!tls && (tls.cert !== undefined || tls.pkcs12 !== undefined);
}

const saslSchema = strictMap({
  mechanism: z.enum(SASL_MECHANISMS).describe('SASL mechanism').optional(),
  username: nonEmptyString.optional(),
  password: secretRefSchema.optional(),
});

/** One `clusters.<alias>` entry. */
export const clusterSchema = strictMap({
  bootstrap: bootstrapSchema.optional(),
  sasl: saslSchema.optional(),
  tls: tlsSchema.optional(),
  timeoutMs: z.int().min(1).optional(),
});

const URL_EXPECTED = 'expected an http(s) URL';
const urlSchema = nonEmptyString.describe('an http(s) URL').transform((v, ctx) => {
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (u === undefined || (u.protocol !== 'http:' && u.protocol !== 'https:')) ctx.addIssue({ code: 'custom', message: URL_EXPECTED });
  else if (u.username !== '' || u.password !== '') ctx.addIssue({ code: 'custom', message: 'credentials in the URL are not allowed; use connect.auth with a password reference' });
  return v.replace(/\/+$/, '');
});

const connectSchema = strictMap({
  url: urlSchema,
  timeoutMs: z.int().min(1).default(DEFAULT_TIMEOUT_MS),
  connectors: strictMap({ source: nonEmptyString.optional(), checkpoint: nonEmptyString.optional(), heartbeat: nonEmptyString.optional() }).default({}),
  auth: strictMap({ username: nonEmptyString, password: secretRefSchema }).optional(),
});
/** Kafka Connect REST access for a mirror. */
export type ConnectConfig = z.output<typeof connectSchema>;

const MIRROR_SELECTOR = 'an index, "source->target" or "*"';
const mirrorSelector = z
  .union([z.int().min(0), z.string().refine((v) => v === '*' || /^[^\s]+->[^\s]+$/.test(v), `expected ${MIRROR_SELECTOR}`)])
  .describe(MIRROR_SELECTOR);
/** `mirror:` of a Strimzi reference: an index, `"src->tgt"`, or `"*"` for every mirror. */
export type StrimziMirrorSelector = z.output<typeof mirrorSelector>;

/**
 * How much of each MM2 container's log a diagnosis reads through `pods/log`: the last `tailLines`
 * lines, of those the ones from the last `sinceSeconds`, cut at `limitBytes` (the kubelet applies
 * them in that order: pkg/kubelet/kuberuntime/logs/logs.go ReadLogs).
 */
const podLogsSchema = z.union([
  z.literal(false),
  strictMap({
    sinceSeconds: z.int().min(1).max(30 * 86_400).default(21_600),
    tailLines: z.int().min(1).max(1_000_000).default(20_000),
    limitBytes: z.int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
  }),
]).describe('false, or { sinceSeconds, tailLines, limitBytes }');
/** `strimzi.kubernetes.logs`: `false` reads no pod log. */
export type PodLogsConfig = z.output<typeof podLogsSchema>;

const kubernetesRefSchema = strictMap({
  namespace: nonEmptyString,
  name: nonEmptyString,
  context: nonEmptyString.optional(),
  logs: podLogsSchema.optional(),
});

const strimziRefSchema = strictMap({
  file: nonEmptyString.optional(),
  kubernetes: kubernetesRefSchema.optional(),
  name: nonEmptyString.optional(),
  mirror: mirrorSelector.optional(),
}).refine((v) => (v.file === undefined) !== (v.kubernetes === undefined), 'give exactly one of file or kubernetes');

const KNOWN_SETTINGS = mm2KeyNames();
// A key close to one MM2 knows is a typo; any other is a connector key mm2-doctor does not model.
const settingKey = z.string().superRefine((key, ctx) => {
  const hint = KNOWN_SETTINGS.includes(key) ? '' : suggestionSuffix(key, KNOWN_SETTINGS);
  if (hint !== '') ctx.addIssue({ code: 'custom', message: `unknown MM2 setting '${key}'${hint}` });
});
const settingsSchema = z.record(settingKey, scalarText).default({});

const kafkaVersionSchema = scalarText.refine((v) => !('error' in parseKafkaVersion(v)), 'expected a Kafka version such as 3.9.0');

/** Fields of a `mirrors[]` entry. */
export const mirrorFields = {
  source: aliasSchema.optional(),
  target: aliasSchema.optional(),
  kafkaVersion: kafkaVersionSchema.optional(),
  connect: connectSchema.optional(),
  strimzi: strimziRefSchema.optional(),
  settings: settingsSchema,
};
/** One `mirrors[]` entry. */
export const mirrorSchema = strictMap(mirrorFields);

/** The sections every config has: the clusters and the mirrors between them. */
export const coreSchemas = {
  clusters: z.record(z.string().regex(ALIAS, 'cluster aliases may contain letters, digits, ., _ and - only'), clusterSchema).default({}),
  mirrors: z.array(mirrorSchema).min(1).describe('a list of mirrors'),
};

/** One `mirrors[]` entry as written. */
export type RawMirror = z.output<typeof mirrorSchema>;
/** One `clusters.<alias>` entry as written. */
export type RawCluster = z.output<typeof clusterSchema>;

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
  /**
   * Why mm2-doctor cannot connect to this cluster at all (an authentication it does not speak, such
   * as Strimzi's `oauth`). The config still loads; a diagnosis reports the cluster as unusable and
   * runs the checks that do not need it.
   */
  unsupported?: string | undefined;
  /** The bot-config entry and/or the Strimzi `spec.clusters[]` entry it was built from. */
  definedAt: ConfigLocation[];
  /**
   * Where the bot config writes what is read at use time (`sasl.password`, the `tls` files and
   * references), so that a reference that fails then names the file, line and key to fix.
   */
  referencesAt?: Partial<Record<'sasl.password' | 'tls', ConfigLocation>> | undefined;
}

/** The Strimzi resource behind a mirror. */
export interface StrimziLink {
  /** Absolute path of the CR file, when read from a file. */
  file?: string | undefined;
  /** Where to read the CR from the Kubernetes API (done by a gatherer, not at load time). */
  kubernetes?: z.output<typeof kubernetesRefSchema> | undefined;
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

/**
 * The loaded, validated clusters and mirrors: all a diagnosis needs. A loader given sections
 * returns them besides (`ConfigWith<…>`, src/config/section.ts).
 */
export interface Config {
  file: string;
  clusters: Record<string, ClusterConfig>;
  mirrors: MirrorConfig[];
  warnings: ConfigError[];
}
