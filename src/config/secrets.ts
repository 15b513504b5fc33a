/**
 * Secrets are never written in the bot config: a password is a reference, `{ env: NAME }` or
 * `{ file: PATH }`, resolved at use time by `resolveSecret` (src/gather/secrets.ts). Errors name
 * the reference, never the value.
 */

/** A reference to a secret: an environment variable or a file (e.g. a mounted Kubernetes Secret). */
export type SecretRef = { env: string } | { file: string };

/** `env SVL_PASSWORD` / `file /etc/mm2-doctor/svl.password`, for messages. */
export function describeSecretRef(ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}
