/**
 * How the Strimzi operator turns a `KafkaMirrorMaker2` resource into Kafka Connect connector
 * configs: `KafkaMirrorMaker2Connectors.prepareMirrorMaker2ConnectorConfig` at Strimzi 0.45.0
 * (v1beta2: `spec.clusters` + `mirrors[].sourceCluster/targetCluster`) and at 0.49.0 for the v1 API
 * (`spec.target` + `mirrors[].source`). Each generated key remembers the CR field it came from.
 */

/** `spec.clusters[]` (v1beta2), `spec.target` or `spec.mirrors[].source` (v1). */
export interface StrimziClusterSpec {
  alias: string;
  bootstrapServers: string;
  tls?: { trustedCertificates?: StrimziTrustedCertificate[] | undefined } | undefined;
  authentication?: StrimziAuthentication | undefined;
  config?: Record<string, unknown> | undefined;
}

/** One `tls.trustedCertificates[]` entry: a Secret and one key in it, or a glob over its keys (0.42+). */
export interface StrimziTrustedCertificate {
  secretName: string;
  certificate?: string | undefined;
  pattern?: string | undefined;
}

/** `authentication` of a cluster (`type: tls | scram-sha-256 | scram-sha-512 | plain | oauth | custom`). */
export interface StrimziAuthentication {
  type: string;
  username?: string | undefined;
  passwordSecret?: { secretName: string; password: string } | undefined;
  certificateAndKey?: { secretName: string; certificate: string; key: string } | undefined;
  sasl?: boolean | undefined;
  config?: Record<string, unknown> | undefined;
  [k: string]: unknown;
}

/** `sourceConnector` / `checkpointConnector` / `heartbeatConnector`. */
export interface StrimziConnectorSpec {
  tasksMax?: number | undefined;
  /** Deprecated since Strimzi 0.38; `state` wins when both are set. */
  pause?: boolean | undefined;
  state?: 'running' | 'paused' | 'stopped' | undefined;
  config?: Record<string, unknown> | undefined;
  autoRestart?: { enabled?: boolean; maxRestarts?: number } | undefined;
}

/** One `spec.mirrors[]` entry (fields of both API versions). */
export interface StrimziMirrorSpec {
  sourceCluster?: string | undefined;
  targetCluster?: string | undefined;
  source?: StrimziClusterSpec | undefined;
  sourceConnector?: StrimziConnectorSpec | null | undefined;
  checkpointConnector?: StrimziConnectorSpec | null | undefined;
  heartbeatConnector?: StrimziConnectorSpec | null | undefined;
  topicsPattern?: string | undefined;
  topicsExcludePattern?: string | undefined;
  topicsBlacklistPattern?: string | undefined;
  groupsPattern?: string | undefined;
  groupsExcludePattern?: string | undefined;
  groupsBlacklistPattern?: string | undefined;
}

/** The parts of a `KafkaMirrorMaker2` custom resource that shape connector configs. */
export interface KafkaMirrorMaker2Resource {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: { name?: string | undefined; namespace?: string | undefined } | undefined;
  spec: {
    version?: string | undefined;
    replicas?: number | undefined;
    connectCluster?: string | undefined;
    clusters?: StrimziClusterSpec[] | undefined;
    target?: StrimziClusterSpec | undefined;
    mirrors?: StrimziMirrorSpec[] | undefined;
    tracing?: { type?: string | undefined } | undefined;
    rack?: unknown;
  };
  status?: { url?: string | undefined } | undefined;
}

/** The three MM2 connector roles. */
export type ConnectorRole = 'source' | 'checkpoint' | 'heartbeat';

/** Connector class simple names by role. */
export const CONNECTOR_CLASSES: Record<ConnectorRole, string> = {
  source: 'MirrorSourceConnector',
  checkpoint: 'MirrorCheckpointConnector',
  heartbeat: 'MirrorHeartbeatConnector',
};

