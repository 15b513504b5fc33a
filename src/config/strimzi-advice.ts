/**
 * What to tell a user whose KafkaMirrorMaker2 authenticates with a TLS client certificate or
 * trusts a cluster CA from a Kubernetes Secret: mm2-doctor cannot read Secrets, so it says which
 * Secret and which keys hold them, how to copy them to files (`kubectl … | base64 -d`), and which
 * bot-config keys take the files. Pure text; never a secret.
 *
 * Where Strimzi keeps them (strimzi/strimzi-kafka-operator @1.2.0):
 * - A KafkaUser with `authentication.type: tls` gets a Secret named after the user
 *   (`KafkaUserModel.getSecretName`) with `user.crt`, `user.key` (PKCS#8 PEM), `user.p12` and
 *   `user.password` (`KafkaUserModel.generateSecret`), and `ca.crt`: the *clients* CA that signed
 *   the user certificate, which is not the CA of the brokers.
 * - The brokers' CA is the Secret `<cluster>-cluster-ca-cert`, key `ca.crt` (during a CA renewal
 *   also `ca-<date>.crt`, which is why Strimzi's examples trust `pattern: "*.crt"`);
 *   documentation/modules/security/ref-certificates-and-secrets.adoc.
 * - The extraction commands are Strimzi's own (proc-deploy-setup-external-clients.adoc).
 */
import type { StrimziClusterSpec } from '../mm2/strimzi.ts';

/** `kubectl [-n ns] get secret NAME -o jsonpath='{.data.KEY}' | base64 -d > FILE` (dots in KEY escaped for jsonpath). */
export function kubectlSecretKey(secret: string, key: string, file: string, namespace?: string | undefined): string {
  const ns = namespace ? ` -n ${namespace}` : '';
  return `kubectl${ns} get secret ${secret} -o jsonpath='{.data.${key.replace(/\./g, '\\.')}}' | base64 -d > ${file}`;
}

/** The bot-config snippet for a cluster's TLS files. */
function snippet(alias: string, lines: string[]): string[] {
  return ['In the bot config:', '  clusters:', `    ${alias}:`, '      tls:', ...lines.map((l) => `        ${l}`)];
}

/** Hint lines for the CA a cluster trusts (`tls.trustedCertificates`), or none when it trusts no Secret. */
export function trustHint(alias: string, spec: StrimziClusterSpec, namespace?: string | undefined): string[] {
  const trusted = spec.tls?.trustedCertificates ?? [];
  if (trusted.length === 0) return [];
  const first = trusted[0]!;
  const key = first.certificate ?? 'ca.crt';
  const out = [
    `The brokers' CA is in the Secret ${first.secretName} (key ${key}${first.pattern ? `; the resource trusts every key matching ${first.pattern}, which during a CA renewal includes ca-<date>.crt: put them all in the one file` : ''}):`,
    `  ${kubectlSecretKey(first.secretName, key, `${alias}-ca.crt`, namespace)}`,
  ];
  for (const t of trusted.slice(1)) out.push(`  ${kubectlSecretKey(t.secretName, t.certificate ?? 'ca.crt', `${alias}-ca-${t.secretName}.crt`, namespace)} (append to ${alias}-ca.crt)`);
  return out;
}

/**
 * The error and hint for an imported cluster with `authentication.type: tls` (or a `custom`
 * keystore) when the bot config gives no client certificate.
 */
export function clientCertificateAdvice(alias: string, spec: StrimziClusterSpec, opts: { fix: string; from: string; namespace?: string | undefined }): { message: string; hint: string[] } {
  const { fix, from, namespace } = opts;
  const auth = spec.authentication;
  const ck = auth?.type === 'tls' ? auth.certificateAndKey : undefined;
  const how = auth?.type === 'tls' ? 'authentication.type: tls' : 'authentication.type: custom with ssl.keystore.* keys';
  const message =
    `cluster '${alias}'${from} authenticates with a TLS client certificate (${how}), and mm2-doctor cannot read Kubernetes Secrets: ` +
    `set ${fix}.tls.cert and ${fix}.tls.key (PEM files), or ${fix}.tls.pkcs12 and ${fix}.tls.pkcs12Password`;
  const hint: string[] = [];
  if (ck) {
    hint.push(
      `Strimzi keeps MM2's certificate and key in the Secret ${ck.secretName} (keys ${ck.certificate} and ${ck.key}):`,
      `  ${kubectlSecretKey(ck.secretName, ck.certificate, `${alias}-user.crt`, namespace)}`,
      `  ${kubectlSecretKey(ck.secretName, ck.key, `${alias}-user.key`, namespace)}`,
    );
  } else {
    hint.push(`The keystore is whatever ${fix}'s custom authentication points ssl.keystore.location at; export the certificate and key from it as PEM files.`);
  }
  hint.push(
    `Or give mm2-doctor its own KafkaUser with tls authentication and the read-only ACLs of deploy/kafkauser.yaml; its Secret mm2-doctor holds user.crt and user.key (PEM) and user.p12 with user.password (PKCS12):`,
    `  ${kubectlSecretKey('mm2-doctor', 'user.crt', `${alias}-user.crt`, namespace)}`,
    `  ${kubectlSecretKey('mm2-doctor', 'user.key', `${alias}-user.key`, namespace)}`,
    `  (or user.p12 and user.password, for ${fix}.tls.pkcs12 and ${fix}.tls.pkcs12Password)`,
    `Do not use the ca.crt of a user's Secret as tls.ca: it is the clients CA, not the CA of the brokers.`,
  );
  const trust = trustHint(alias, spec, namespace);
  hint.push(...trust);
  hint.push(
    ...snippet(alias, [
      ...(trust.length > 0 ? [`ca: { file: ${alias}-ca.crt }`] : []),
      `cert: { file: ${alias}-user.crt }`,
      `key: { file: ${alias}-user.key }`,
    ]),
  );
  return { message, hint };
}

/** The hint for an imported cluster that trusts a CA from a Secret while the bot config names no `tls.ca`. */
export function trustAdvice(alias: string, spec: StrimziClusterSpec, namespace?: string | undefined): string[] {
  const trust = trustHint(alias, spec, namespace);
  return trust.length > 0 ? [...trust, ...snippet(alias, [`ca: { file: ${alias}-ca.crt }`])] : [];
}
