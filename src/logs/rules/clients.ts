/**
 * Kafka clients that cannot be built or cannot authenticate from the cluster config: the admin
 * client or ForwardingAdmin construction fails (Kafka 3.4+ wraps it: "The constructor of
 * org.apache.kafka.clients.admin.ForwardingAdmin threw an exception", KIP-787), a keystore or
 * truststore does not open, the TLS or SASL handshake fails, bootstrap servers do not resolve.
 *
 * Why it matters to checkpoints whichever connector logged it: the three MM2 connectors build
 * their clients from the same cluster settings. `MirrorConnectorConfig.sourceAdminConfig()` /
 * `targetAdminConfig()` take `source.cluster.*` / `target.cluster.*` (plus `admin.*`), and
 * `MirrorCheckpointConnector.start` creates both a source and a target admin client from them
 * (`config.forwardingAdmin(config.sourceAdminConfig("checkpoint-source-admin"))`, apache/kafka
 * connect/mirror/src/main/java/org/apache/kafka/connect/mirror/MirrorCheckpointConnector.java @
 * 00c2cbdf, MirrorConnectorConfig.java @ 0039c579). A heartbeat or source connector failing here
 * means the checkpoint connector's clients fail the same way.
 */
import { connectorFromTaskId } from '../names.ts';
import type { LogRecord } from '../parse.ts';
import type { Hit, Rule } from './rule.ts';

/** What is wrong with the client config, in words, and what to check. */
export interface ClientProblem {
  what: string;
  action: string;
}

const SHARED =
  'MirrorSourceConnector, MirrorCheckpointConnector and MirrorHeartbeatConnector build their clients from the same cluster settings (MirrorConnectorConfig.sourceAdminConfig/targetAdminConfig; MirrorCheckpointConnector.start creates a source and a target admin client), so whichever connector logged this, the checkpoint connector cannot run either.';

