/**
 * Secrets are never written in the bot config: a password is a reference, `{ env: NAME }` or
 * `{ file: PATH }`, resolved at use time by `resolveSecret` (src/gather/secrets.ts). Errors name
 * the reference, never the value.
 */
import type { SecretRef } from './secret-ref.ts';

export type { SecretRef };

/** `env SVL_PASSWORD` / `file /etc/mm2-doctor/svl.password`, for messages. */
export function describeSecretRef(ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}
