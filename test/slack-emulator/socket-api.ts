// What a test does to a Socket Mode app: a user runs a slash command, mentions the bot, clicks a
// button; Slack restarts or drops connections. Envelope shapes as in slack.md §4.4; a slash command's
// ack payload is its immediate response (https://api.slack.com/apis/socket-mode#command), shown to the
// user like a response_url message; an unacked command shows Slack's "operation_timeout" notice.
import type { Core } from './core.ts';
import {
  appMention, blockAction, eventCallback, slashCommand,
  type BlockActionInput, type Built, type MentionInput, type SlashCommandInput,
} from './payloads.ts';
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
    return this.send('events_api', { payload: appMention(this.core, input) });
  }

  /** Any other Events API event, wrapped in `event_callback`. */
  event(event: Record<string, unknown>): SentEnvelope {
    return this.send('events_api', { payload: eventCallback(this.core, event) });
  }

  blockAction(input: BlockActionInput): SentEnvelope {
    return this.send('interactive', blockAction(this.core, this.urls, input));
  }

  disconnect(reason: DisconnectReason): void {
    this.server.disconnect(reason);
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
