/**
 * The Slack listeners, thin: ack first (Slack allows 3 s; Bolt does not ack for us in Socket Mode),
 * then run the command through the shared runner and show the result on the right surface.
 * Commands answer ephemerally through response_url; buttons share, re-run and show commands.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { auditRecord, type AuditFacts } from '../runtime/audit.ts';
import { runCommand, type RunOutcome } from '../runtime/runner.ts';
import { runsAsCommand } from '../runtime/registry.ts';
import { stripMentions } from '../runtime/text.ts';
import { renderCommands } from '../render/slack/report.ts';
import { assistThread } from './assist.ts';
import { decodeValue, type ButtonValue } from '../render/slack/buttons.ts';
import { present, runOn, slackRequest } from './present.ts';
import { ChannelSurface, ResponseUrlSurface } from './reply.ts';
import type { SlackDeps } from './deps.ts';
import type { WatchControl } from '../runtime/command.ts';
import { UsageError } from '../model/diagnosis.ts';
import { EXPIRED_BUTTON } from '../render/slack/reply.ts';
import { watchParentText } from '../render/slack/watch.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * `/mm2 watch` from a channel. Slash commands cannot be used in threads
 * (https://api.slack.com/interactivity/slash-commands), so the bot opens the thread itself: it
 * posts "Watching …" in the channel and the watch reports in that message's thread. `watch stop`
 * still belongs in the thread (a mention there).
 */
function channelWatch(deps: SlackDeps, client: AllMiddlewareArgs['client'], channel: string, user: string): WatchControl {
  return {
    async start(req) {
      const parent = await client.chat
        .postMessage({ channel, text: watchParentText(req.mirror.name, user) })
        .catch((error: unknown) => {
          if (isNotInChannel(error)) throw new UsageError('To watch here, invite the bot to this channel (`/invite @mm2-doctor`), or mention it in an incident thread.');
          throw error;
        });
      if (!parent.ts) throw new Error('chat.postMessage returned no ts for the watch thread');
      return deps.watches.control(channel, parent.ts, user).start(req);
    },
    async stopHere() {
      throw new UsageError('`watch stop` ends the watches of a thread: mention the bot in that thread, `@mm2-doctor watch stop`.');
    },
  };
}

/** `/mm2 …`: ack, placeholder, then the result in its place, ephemeral with buttons. */
export type { SlackDeps };

export function onCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await deps.inflight.run(async () => {
      const user = command.user_id;
      const watch = channelWatch(deps, client, command.channel_id, user);
      await runOn(new ResponseUrlSurface(respond, deps.surface), deps, { text: command.text, via: 'command', user, channel: command.channel_id, watch }, { ephemeral: true });
    });
  };
}

function clickContext(body: BlockAction): { user: string; channel: string; ephemeral: boolean } {
  const container = body.container as { channel_id?: string; is_ephemeral?: boolean };
  return { user: body.user.id, channel: body.channel?.id ?? container.channel_id ?? '', ephemeral: container.is_ephemeral === true };
}

async function expired(respond: RespondFn): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: EXPIRED_BUTTON });
}

/**
 * The cached outcome behind a button, or the command run again for this user (which audits it).
 * Sharing a cached result puts it in front of a channel, so that gets its own audit line.
 */
async function outcomeFor(deps: SlackDeps, value: ButtonValue, user: string, channel: string, via: string): Promise<RunOutcome> {
  const cached = deps.cache.get(value.result, user);
  if (cached && via === 'share') {
    const facts: AuditFacts = { ts: new Date().toISOString(), transport: 'slack', via, user, channel, command: cached.command, args: [], mirror: cached.mirror?.name ?? null, outcome: 'ok', durationMs: 0 };
    deps.runner.audit(deps.runner.redactor.deep(auditRecord(facts, cached.result)));
  }
  if (cached) return cached;
  return runCommand(slackRequest(deps, { text: value.command, via, user, channel }), deps.runner);
}

function isNotInChannel(error: unknown): boolean {
  const code = (error as { data?: { error?: string } }).data?.error;
  return code === 'not_in_channel' || code === 'channel_not_found';
}

/** A click: the button's decoded value, who clicked, and where. */
interface Click {
  value: ButtonValue;
  user: string;
  channel: string;
  ephemeral: boolean;
}

/** A button listener: ack first, then `fn` with the click; a stale or foreign button gets a note instead. */
function onButton(deps: SlackDeps, fn: (click: Click, args: ButtonArgs) => Promise<void>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    await deps.inflight.run(async () => {
      const value = decodeValue(args.action.value);
      if (!value) return expired(args.respond);
      await fn({ value, ...clickContext(args.body) }, args);
    });
  };
}

/** Share in channel: the ephemeral reply goes away and the same result is posted for everyone. */
export function onShare(deps: SlackDeps) {
  return onButton(deps, async ({ value, user, channel }, { respond, client }) => {
    const outcome = await outcomeFor(deps, value, user, channel, 'share');
    const draft = present(outcome, deps.cache, user, { ephemeral: false, sharedBy: user });
    await respond({ delete_original: true });
    try {
      await new ChannelSurface(client, channel, deps.surface).show(draft);
    } catch (error) {
      if (!isNotInChannel(error)) throw error;
      // The bot is not in the channel: response_url can still post there (https://api.slack.com/interactivity/handling#message_responses).
      await new ResponseUrlSurface(respond, deps.surface, { inChannel: true }).show(draft);
    }
  });
}

/** Re-run: the clicked message is replaced by a placeholder, then by the fresh result. */
export function onRerun(deps: SlackDeps) {
  return onButton(deps, async ({ value, user, channel, ephemeral }, { respond }) => {
    const surface = new ResponseUrlSurface(respond, deps.surface, { replaceOriginal: true, inChannel: !ephemeral });
    await runOn(surface, deps, { text: value.command, via: 'rerun', user, channel }, { ephemeral });
  });
}

/** Show commands: the steps' commands of the diagnosis, only to the person who clicked. */
export function onShowCommands(deps: SlackDeps) {
  return onButton(deps, async ({ value, user, channel }, { respond }) => {
    const outcome = await outcomeFor(deps, value, user, channel, 'commands');
    const surface = new ResponseUrlSurface(respond, deps.surface);
    const r = outcome.result;
    if (r.kind === 'diagnosis' || r.kind === 'watch') await surface.show(renderCommands(r.diagnosis));
    else await surface.show(present(outcome, deps.cache, user, { ephemeral: true }));
  });
}

/**
 * `@mm2-doctor …` in a channel or thread: a command runs in the thread (watch included); anything
 * else is incident assistance (read the thread, explain its logs, diagnose its mirrors).
 */
export function onMention(deps: SlackDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    if (deps.seen(`${event.channel}:${event.ts}`)) return;
    await deps.inflight.run(async () => {
      const threadTs = event.thread_ts ?? event.ts;
      const user = event.user ?? '';
      const text = stripMentions(event.text);
      if (runsAsCommand(deps.registry, text, (m) => deps.runner.doctor.resolve(m))) {
        const surface = new ChannelSurface(client, event.channel, deps.surface, { threadTs });
        await runOn(surface, deps, { text, via: 'mention', user, channel: event.channel, thread: threadTs, watch: deps.watches.control(event.channel, threadTs, user) }, { ephemeral: false });
        return;
      }
      await assistThread({ client, channel: event.channel, threadTs, inThread: event.thread_ts !== undefined, user, text: event.text, botUserId: context.botUserId }, deps);
    });
  };
}