/** Strimzi's connector name: `<sourceAlias>-><targetAlias>.MirrorCheckpointConnector` etc. */
export function strimziConnectorName(sourceAlias: string, targetAlias: string, role: ConnectorRole): string {
  return `${sourceAlias}->${targetAlias}.${CONNECTOR_CLASSES[role]}`;
}

/** One connector as Strimzi would create it. */
export interface StrimziConnector {
  role: ConnectorRole;
  name: string;
  className: string;
  /** The config Strimzi PUTs to `/connectors/<name>/config` (includes `name`, `connector.class`, `tasks.max`). */
  config: Record<string, string>;
  /** For every key of `config`, the CR field it came from. */
  origins: Record<string, string>;
  state: 'running' | 'paused' | 'stopped';
  statePath: string | undefined;
}

/** Result of mapping one mirror of a CR. */
export interface StrimziMapping {
  apiVersion: 'v1beta2' | 'v1';
  mirrorIndex: number;
  sourceAlias: string;
  targetAlias: string;
  /** Only connectors whose spec is present (`checkpointConnector: {}` is enough). */
  connectors: StrimziConnector[];
  /** Connector roles the CR leaves out, so Strimzi creates no such connector. */
  absent: ConnectorRole[];
  /** Errors the operator itself would report (the resource would be NotReady). */
  problems: string[];
  /** Non-fatal observations (deprecated fields, dropped forbidden keys). */
  warnings: string[];
}

const CONNECTOR_CONFIG_FILE = '/tmp/strimzi-mirrormaker2-connector.properties';
const STORE_ROOT = '/tmp/kafka/clusters/';
// KafkaConnectorSpec.FORBIDDEN_PARAMETERS: dropped from `config` with a warning.
const FORBIDDEN_CONNECTOR_KEYS = new Set(['name', 'connector.class', 'tasks.max']);
const ROLE_FIELD: Record<ConnectorRole, 'sourceConnector' | 'checkpointConnector' | 'heartbeatConnector'> = {
  source: 'sourceConnector',
  checkpoint: 'checkpointConnector',
  heartbeat: 'heartbeatConnector',
};

/** Java `String.valueOf` of a YAML scalar as Strimzi stores connector config values. */
export function configValueString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

const prop = (path: string, key: string) => `${path}[${JSON.stringify(key)}]`;

class ConfigBuilder {
  readonly config: Record<string, string> = {};
  readonly origins: Record<string, string> = {};
  put(key: string, value: string, origin: string): void {
    this.config[key] = value;
    this.origins[key] = origin;
  }
}

function jaas(module: string, options: Array<[string, string]>): string {
  // AuthenticationUtils.jaasConfig; Java iterates a Map.of, so the option order is not fixed there.
  return `${module} required ${options.map(([k, v]) => `${k}="${v}"`).join(' ')};`;
}