const PROBLEMS: { re: RegExp; problem: ClientProblem }[] = [
  {
    re: /Failed to load SSL keystore|keystore password was incorrect|Keystore was tampered with|BadPaddingException|Given final block not properly padded|Short read of DER length|Invalid keystore format|DerInputStream|PKCS12KeyStore\.engineLoad|UnrecoverableKeyException|Failed to load (?:key|trust)store|SecurityStore\.load/,
    problem: {
      what: 'a keystore or truststore in the cluster config cannot be opened',
      action:
        'Check the keystore/truststore files and passwords in the cluster config (Strimzi: spec.clusters[].tls and authentication, and the Secrets they name; mm2.properties: <alias>.ssl.keystore.* / ssl.truststore.*). A wrong password shows as "keystore password was incorrect" or BadPaddingException, a wrong type (PKCS12 vs JKS) or a damaged file as "Short read of DER length" or "Invalid keystore format".',
    },
  },
  {
    re: /SSL handshake failed|SslAuthenticationException|SSLHandshakeException|SSLProtocolException|Received fatal alert|PKIX path building failed|unable to find valid certification path|No subject alternative (?:DNS )?name|No name matching \S+ found|Failed to process post-handshake messages|Unrecognized SSL message/,
    problem: {
      what: 'the TLS handshake with the brokers fails',
      action:
        "Check that the client trusts the brokers' CA (truststore; Strimzi: tls.trustedCertificates), that the broker accepts the client certificate when it requires one (mutual TLS: a bad_certificate or certificate_unknown alert), that the bootstrap host name is in the broker certificate, and that the port is a TLS listener (a TLS client on a plaintext listener, or a proxy that terminates TLS, fails the same way).",
    },
  },
  {
    // The broker answered the SASL handshake with something else (IllegalSaslStateException).
    re: /Invalid SASL mechanism response|IllegalSaslStateException|Error reading field 'auth_bytes'/,
    problem: {
      what: 'the brokers do not answer the SASL handshake the client expects',
      action:
        'Check that security.protocol matches the listener on that port (SASL_SSL where the listener is TLS: a SASL_PLAINTEXT client on a TLS port, or the reverse, fails this way) and that sasl.mechanism is one it enables. Azure Event Hubs accepts only SASL_SSL on port 9093 with mechanism PLAIN, username $ConnectionString and the namespace connection string as the password.',
    },
  },
  {
    re: /SaslAuthenticationException|UnsupportedSaslMechanismException|Failed authentication with \S+ \(|Authentication failed(?: during authentication)?(?::| due to)|Invalid username or password|Unexpected Kafka request of type METADATA during SASL handshake|Could not find a 'KafkaClient' entry in the JAAS configuration/,
    problem: {
      what: 'SASL authentication with the brokers fails',
      action: 'Check the SASL mechanism, username and password (sasl.jaas.config) in the cluster config, and that the listener expects SASL on that port.',
    },
  },
  {
    re: /No resolvable bootstrap urls given in bootstrap\.servers|Invalid url in bootstrap\.servers|Couldn't resolve server \S+ from bootstrap\.servers/,
    problem: {
      what: 'the bootstrap servers in the cluster config do not resolve',
      action: 'Fix the bootstrap servers (Strimzi: spec.clusters[].bootstrapServers; mm2.properties: <alias>.bootstrap.servers): the host names do not resolve from where MM2 runs (a typo, or a name that only resolves elsewhere).',
    },
  },
  {
    re: /Failed to create new KafkaAdminClient|Failed to construct kafka (?:consumer|producer)|The constructor of \S*ForwardingAdmin threw an exception/,
    problem: {
      what: 'the Kafka clients cannot be created from the cluster config',
      action: 'Read the Caused by: lines under this error: they name the setting that failed (keystore/truststore, SASL, bootstrap servers, a missing class).',
    },
  },
];

/** NetworkClient's "failed authentication" with no reason the rules know: authentication, whatever the mechanism. */
const SASL_FAILED = PROBLEMS.find((p) => p.problem.what.startsWith('SASL'))!.problem;

/** The client-config problem a record names anywhere (message, first exception, `Caused by:` lines, trace), if any. */
export function clientProblem(record: LogRecord): ClientProblem | undefined {
  // Every problem below names an exception, or (Selector, NetworkClient) SSL or authentication.
  if (record.exceptions.length === 0 && !/SSL|uthenticat/.test(record.message)) return undefined;
  const texts = [record.message, record.detail ?? '', ...(record.causes ?? []), ...(record.trace ?? []).slice(0, 60)];
  // The most specific problem wins: a keystore failure under "Failed to create new KafkaAdminClient".
  for (const p of PROBLEMS) if (texts.some((t) => p.re.test(t))) return p.problem;
  return undefined;
}

/** A client-config failure as a cause of missing checkpoints, keeping the connector it was logged for. */
export function clientConfigHit(record: LogRecord, problem: ClientProblem, prior: Hit | undefined): Hit {
  const name = prior?.connector ?? record.connector ?? record.status?.name ?? connectorFromTaskId(record.message);
  // A connector name is shown as written; without one, the class in the stack trace says which connector.
  const who = name ?? (record.mirrorKind ? `The ${record.mirrorKind} connector` : undefined);
  return {
    code: 'client-config-failed',
    kind: 'cause',
    title: who ? `${who}: ${problem.what}` : `${problem.what.charAt(0).toUpperCase()}${problem.what.slice(1)}`,
    reason: SHARED,
    action: problem.action,
    ...(name && { connector: name }),
    ...(prior?.flow && { flow: prior.flow }),
  };
}

/** `[AdminClient clientId=…] Connection to node -1 (…) failed authentication due to: SSL handshake failed` (NetworkClient). */
const failedAuth: Rule = {
  keys: ['failed authentication due to'],
  match(message, record) {
    if (!/^Connection to node -?\d+ \(.*?\) failed authentication due to: /.test(message)) return undefined;
    const problem = clientProblem(record) ?? SASL_FAILED;
    return clientConfigHit(record, problem, undefined);
  },
};

/** Client-config rules, in match order. */
export const clientRules: readonly Rule[] = [failedAuth];
