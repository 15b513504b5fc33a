/**
 * The schema side of secrets: a password or token is written as a reference, `{ env: NAME }` or
 * `{ file: PATH }`, never inline. Resolving a reference is `resolveSecret`'s job
 * (src/config/secrets.ts), at use time.
 */
import { z } from 'zod';
import { nonEmptyString, strictMap } from './zod-yaml.ts';

const INLINE = 'inline secrets are not allowed; use { env: NAME } or { file: PATH }';

/** `{ env: NAME }` or `{ file: PATH }`. A value written in its place is an error that does not repeat it. */
export const secretRefSchema = strictMap(
  {
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe('an environment variable name').optional(),
    file: nonEmptyString.optional(),
  },
  {
    description: '{ env: NAME } or { file: PATH }',
    error: (issue) => (issue.code === 'invalid_type' && ['string', 'number', 'boolean'].includes(typeof issue.input) ? INLINE : undefined),
  },
).transform((ref, ctx): { env: string } | { file: string } => {
  if (ref.env !== undefined && ref.file === undefined) return { env: ref.env };
  if (ref.file !== undefined && ref.env === undefined) return { file: ref.file };
  ctx.addIssue({ code: 'custom', message: 'give exactly one of env or file' });
  return z.NEVER;
});

/** A reference to a secret: an environment variable or a file (e.g. a mounted Kubernetes Secret). */
export type SecretRef = z.output<typeof secretRefSchema>;
