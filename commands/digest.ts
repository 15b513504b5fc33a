/**
 * `digest now [name]` posts a configured digest to its channel now; `digest preview [name]` shows
 * it only to the caller. The schedules run in the Slack bot; elsewhere the command says so.
 */
import type { Command } from '../src/runtime/command.ts';
import { UsageError } from '../src/model/diagnosis.ts';
import { expectArgs } from './args.ts';

const usage = 'now|preview [name]';

export const digest: Command = {
  name: 'digest',
  aliases: [],
  usage,
  summary: 'Post a scheduled digest now, or preview it privately',
  details: ['`digest preview` diagnoses the digest\'s mirrors and shows the digest only to you.', '`digest now` posts it to its channel; the schedule keeps comparing with its own last digest.', 'With one digest configured the name may be left out.'],
  prepare(args) {
    expectArgs(args, 'digest', usage, 1, 2);
    const action = args[0]?.toLowerCase();
    if (action !== 'now' && action !== 'preview') throw new UsageError(`\`${args[0]}\` is not a digest action: \`/mm2 digest ${usage}\``);
    const name = args[1];
    return {
      progress: () => (action === 'now' ? 'Building the digest to post…' : 'Building the digest preview…'),
      async run(ctx) {
        const digests = ctx.schedules?.digests;
        if (!digests) throw new UsageError('Digests run in the Slack bot (`mm2-doctor serve`) when its config has a `digests:` section.');
        if (action === 'preview') return { kind: 'digest', action: 'preview', preview: await digests.preview(name) };
        const posted = await digests.postNow(name);
        return { kind: 'digest', action: 'posted', ...posted };
      },
    };
  },
};
