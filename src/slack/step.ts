/**
 * The Workflow Builder custom step "Diagnose an MM2 mirror" (manifest `functions.diagnose_mirror`):
 * Slack sends `function_executed` with the step's inputs; Bolt's `app.function` acks it and hands
 * `complete`/`fail` (functions.completeSuccess / completeError with the execution's own token;
 * https://docs.slack.dev/tools/bolt-js/concepts/custom-steps). Thin like the other listeners: the
 * diagnosis runs through the shared runner (access rules, mirror resolution, audit), the full answer
 * is posted in the step's channel as `/mm2 diagnose` draws it, and the step completes with the
 * verdict, the root cause and the answer's permalink (chat.getPermalink).
 *
 * Who asks: the `function_executed` event carries the step's inputs, ids and a per-execution token,
 * but no user (https://docs.slack.dev/reference/events/function_executed), and an input the workflow
 * fills in could name anyone, so the step runs for no particular person: the caller is an unknown
 * user (no id, no user groups) in the step's channel. Rules naming `users` or `usergroups` never
 * match it; a rule without them that allows the channel and the mirror does, and no `access:`
 * section allows everything, as for everyone else.
 *
 * Outcomes: a diagnosis completes, whatever its verdict (an unreachable cluster is a finding); an
 * unknown mirror, a denial, a channel the bot is not in, or an internal error fails the step with a
 * message naming what was wrong, which Slack shows the workflow's user. A denial posts nothing.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorRef, runCommand, type RunOutcome } from '../runtime/runner.ts';
import { quoteToken } from '../runtime/text.ts';
import { stepDenied, stepInternalError, stepSummary } from '../render/slack/step.ts';
import type { SlackDeps } from './deps.ts';
import { membershipProblem, NotInChannelError } from './membership.ts';
import { present } from './present.ts';
import { ChannelSurface } from './reply.ts';

/** The step's callback id; manifest.yml's `functions` declares it with its parameters. */
export const DIAGNOSE_STEP = 'diagnose_mirror';

/** The step's inputs and outputs, as manifest.yml declares them (test/slack/manifest.test.ts holds it to these). */
export const DIAGNOSE_STEP_INPUTS = ['mirror_name', 'channel_id'] as const;
export const DIAGNOSE_STEP_OUTPUTS = ['verdict', 'root_cause', 'link'] as const;

/** What the step completes with: every output, a string each. */
export type DiagnoseStepOutputs = Record<(typeof DIAGNOSE_STEP_OUTPUTS)[number], string>;

type StepArgs = SlackEventMiddlewareArgs<'function_executed'> & AllMiddlewareArgs;
type Finished = { ok: true; outputs: DiagnoseStepOutputs } | { ok: false; error: string };

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** What the step ends with, for a run outcome. */
async function finish(outcome: RunOutcome, channel: string, surface: ChannelSurface, deps: SlackDeps, client: StepArgs['client']): Promise<Finished> {
  const r = outcome.result;
  switch (r.kind) {
    case 'diagnosis': {
      await surface.show(present(outcome, deps.cache, '', { ephemeral: false }));
      const ts = surface.postedTs;
      if (!ts) throw new Error('chat.postMessage returned no ts for the step\'s answer');
      const { permalink } = await client.chat.getPermalink({ channel, message_ts: ts });
      if (!permalink) throw new Error('chat.getPermalink returned no permalink');
      return { ok: true, outputs: { ...stepSummary(r.diagnosis.report), link: permalink } };
    }
    case 'denied':
      return { ok: false, error: stepDenied(channel, outcome.mirror?.name ?? null) };
    case 'help':
      return { ok: false, error: r.problem ?? 'Name a mirror for the step.' };
    case 'error':
      // A placeholder may be in the channel already: it says what happened instead of "Diagnosing…".
      if (surface.postedTs) await surface.show(present(outcome, deps.cache, '', { ephemeral: false }));
      return { ok: false, error: stepInternalError(r.ref) };
    default:
      throw new Error(`diagnose returned a ${r.kind} result`);
  }
}

/** The step's listener: `app.function(DIAGNOSE_STEP, onDiagnoseStep(deps))`. */
export function onDiagnoseStep(deps: SlackDeps) {
  return async ({ event, inputs, client, complete, fail }: StepArgs): Promise<void> => {
    // Slack redelivers an event acked late; the execution runs once.
    if (deps.seen(`step:${event.function_execution_id}`)) return;
    await deps.inflight.run(async () => {
      const input = inputs as Partial<Record<(typeof DIAGNOSE_STEP_INPUTS)[number], unknown>>;
      const mirror = text(input.mirror_name);
      const channel = text(input.channel_id);
      const surface = new ChannelSurface(client, channel, deps.surface, { fileName: 'mm2-doctor-diagnosis.txt' });
      let done: Finished;
      try {
        const outcome = await runCommand({
          text: `diagnose ${quoteToken(mirror)}`,
          transport: 'slack',
          via: 'workflow',
          user: '',
          channel,
          // Posted only once access is granted and the mirror resolved; a channel the bot is not
          // in stops the step before anything is gathered, with the fix.
          onProgress: async (t) => {
            try {
              await surface.progress(t);
            } catch (error) {
              const code = membershipProblem(error);
              throw code ? new NotInChannelError(channel, code) : error;
            }
          },
        }, deps.runner);
        done = await finish(outcome, channel, surface, deps, client);
      } catch (error) {
        const ref = errorRef();
        deps.runner.logError(ref, deps.runner.redactor.text(`workflow step ${DIAGNOSE_STEP}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
        done = { ok: false, error: stepInternalError(ref) };
      }
      if (done.ok) await complete({ outputs: deps.runner.redactor.deep(done.outputs) });
      else await fail({ error: deps.runner.redactor.text(done.error) });
    });
  };
}
