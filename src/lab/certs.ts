/**
 * Certificates for the lab's TLS listeners, made with the `openssl` command line: a lab CA, a
 * broker certificate for 127.0.0.1 and localhost, and client certificates on demand (PEM, an
 * encrypted PEM key, a PKCS12 store), plus a certificate from a CA no broker trusts. EC P-256 keys
 * make each one a few milliseconds; everything is made once per lab folder and reused.
 *
 * Kafka's PEM key store wants the key as unencrypted PKCS#8 ("-----BEGIN PRIVATE KEY-----"; K39
 * SslConfigs "supports only PEM format with PKCS#8 keys"), which is what `openssl req -nodes`
 * writes with OpenSSL 3; `pkcs8 -topk8 -nocrypt` makes sure of it with 1.1.1 too.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireOpenssl } from './toolchain.ts';

const run = promisify(execFile);

/** The files of one client certificate. */
export interface ClientCertificate {
  /** `CN=…` subject as given to openssl (`/CN=mm2-doctor`). */
  subject: string;
  /** The principal a broker's default SSL principal builder gives it (RFC 2253, last RDN first). */
  principal: string;
  cert: string;
  key: string;
  /** The same key, encrypted (PKCS#8, AES-256) with {@link ClientCertificate.keyPassword}. */
  encryptedKey: string;
  keyPassword: string;
  /** Certificate, key and CA in a PKCS12 store, opened with {@link ClientCertificate.pkcs12Password}. */
  pkcs12: string;
  pkcs12Password: string;
}

/** A lab folder's certificates. */
export interface LabCertificates {
  dir: string;
  /** The CA every lab broker trusts for clients and signs its own certificate with. */
  ca: string;
  /** Broker key and certificate chain in one PEM file (Kafka's `ssl.keystore.type=PEM` + `location`). */
  brokerPem: string;
}

const DAYS = '30';

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir, timeout: 30_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed in ${dir}: ${(e.stderr ?? e.message).trim().slice(-400)}`);
  }
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);

/** A key pair as unencrypted PKCS#8 and a CSR for `subject`. */
async function keyAndRequest(dir: string, name: string, subject: string): Promise<void> {
  await openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.raw.key`, '-out', `${name}.csr`, '-subj', subject]);
  await openssl(dir, ['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.raw.key`, '-out', `${name}.key`]);
}

async function selfSigned(dir: string, name: string, subject: string): Promise<void> {
  await openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', DAYS, '-subj', subject]);
}

async function sign(dir: string, name: string, ca: string, extensions: string): Promise<void> {
  await fs.writeFile(path.join(dir, `${name}.ext`), extensions);
  await openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', DAYS, '-sha256', '-extfile', `${name}.ext`]);
}

const made = new Map<string, Promise<unknown>>();
/** Runs `make` once per key in this process; the files it writes mark it done for later processes. */
function once<T>(key: string, make: () => Promise<T>): Promise<T> {
  let p = made.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    made.set(key, p);
    p.catch(() => made.delete(key));
  }
  return p;
}

/** The lab CA and the broker certificate of `labDir`, made on first use. */
export function labCertificates(labDir: string): Promise<LabCertificates> {
  const dir = path.join(labDir, 'certs');
  return once(`ca:${dir}`, async () => {
    const out: LabCertificates = { dir, ca: path.join(dir, 'ca.crt'), brokerPem: path.join(dir, 'broker.pem') };
    if (await exists(out.brokerPem)) return out;
    await requireOpenssl();
    await fs.mkdir(dir, { recursive: true });
    await selfSigned(dir, 'ca', '/CN=mm2-doctor-lab-ca');
    await keyAndRequest(dir, 'broker', '/CN=localhost');
    await sign(dir, 'broker', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
    const [key, cert, ca] = await Promise.all(['broker.key', 'broker.crt', 'ca.crt'].map((f) => fs.readFile(path.join(dir, f), 'utf8')));
    await fs.writeFile(out.brokerPem, `${key}${cert}${ca}`);
    return out;
  });
}

/**
 * A client certificate `name` with `subject` (openssl form, `/CN=mm2-doctor`). `untrusted` signs
 * it with a second CA that no lab broker trusts.
 */
export function labClientCertificate(labDir: string, name: string, subject: string, opts: { untrusted?: boolean } = {}): Promise<ClientCertificate> {
  const dir = path.join(labDir, 'certs');
  return once(`client:${dir}:${name}`, async () => {
    await labCertificates(labDir);
    const file = (ext: string) => path.join(dir, `${name}.${ext}`);
    const principal = `User:${subject.split('/').filter((s) => s !== '').reverse().join(',')}`;
    const out: ClientCertificate = {
      subject,
      principal,
      cert: file('crt'),
      key: file('key'),
      encryptedKey: file('enc.key'),
      keyPassword: `key-${name}-Pw`,
      pkcs12: file('p12'),
      pkcs12Password: `p12-${name}-Pw`,
    };
    if (await exists(out.pkcs12)) return out;
    const ca = opts.untrusted ? 'rogue-ca' : 'ca';
    if (opts.untrusted && !(await exists(path.join(dir, 'rogue-ca.crt')))) await selfSigned(dir, 'rogue-ca', '/CN=not-the-lab-ca');
    await keyAndRequest(dir, name, subject);
    await sign(dir, name, ca, 'extendedKeyUsage=clientAuth\n');
    await openssl(dir, ['pkcs8', '-topk8', '-in', `${name}.key`, '-out', `${name}.enc.key`, '-v2', 'aes-256-cbc', '-passout', `pass:${out.keyPassword}`]);
    await openssl(dir, ['pkcs12', '-export', '-in', `${name}.crt`, '-inkey', `${name}.key`, '-certfile', `${ca}.crt`, '-name', name, '-out', `${name}.p12`, '-passout', `pass:${out.pkcs12Password}`]);
    return out;
  });
}
