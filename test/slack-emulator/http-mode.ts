// Slack calling an app's Request URL (https://api.slack.com/apis/http):
// - slash commands as application/x-www-form-urlencoded
//   (https://api.slack.com/interactivity/slash-commands#app_command_handling); a 200 body is the
//   command's immediate response; no answer within the ack timeout shows "operation_timeout";
// - Events API as JSON `event_callback`, plus the `url_verification` challenge
//   (https://api.slack.com/events/url_verification); retries carry X-Slack-Retry-Num / -Reason;
// - interactivity as form field `payload=<json>` (https://api.slack.com/interactivity/handling#payloads).
// Every request is signed: X-Slack-Request-Timestamp and X-Slack-Signature = "v0=" +
// hex(HMAC-SHA256(signing_secret, "v0:" + timestamp + ":" + raw body))
// (https://api.slack.com/authentication/verifying-requests-from-slack). `signature` lets a test send a
// wrong signature, none, or a correct signature over a timestamp more than 5 minutes old (`stale`) or
// ahead (`future`): Slack's rule is "more than five minutes from local time" and its own Python SDK
// checks `abs(now - timestamp) > 300` (slack_sdk/signature/__init__.py), so a request from a clock
// skewed either way, or a replay carrying a forged future timestamp, must be refused. `skewSeconds`
// sends an exact offset instead.
import { createHmac } from 'node:crypto';
import type { Core } from './core.ts';
import {
  appMention, blockAction, eventCallback, functionExecuted, slashCommand,
  type BlockActionInput, type Built, type MentionInput, type SlashCommandInput, type StepInput,
} from './payloads.ts';
import type { StepExecution } from './core.ts';
import type { ResponseUrls } from './response-url.ts';

export type SignatureMode = 'valid' | 'bad' | 'stale' | 'future' | 'missing';

export interface SendOptions {
  signature?: SignatureMode;
  /** Seconds added to the signed timestamp (negative: in the past); the signature stays correct. */
  skewSeconds?: number;
  /** Marks the request as Slack's n-th retry (X-Slack-Retry-Num / X-Slack-Retry-Reason). */
  retryNum?: number;
  retryReason?: string;
}

export interface HttpReply {
  /** The app's HTTP status; 0 when it did not answer within the ack timeout. */
  status: number;
  body: string;
  payload: Record<string, unknown>;
  response_url?: string;
}

/** Slack's v0 request signature. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const SKEW_SECONDS = 5 * 60 + 1;

export class HttpMode {
  constructor(private readonly core: Core, private readonly urls: ResponseUrls, readonly requestUrl: string) {}

  async slashCommand(input: SlashCommandInput, options: SendOptions = {}): Promise<HttpReply> {
    const built = slashCommand(this.core, this.urls, input);
    const form = new URLSearchParams(built.payload as Record<string, string>).toString();
    const reply = await this.post(built, form, 'application/x-www-form-urlencoded', options);
    const record = built.responseUrl;
    if (record && reply.status === 0) this.urls.slackSays(record, `${input.command} failed with the error "operation_timeout"`);
    if (record && reply.status === 200 && reply.body !== '') {
      this.urls.immediate(record, reply.body.trimStart().startsWith('{') ? JSON.parse(reply.body) : { text: reply.body }, input.command);
    }
    return reply;
  }

  appMention(input: MentionInput, options: SendOptions = {}): Promise<HttpReply> {
    const payload = appMention(this.core, input);
    return this.post({ payload }, JSON.stringify(payload), 'application/json', options);
  }

  event(event: Record<string, unknown>, options: SendOptions = {}): Promise<HttpReply> {
    const payload = eventCallback(this.core, event);
    return this.post({ payload }, JSON.stringify(payload), 'application/json', options);
  }

  /** A workflow runs the app's custom step: `function_executed`, as for Socket Mode. */
  async runStep(input: StepInput, options: SendOptions = {}): Promise<HttpReply & { step: StepExecution }> {
    const { event, step } = functionExecuted(this.core, input);
    const payload = eventCallback(this.core, event);
    return { ...(await this.post({ payload }, JSON.stringify(payload), 'application/json', options)), step };
  }

  urlVerification(challenge: string, options: SendOptions = {}): Promise<HttpReply> {
    const payload = { token: this.core.workspace.seed.verificationToken, challenge, type: 'url_verification' };
    return this.post({ payload }, JSON.stringify(payload), 'application/json', options);
  }

  blockAction(input: BlockActionInput, options: SendOptions = {}): Promise<HttpReply> {
    const built = blockAction(this.core, this.urls, input);
    const form = new URLSearchParams({ payload: JSON.stringify(built.payload) }).toString();
    return this.post(built, form, 'application/x-www-form-urlencoded', options);
  }

  private async post(built: Built, body: string, contentType: string, options: SendOptions): Promise<HttpReply> {
    const mode = options.signature ?? 'valid';
    const now = Math.floor(Date.now() / 1000);
    const skew = options.skewSeconds ?? (mode === 'stale' ? -SKEW_SECONDS : mode === 'future' ? SKEW_SECONDS : 0);
    const timestamp = now + skew;
    const secret = mode === 'bad' ? `${this.core.workspace.seed.signingSecret}-wrong` : this.core.workspace.seed.signingSecret;
    const headers: Record<string, string> = { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
    if (mode !== 'missing') {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = slackSignature(secret, timestamp, body);
    }
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const base = { payload: built.payload, response_url: built.responseUrl?.url };
    try {
      const res = await fetch(this.requestUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.core.options.ackTimeoutMs) });
      return { ...base, status: res.status, body: await res.text() };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') return { ...base, status: 0, body: '' };
      throw error;
    }
  }
}
