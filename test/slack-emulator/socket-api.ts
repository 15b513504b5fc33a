// What a test does to a Socket Mode app: a user runs a slash command, mentions the bot, clicks a
// button; Slack restarts or drops connections. Envelope shapes as in slack.md §4.4; a slash command's
// ack payload is its immediate response (https://api.slack.com/apis/socket-mode#command), shown to the
// user like a response_url message; an unacked command shows Slack's "operation_timeout" notice.
// With the app's manifest given (./app-config.ts), a command, event or step the app did not declare
// throws here: Slack would never send it.
import type { Core } from './core.ts';
import {
  appMention, blockAction, directMessage, eventCallback, functionExecuted, homeAction, homeOpened, slashCommand,
  type BlockActionInput, type Built, type DirectMessageInput, type HomeActionInput, type MentionInput, type SlashCommandInput, type StepInput,
} from './payloads.ts';
import type { StepExecution } from './core.ts';
import type { ResponseUrls } from './response-url.ts';
import type { Ack, Delivery, DeliveryHooks, DisconnectReason, EnvelopeType, SocketModeServer } from './socket-mode.ts';

export interface SentEnvelope {
  envelope_id: string;
  /** The response_url in the payload, for commands and interactions. */
  response_url?: string;
  payload: Record<string, unknown>;
  /** Live view of the delivery: attempts, ack, outcome. */
  delivery: Delivery;
}

export class SocketModeApi {
  constructor(private readonly core: Core, private readonly server: SocketModeServer, private readonly urls: ResponseUrls) {}

  /** Open connections right now. */
  get connections(): number {
    return this.server.openConnections;
  }

  /** Connections accepted since start (each reconnect adds one) and those refused as too many. */
  get accepted(): number {
    return this.server.accepted;
  }

  get rejected(): number {
    return this.server.rejected;
  }

  get deliveries(): readonly Delivery[] {
    return this.server.deliveries;
  }

  get acks(): readonly Ack[] {
    return this.server.acks;
  }

  slashCommand(input: SlashCommandInput): SentEnvelope {
    this.core.rules.requireCommand(input.command);
    const built = slashCommand(this.core, this.urls, input);
    const record = built.responseUrl;
    return this.send('slash_commands', built, {
      onAck: (ack) => {
        if (record) this.urls.immediate(record, ack.payload, input.command);
      },
      onFail: (outcome) => {
        const error = outcome === 'timed_out' ? 'operation_timeout' : 'dispatch_failed';
        if (record) this.urls.slackSays(record, `${input.command} failed with the error "${error}"`);
      },
    });
  }

  /** The user posts a message mentioning the bot; the app gets `app_mention`. */
  appMention(input: MentionInput): SentEnvelope {
    this.core.rules.requireEvent('app_mention');
    return this.send('events_api', { payload: appMention(this.core, input) });
  }

  /** Any other Events API event, wrapped in `event_callback`. */
  event(event: Record<string, unknown>): SentEnvelope {
    this.core.rules.requireEvent(subscriptionOf(event));
    return this.send('events_api', { payload: eventCallback(this.core, event) });
  }

  /** The user writes to the app in its Messages tab; the app gets `message` with channel_type "im". */
  directMessage(input: DirectMessageInput): SentEnvelope & { channel: string } {
    if (!this.core.rules.directMessages) throw new Error('emulator: "Sending messages to this app has been turned off" (manifest features.app_home: messages_tab_enabled true, messages_tab_read_only_enabled false)');
    this.core.rules.requireEvent('message.im');
    const { event, channel } = directMessage(this.core, input);
    return { ...this.send('events_api', { payload: eventCallback(this.core, event) }), channel };
  }

  /** The user opens the app's Home tab: `app_home_opened` (tab "home"). */
  openHome(user: string): SentEnvelope {
    if (!this.core.rules.homeTab) throw new Error('emulator: the app has no Home tab (manifest features.app_home.home_tab_enabled)');
    this.core.rules.requireEvent('app_home_opened');
    return this.send('events_api', { payload: eventCallback(this.core, homeOpened(this.core, user)) });
  }

  /** A click on a button in the user's App Home (no response_url: there is no message). */
  homeAction(input: HomeActionInput): SentEnvelope {
    return this.send('interactive', homeAction(this.core, input));
  }

  /** A workflow runs the app's custom step: `function_executed` with the step's inputs. */
  runStep(input: StepInput): SentEnvelope & { step: StepExecution } {
    const { event, step } = functionExecuted(this.core, input);
    return { ...this.send('events_api', { payload: eventCallback(this.core, event) }), step };
  }

  blockAction(input: BlockActionInput): SentEnvelope {
    return this.send('interactive', blockAction(this.core, this.urls, input));
  }

  /** Ids of the open connections, oldest first. */
  get connectionIds(): number[] {
    return this.server.connectionIds;
  }

  /** Slack's `disconnect` on every open connection, or only on `connection` (an id). */
  disconnect(reason: DisconnectReason, connection?: number): void {
    this.server.disconnect(reason, connection);
  }

  drop(): void {
    this.server.drop();
  }

  freeze(): void {
    this.server.freeze();
  }

  private send(type: EnvelopeType, built: Built, hooks: DeliveryHooks = {}): SentEnvelope {
    const delivery = this.server.send(type, built.payload, hooks);
    return { envelope_id: delivery.envelope_id, response_url: built.responseUrl?.url, payload: built.payload, delivery };
  }
}

/** The subscription name of an event: `message.im` for a message in a DM, else its type. */
export function subscriptionOf(event: Record<string, unknown>): string {
  return event.type === 'message' && typeof event.channel_type === 'string' ? `message.${event.channel_type}` : String(event.type);
}
