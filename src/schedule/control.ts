/** What `/mm2 digest` needs from the schedules: preview and post a configured digest on request. */
import { UsageError } from '../model/diagnosis.ts';
import type { DigestControl } from '../runtime/command.ts';
import type { DigestConfig } from './config.ts';
import { postDigestNow, previewDigest } from './digest-job.ts';
import type { JobDeps } from './jobs.ts';

/** The digest `name` names; the only one when `name` is absent. Throws UsageError otherwise. */
export function pickDigest(digests: readonly DigestConfig[], name: string | undefined): DigestConfig {
  const names = digests.map((d) => d.name);
  if (digests.length === 0) throw new UsageError('No digest is configured (add a `digests:` section to the mm2-doctor config).');
  if (name === undefined) {
    if (digests.length === 1) return digests[0]!;
    throw new UsageError(`Name a digest: ${names.map((n) => `\`${n}\``).join(', ')}.`);
  }
  const d = digests.find((x) => x.name === name.toLowerCase());
  if (!d) throw new UsageError(`No digest \`${name}\`. Digests: ${names.map((n) => `\`${n}\``).join(', ')}.`);
  return d;
}

/** The control over `digests`, running with `deps`. */
export function digestControl(digests: readonly DigestConfig[], deps: JobDeps): DigestControl {
  return {
    names: () => digests.map((d) => d.name),
    async preview(name) {
      const cfg = pickDigest(digests, name);
      const { digest } = await previewDigest(cfg, deps);
      return { digest, channel: cfg.channel };
    },
    async postNow(name) {
      return postDigestNow(pickDigest(digests, name), deps);
    },
  };
}
