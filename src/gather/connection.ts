/**
 * A configured cluster as a connection: its secrets resolved and its CA, certificate and key files
 * read now, at use time. Part of gathering, the only place a diagnosis does I/O. Key material is
 * checked once here (`tls.createSecureContext`), because kafkajs reports a bad key only as
 * "Failed to connect: <OpenSSL text>" without its code; it never leaves this module unwrapped.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { ClusterConfig, TlsConfig } from '../config/schema.ts';
import { describeSecretRef, type SecretRef } from '../config/secrets.ts';
import type { ClusterConnection, TlsConnection } from '../kafka/connection.ts';
import { resolveSecret, Secret, type SecretIO } from './secrets.ts';

/** Where files are read from (injectable for tests). */
export interface ConnectionIO extends SecretIO {
  readBinary?: (path: string) => Promise<Buffer>;
  /** The clock certificates' validity is judged by. */
  now?: () => number;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const errCode = (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'read error');

/**
 * The principal Kafka's default SSL principal builder gives a certificate: `User:` and the subject
 * as an RFC 2253 string, last RDN first (X500Principal.getName(); Kafka docs "SSL principal
 * mapping"). Node prints the subject first RDN first, one per line, with RFC 2253 escapes already.
 */
export function sslPrincipal(subject: string): string {
  return `User:${subject.split('\n').filter((l) => l !== '').reverse().join(',')}`;
}

/** `CN=a, OU=b` for messages (the subject in the order the certificate has it). */
const subjectText = (subject: string) => subject.split('\n').filter((l) => l !== '').join(', ');

async function readText(path: string, what: string, io: ConnectionIO): Promise<Result<string>> {
  try {
    return { ok: true, value: await (io.readFile ?? ((p: string) => readFile(p, 'utf8')))(path) };
  } catch (e) {
    return { ok: false, error: `the ${what} ${path} is not readable (${errCode(e)})` };
  }
}

async function secretText(ref: SecretRef, what: string, io: ConnectionIO): Promise<Result<Secret>> {
  const r = await resolveSecret(ref, io);
  return r.ok ? { ok: true, value: r.secret } : { ok: false, error: `the ${what} (${describeSecretRef(ref)}) failed: ${r.error}` };
}

/** Each PEM certificate of a bundle, parsed; an error when there is none or one does not parse. */
function pemCertificates(text: string, what: string, path: string): Result<X509Certificate[]> {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    const binary = [...text.slice(0, 512)].some((ch) => ch === '\uFFFD' || ch.charCodeAt(0) < 9);
    const p12 = binary ? ' (it looks binary: a PKCS12 store? use the PEM file, e.g. the Secret key ca.crt or user.crt)' : '';
    return { ok: false, error: `the ${what} ${path} holds no PEM certificate${p12}` };
  }
  const out: X509Certificate[] = [];
  for (const [i, b] of blocks.entries()) {
    try {
      out.push(new X509Certificate(b));
    } catch (e) {
      return { ok: false, error: `certificate ${i + 1} in the ${what} ${path} does not parse (${errCode(e)})` };
    }
  }
  return { ok: true, value: out };
}

function validity(cert: X509Certificate, source: string, now: number): string | undefined {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (Number.isFinite(to) && to < now) return `the client certificate ${source} (subject ${subjectText(cert.subject)}) expired on ${new Date(to).toISOString()}`;
  if (Number.isFinite(from) && from > now) return `the client certificate ${source} (subject ${subjectText(cert.subject)}) is not valid before ${new Date(from).toISOString()}`;
  return undefined;
}

/** What `tls.createSecureContext` says about key material, in words that name the setting to fix. */
function keyMaterialError(e: unknown, tls: TlsConfig): string {
  const code = errCode(e);
  const text = (e as Error).message ?? '';
  if (tls.pkcs12) {
    const store = `the PKCS12 store ${tls.pkcs12.file}`;
    if (/mac verify failure/i.test(text)) {
      return tls.pkcs12Password
        ? `pkcs12Password (${describeSecretRef(tls.pkcs12Password)}) does not open ${store} (mac verify failure)`
        : `${store} needs a password and pkcs12Password is not set (mac verify failure)`;
    }
    return `${store} cannot be read as PKCS12 (${code === 'read error' ? text.slice(0, 80) : code})`;
  }
  const key = tls.key ? describeSecretRef(tls.key) : 'the key';
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(text)) {
    return tls.keyPassword
      ? `keyPassword (${describeSecretRef(tls.keyPassword)}) does not decrypt the private key from ${key} (bad decrypt)`
      : `the private key from ${key} is encrypted and keyPassword is not set (bad decrypt)`;
  }
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return `the private key from ${key} does not belong to the client certificate ${tls.cert?.file ?? ''} (key values mismatch)`;
  if (/PEM|DECODER|unsupported|no start line/i.test(`${code} ${text}`)) return `the private key from ${key} is not a PEM private key (${code})`;
  return `the client certificate and key cannot be used (${code})`;
}