function addCluster(
  b: ConfigBuilder,
  cluster: StrimziClusterSpec,
  prefix: 'source.cluster.' | 'target.cluster.',
  path: string,
  api: 'v1beta2' | 'v1',
  warnings: string[],
): void {
  b.put(`${prefix}alias`, cluster.alias, `${path}.alias`);
  b.put(`${prefix}bootstrap.servers`, cluster.bootstrapServers, `${path}.bootstrapServers`);
  let protocol = 'PLAINTEXT';
  let protocolPath = `${path}.tls`;
  const storePassword = api === 'v1beta2' ? (key: string) => `\${file:${CONNECTOR_CONFIG_FILE}:${key}}` : () => '${strimzienv:MIRRORMAKER_2_CERTS_STORE_PASSWORD}';
  if (cluster.tls !== undefined && cluster.tls !== null) {
    protocol = 'SSL';
    if (Array.isArray(cluster.tls.trustedCertificates) && cluster.tls.trustedCertificates.length > 0) {
      b.put(`${prefix}ssl.truststore.type`, 'PKCS12', `${path}.tls.trustedCertificates`);
      b.put(`${prefix}ssl.truststore.location`, `${STORE_ROOT}${cluster.alias}.truststore.p12`, `${path}.tls.trustedCertificates`);
      b.put(`${prefix}ssl.truststore.password`, storePassword('ssl.truststore.password'), `${path}.tls.trustedCertificates`);
    }
  }
  const auth = cluster.authentication;
  if (auth) {
    const authPath = `${path}.authentication`;
    const password = (secret: { secretName: string; password: string } | undefined) =>
      api === 'v1beta2'
        ? `\${file:${CONNECTOR_CONFIG_FILE}:${cluster.alias}.sasl.password}`
        : `\${strimzidir:/opt/kafka/mm2-password/${cluster.alias}/${secret?.secretName ?? ''}:${secret?.password ?? ''}}`;
    const sasl = cluster.tls !== undefined && cluster.tls !== null ? 'SASL_SSL' : 'SASL_PLAINTEXT';
    switch (auth.type) {
      case 'tls':
        b.put(`${prefix}ssl.keystore.type`, 'PKCS12', authPath);
        b.put(`${prefix}ssl.keystore.location`, `${STORE_ROOT}${cluster.alias}.keystore.p12`, authPath);
        b.put(`${prefix}ssl.keystore.password`, storePassword('ssl.keystore.password'), authPath);
        break;
      case 'plain':
        protocol = sasl;
        protocolPath = authPath;
        b.put(`${prefix}sasl.mechanism`, 'PLAIN', `${authPath}.type`);
        b.put(
          `${prefix}sasl.jaas.config`,
          jaas('org.apache.kafka.common.security.plain.PlainLoginModule', [['username', auth.username ?? ''], ['password', password(auth.passwordSecret)]]),
          authPath,
        );
        break;
      case 'scram-sha-256':
      case 'scram-sha-512':
        protocol = sasl;
        protocolPath = authPath;
        b.put(`${prefix}sasl.mechanism`, auth.type === 'scram-sha-256' ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512', `${authPath}.type`);
        b.put(
          `${prefix}sasl.jaas.config`,
          jaas('org.apache.kafka.common.security.scram.ScramLoginModule', [['username', auth.username ?? ''], ['password', password(auth.passwordSecret)]]),
          authPath,
        );
        break;
      case 'oauth':
        protocol = sasl;
        protocolPath = authPath;
        b.put(`${prefix}sasl.mechanism`, 'OAUTHBEARER', `${authPath}.type`);
        b.put(`${prefix}sasl.jaas.config`, 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;', authPath);
        b.put(`${prefix}sasl.login.callback.handler.class`, 'io.strimzi.kafka.oauth.client.JaasClientOauthLoginCallbackHandler', authPath);
        warnings.push(`${authPath}: oauth JAAS options are not reproduced (only the mechanism and module)`);
        break;
      case 'custom':
        if (auth.sasl === true) {
          protocol = protocol === 'SSL' ? 'SASL_SSL' : 'SASL_PLAINTEXT';
          protocolPath = authPath;
        }
        for (const [k, v] of Object.entries(auth.config ?? {})) {
          const s = configValueString(v);
          if (s !== undefined) b.put(`${prefix}${k}`, s, prop(`${authPath}.config`, k));
        }
        break;
      default:
        warnings.push(`${authPath}.type: unknown authentication type ${JSON.stringify(auth.type)}`);
    }
  }
  b.put(`${prefix}security.protocol`, protocol, protocolPath);
  for (const [k, v] of Object.entries(cluster.config ?? {})) {
    const s = configValueString(v);
    if (s !== undefined) b.put(`${prefix}${k}`, s, prop(`${path}.config`, k));
  }
}

/**
 * The connector configs Strimzi would generate for `spec.mirrors[mirrorIndex]`, so the lab can
 * start connectors "the way Strimzi runs them" and settings can cite CR fields. In 0.45 (v1beta2)
 * the connector's own `config` is copied first and cluster-derived `source.cluster.*` /
 * `target.cluster.*` keys overwrite it; for v1 (0.49+) the connector's `config` wins over them.
 * In both, `topicsPattern`/`groupsPattern`/`*ExcludePattern` (else the deprecated `*BlacklistPattern`)
 * overwrite `topics`/`groups`/`*.exclude` in every connector of the mirror, replacing MM2's defaults.
 */
export function strimziConnectorConfigs(cr: KafkaMirrorMaker2Resource, mirrorIndex: number): StrimziMapping | { error: string } {
  const spec = cr.spec;
  const mirrors = spec.mirrors ?? [];
  const mirror = mirrors[mirrorIndex];
  if (mirror === undefined) return { error: `spec.mirrors[${mirrorIndex}] does not exist (the resource has ${mirrors.length} mirror(s))` };
  const api: 'v1beta2' | 'v1' = spec.target !== undefined || mirror.source !== undefined ? 'v1' : 'v1beta2';
  const mp = `spec.mirrors[${mirrorIndex}]`;
  const problems: string[] = [];
  const warnings: string[] = [];

  let source: { cluster: StrimziClusterSpec; path: string } | undefined;
  let target: { cluster: StrimziClusterSpec; path: string } | undefined;
  if (api === 'v1') {
    if (spec.target) target = { cluster: spec.target, path: 'spec.target' };
    else problems.push('spec.target is required');
    if (mirror.source) source = { cluster: mirror.source, path: `${mp}.source` };
    else problems.push(`${mp}.source is required`);
  } else {
    // KafkaMirrorMaker2Connectors.validateConnectors @0.45.0
    const clusters = spec.clusters ?? [];
    if (spec.clusters === undefined || spec.mirrors === undefined) problems.push('.spec.clusters and .spec.mirrors sections are required in KafkaMirrorMaker2 resource');
    const find = (alias: string | undefined) => {
      const i = clusters.findIndex((c) => c.alias === alias);
      const c = clusters[i];
      return c === undefined ? undefined : { cluster: c, path: `spec.clusters[${i}]` };
    };
    if (mirror.sourceCluster === undefined) problems.push('Each MirrorMaker 2 mirror definition has to specify the source cluster alias');
    else {
      source = find(mirror.sourceCluster);
      if (!source) problems.push(`Source cluster alias ${mirror.sourceCluster} is used in a mirror definition, but cluster with this alias does not exist in cluster definitions`);
    }
    if (mirror.targetCluster === undefined) problems.push('Each MirrorMaker 2 mirror definition has to specify the target cluster alias');
    else {
      target = find(mirror.targetCluster);
      if (!target) problems.push(`Target cluster alias ${mirror.targetCluster} is used in a mirror definition, but cluster with this alias does not exist in cluster definitions`);
      const connect = find(spec.connectCluster);
      if (mirror.targetCluster !== spec.connectCluster && !(connect && target && connect.cluster.bootstrapServers === target.cluster.bootstrapServers)) {
        problems.push(`Connect cluster alias (currently set to ${spec.connectCluster}) must match the target cluster alias ${mirror.targetCluster} or both clusters must have the same bootstrap servers.`);
      }
    }
    if (mirror.topicsExcludePattern !== undefined && mirror.topicsBlacklistPattern !== undefined) {
      warnings.push(`${mp}: both topicsExcludePattern and topicsBlacklistPattern are set; topicsBlacklistPattern is ignored`);
    }
    if (mirror.groupsExcludePattern !== undefined && mirror.groupsBlacklistPattern !== undefined) {
      warnings.push(`${mp}: both groupsExcludePattern and groupsBlacklistPattern are set; groupsBlacklistPattern is ignored`);
    }
  }
  const sourceAlias = source?.cluster.alias ?? mirror.sourceCluster ?? '';
  const targetAlias = target?.cluster.alias ?? mirror.targetCluster ?? '';

  const connectors: StrimziConnector[] = [];
  const absent: ConnectorRole[] = [];
  const roles: ConnectorRole[] = api === 'v1' ? ['source', 'checkpoint'] : ['source', 'checkpoint', 'heartbeat'];
  for (const role of roles) {
    const field = ROLE_FIELD[role];
    const cs = mirror[field];
    if (cs === undefined || cs === null) {
      absent.push(role);
      continue;
    }
    const cp = `${mp}.${field}`;
    const b = new ConfigBuilder();
    const addOwnConfig = () => {
      for (const [k, v] of Object.entries(cs.config ?? {})) {
        if (FORBIDDEN_CONNECTOR_KEYS.has(k)) {
          warnings.push(`${prop(`${cp}.config`, k)} is forbidden and ignored by Strimzi`);
          continue;
        }
        const s = configValueString(v);
        if (s === undefined) {
          warnings.push(`${prop(`${cp}.config`, k)} has no value and is ignored`);
          continue;
        }
        b.put(k, s, prop(`${cp}.config`, k));
      }
    };
    const addClusters = () => {
      if (target) addCluster(b, target.cluster, 'target.cluster.', target.path, api, warnings);
      if (source) addCluster(b, source.cluster, 'source.cluster.', source.path, api, warnings);
    };
    if (api === 'v1beta2') {
      addOwnConfig();
      addClusters();
    } else {
      addClusters();
      addOwnConfig();
    }
    if (mirror.topicsPattern !== undefined) b.put('topics', mirror.topicsPattern, `${mp}.topicsPattern`);
    const topicsExclude = mirror.topicsExcludePattern ?? (api === 'v1beta2' ? mirror.topicsBlacklistPattern : undefined);
    if (topicsExclude !== undefined) {
      b.put('topics.exclude', topicsExclude, mirror.topicsExcludePattern !== undefined ? `${mp}.topicsExcludePattern` : `${mp}.topicsBlacklistPattern`);
    }
    if (mirror.groupsPattern !== undefined) b.put('groups', mirror.groupsPattern, `${mp}.groupsPattern`);
    const groupsExclude = mirror.groupsExcludePattern ?? (api === 'v1beta2' ? mirror.groupsBlacklistPattern : undefined);
    if (groupsExclude !== undefined) {
      b.put('groups.exclude', groupsExclude, mirror.groupsExcludePattern !== undefined ? `${mp}.groupsExcludePattern` : `${mp}.groupsBlacklistPattern`);
    }
    if (spec.tracing?.type === 'opentelemetry') {
      b.put('consumer.interceptor.classes', 'io.opentelemetry.instrumentation.kafkaclients.v2_6.TracingConsumerInterceptor', 'spec.tracing');
      b.put('producer.interceptor.classes', 'io.opentelemetry.instrumentation.kafkaclients.v2_6.TracingProducerInterceptor', 'spec.tracing');
    }
    if (spec.rack !== undefined && spec.rack !== null) {
      b.put('consumer.client.rack', '${file:/tmp/strimzi-connect.properties:consumer.client.rack}', 'spec.rack');
    }
    const name = strimziConnectorName(sourceAlias, targetAlias, role);
    const className = `org.apache.kafka.connect.mirror.${CONNECTOR_CLASSES[role]}`;
    // AbstractConnectOperator.needsReconfiguring/asJson add these three to what is PUT.
    b.put('name', name, `${mp}.${api === 'v1' ? 'source.alias' : 'sourceCluster'}`);
    b.put('connector.class', className, cp);
    if (cs.tasksMax !== undefined) b.put('tasks.max', String(cs.tasksMax), `${cp}.tasksMax`);
    let state: StrimziConnector['state'] = 'running';
    let statePath: string | undefined;
    if (cs.state !== undefined) {
      state = cs.state;
      statePath = `${cp}.state`;
      if (cs.pause !== undefined) warnings.push(`${cp}: both pause and state are set; state takes precedence`);
    } else if (cs.pause === true) {
      state = 'paused';
      statePath = `${cp}.pause`;
    }
    connectors.push({ role, name, className, config: b.config, origins: b.origins, state, statePath });
  }
  return { apiVersion: api, mirrorIndex, sourceAlias, targetAlias, connectors, absent, problems, warnings };
}

/** SASL mechanisms Strimzi's `authentication.type` (or a `custom` config's `sasl.mechanism`) can name that a plain Kafka client speaks. */
const SASL_BY_STRIMZI_TYPE: Record<string, 'plain' | 'scram-sha-256' | 'scram-sha-512'> = { plain: 'plain', 'scram-sha-256': 'scram-sha-256', 'scram-sha-512': 'scram-sha-512' };
const SASL_BY_KAFKA_MECHANISM: Record<string, 'plain' | 'scram-sha-256' | 'scram-sha-512'> = { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' };

/**
 * How a client authenticates to a cluster of a `KafkaMirrorMaker2`, in Strimzi's terms
 * (`KafkaClientAuthentication*` @0.45.0 and @1.2.0):
 *
 * - `none`: no `authentication` (TLS may still encrypt), or `custom` with `sasl: false` and no
 *   `ssl.keystore.*` key.
 * - `sasl`: `plain`, `scram-sha-256`, `scram-sha-512` (`username` + `passwordSecret`), or `custom`
 *   with `sasl: true` and one of those mechanisms in `config["sasl.mechanism"]`.
 * - `client-certificate`: `tls` (`certificateAndKey: { secretName, certificate, key }`: a Secret and
 *   two keys in it), or `custom` with `sasl: false` and `ssl.keystore.*` keys (mutual TLS through a
 *   keystore Strimzi does not manage).
 * - `unsupported`: `oauth` (v1beta2 only; deprecated in 0.49, gone from v1) and `custom` SASL with
 *   another mechanism (e.g. AWS_MSK_IAM). `what` says which, for messages.
 */
export type StrimziClientAuth =
  | { kind: 'none' }
  | { kind: 'sasl'; mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username?: string | undefined }
  | { kind: 'client-certificate'; type: 'tls' | 'custom'; secret?: { secretName: string; certificate: string; key: string } | undefined }
  | { kind: 'unsupported'; type: string; what: string };

/** The client authentication a cluster spec asks for; see {@link StrimziClientAuth}. */
export function clientAuthOf(cluster: StrimziClusterSpec): StrimziClientAuth {
  const auth = cluster.authentication;
  if (!auth) return { kind: 'none' };
  const sasl = SASL_BY_STRIMZI_TYPE[auth.type];
  if (sasl) return { kind: 'sasl', mechanism: sasl, username: auth.username };
  if (auth.type === 'tls') return { kind: 'client-certificate', type: 'tls', secret: auth.certificateAndKey };
  if (auth.type === 'oauth') return { kind: 'unsupported', type: 'oauth', what: 'OAuth 2.0 (SASL OAUTHBEARER with tokens from an authorization server)' };
  if (auth.type === 'custom') {
    const config = auth.config ?? {};
    if (auth.sasl === true) {
      const raw = configValueString(config['sasl.mechanism']) ?? 'GSSAPI'; // Kafka's default sasl.mechanism
      const mechanism = SASL_BY_KAFKA_MECHANISM[raw.trim().toUpperCase()];
      if (mechanism) {
        // PlainLoginModule / ScramLoginModule take username="…" in sasl.jaas.config; the password stays where it is.
        const username = /\busername\s*=\s*"([^"]*)"/.exec(configValueString(config['sasl.jaas.config']) ?? '')?.[1];
        return { kind: 'sasl', mechanism, username };
      }
      return { kind: 'unsupported', type: 'custom', what: `SASL mechanism ${raw} (custom authentication)` };
    }
    if (Object.keys(config).some((k) => k.startsWith('ssl.keystore.'))) return { kind: 'client-certificate', type: 'custom' };
    return { kind: 'none' };
  }
  return { kind: 'unsupported', type: auth.type, what: `authentication type '${auth.type}'` };
}