/** The TLS half of a connection: files read, key material checked, and who the brokers will see. */
async function resolveTls(c: ClusterConfig, tls: TlsConfig, io: ConnectionIO): Promise<Result<Pick<ClusterConnection, 'tls' | 'principal' | 'clientCertificate'>>> {
  const out: TlsConnection = { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.servername && { servername: tls.servername }) };
  if (tls.ca) {
    const ca = await readText(tls.ca.file, 'CA file', io);
    if (!ca.ok) return ca;
    const parsed = pemCertificates(ca.value, 'CA file', tls.ca.file);
    if (!parsed.ok) return parsed;
    out.ca = ca.value;
  }
  let certificate: X509Certificate | undefined;
  let source: string | undefined;
  if (tls.cert && tls.key) {
    const cert = await readText(tls.cert.file, 'client certificate file', io);
    if (!cert.ok) return cert;
    const parsed = pemCertificates(cert.value, 'client certificate file', tls.cert.file);
    if (!parsed.ok) return parsed;
    certificate = parsed.value[0];
    source = tls.cert.file;
    const key = await secretText(tls.key, 'private key reference', io);
    if (!key.ok) return key;
    out.cert = cert.value;
    out.key = key.value;
  } else if (tls.pkcs12) {
    try {
      out.pfx = new Secret(await (io.readBinary ?? ((p: string) => readFile(p)))(tls.pkcs12.file));
    } catch (e) {
      return { ok: false, error: `the PKCS12 store ${tls.pkcs12.file} is not readable (${errCode(e)})` };
    }
    source = tls.pkcs12.file;
  }
  const password = tls.keyPassword ?? tls.pkcs12Password;
  if (password) {
    const pw = await secretText(password, tls.keyPassword ? 'keyPassword reference' : 'pkcs12Password reference', io);
    if (!pw.ok) return pw;
    out.passphrase = pw.value;
  }
  if (out.key || out.pfx) {
    const options: SecureContextOptions = {
      ...(out.cert && { cert: out.cert }),
      ...(out.key && { key: out.key.reveal() }),
      ...(out.pfx && { pfx: out.pfx.reveal() }),
      ...(out.passphrase && { passphrase: out.passphrase.reveal() }),
    };
    try {
      const context = createSecureContext(options);
      // The PKCS12's own certificate, to name it and its principal (SecureContext.getCertificate: DER, undocumented).
      if (!certificate) {
        const der = (context.context as { getCertificate?: () => Buffer | null }).getCertificate?.();
        if (der) certificate = new X509Certificate(der);
      }
    } catch (e) {
      return { ok: false, error: keyMaterialError(e, tls) };
    }
  }
  if (certificate && source) {
    const invalid = validity(certificate, source, (io.now ?? Date.now)());
    if (invalid) return { ok: false, error: invalid };
  }
  return {
    ok: true,
    value: {
      tls: out,
      ...(certificate && !c.sasl && { principal: sslPrincipal(certificate.subject) }),
      ...(source && { clientCertificate: { source, ...(certificate && { subject: subjectText(certificate.subject), validTo: new Date(Date.parse(certificate.validTo)).toISOString() }) } }),
    },
  };
}

/** `; set in clusters.svl.sasl.password at /etc/mm2-doctor.yaml:4:71`: where the operator fixes it. */
function writtenAt(c: ClusterConfig, key: keyof NonNullable<ClusterConfig['referencesAt']>): string {
  const at = c.referencesAt?.[key];
  return at ? `; set in ${at.path} at ${at.file}:${at.line}:${at.col}` : '';
}

/**
 * The connection for a configured cluster, its secrets resolved now (at use time). A CA,
 * certificate or key file, or a password reference, that fails, and an authentication mm2-doctor
 * does not support, give a connection marked `unusable` with the reason: the diagnosis reports it
 * as a finding about that cluster; other callers may refuse it.
 */
export async function resolveConnection(c: ClusterConfig, io: ConnectionIO = {}): Promise<ClusterConnection> {
  const base: ClusterConnection = { alias: c.alias, bootstrap: c.bootstrap, timeoutMs: c.timeoutMs };
  if (c.unsupported) return { ...base, unusable: c.unsupported };
  if (c.tls) {
    const tls = await resolveTls(c, c.tls, io);
    if (!tls.ok) return { ...base, unusable: `cannot use TLS for ${c.alias}: ${tls.error}${writtenAt(c, 'tls')}` };
    Object.assign(base, tls.value);
  }
  // Without SASL or a client certificate the brokers see the unauthenticated principal.
  if (!c.sasl) return base.principal || base.clientCertificate ? base : { ...base, principal: 'User:ANONYMOUS' };
  const pw = await resolveSecret(c.sasl.password, io);
  if (!pw.ok) return { ...base, unusable: `cannot authenticate to ${c.alias}: the password reference failed: ${pw.error}${writtenAt(c, 'sasl.password')}` };
  // SASL/PLAIN and SCRAM principals are the username (Strimzi's KafkaUserModel.getScramUserName too).
  return { ...base, principal: `User:${c.sasl.username}`, sasl: { mechanism: c.sasl.mechanism, username: c.sasl.username, password: pw.secret.reveal() } };
}
