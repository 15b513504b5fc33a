/**
 * Where a reply goes and how it is updated in place. Two surfaces:
 * - {@link ResponseUrlSurface}: a command's or click's response_url, ephemeral by default;
 *   `replace_original` swaps the placeholder for the result. Slack allows 5 uses within 30 minutes
 *   (https://api.slack.com/interactivity/handling#message_responses), so parts beyond the budget are
 *   summarised in a last note.
 * - {@link ChannelSurface}: chat.postMessage / chat.update in a channel or thread; parts beyond the
 *   first go in the thread, and a reply longer than a few parts is attached as a file (files.uploadV2).
 * Every message is fitted to Block Kit limits, checked, and redacted before it leaves.
 */
import type { RespondFn } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { Redactor } from '../runtime/redact.ts';
import { asPlainText, checkMessage, fitMessages, partsNotShown, plainMessage, replyAsFile, type SlackDraft, type SlackMessage } from '../render/slack/limits.ts';

/** Shows a placeholder, then the reply in its place; or a reply only the asker sees. */
export interface Surface {
  /** Shows or updates the progress message; the next `show` replaces it, `private` removes it. */
  progress(text: string): Promise<void>;
  /** Most progress messages and updates this surface can afford (default: no limit). */
  readonly progressLimit?: number;
  show(draft: SlackDraft): Promise<void>;
  /** Shows `draft` only to the person who asked, leaving whatever is shown to others alone (denials). */
  private(draft: SlackDraft): Promise<void>;
}

/** What surfaces need besides their transport. */
export interface SurfaceDeps {
  redactor: Redactor;
  /** Logs a problem with an outgoing message (a renderer bug); already redacted. */
  warn(message: string): void;
}

const RESPONSE_URL_USES = 5;
/** Progress on a response_url: the placeholder and one update, leaving 3 uses for the answer. */
const RESPONSE_URL_PROGRESS = 2;
/** Thread parts after the first before the whole reply becomes a file. */
const MAX_THREAD_PARTS = 3;

/** Checks a message before it is sent; a message that would be rejected becomes plain text. */
export function safe(m: SlackMessage, deps: SurfaceDeps): SlackMessage {
  const out = deps.redactor.deep(m);
  const issues = checkMessage(out);
  if (issues.length === 0) return out;
  deps.warn(`outgoing message exceeded Block Kit limits (${issues.join('; ')}); sent as text`);
  return asPlainText(out);
}

/** A response_url: ephemeral (or in_channel) messages replaced in place. */
export class ResponseUrlSurface implements Surface {
  readonly progressLimit = RESPONSE_URL_PROGRESS;
  private uses = 0;
  private replace: boolean;
  private readonly responseType: 'in_channel' | 'ephemeral';

  /** `replaceOriginal`: the first message replaces the message the click came from. */
  constructor(
    private readonly respond: RespondFn,
    private readonly deps: SurfaceDeps,
    opts: { replaceOriginal?: boolean; inChannel?: boolean } = {},
  ) {
    this.replace = opts.replaceOriginal ?? false;
    this.responseType = opts.inChannel ? 'in_channel' : 'ephemeral';
  }

  private async send(m: SlackMessage): Promise<void> {
    this.uses += 1;
    const msg = safe(m, this.deps);
    await this.respond({ response_type: this.responseType, replace_original: this.replace, text: msg.text, ...(msg.blocks.length > 0 ? { blocks: msg.blocks } : {}) });
  }

  async progress(text: string): Promise<void> {
    await this.send(plainMessage(text));
    this.replace = true;
  }

  /** An ephemeral message to the clicker or caller; the message clicked stays as it was. */
  async private(draft: SlackDraft): Promise<void> {
    const [first] = fitMessages(draft);
    if (!first) return;
    this.uses += 1;
    const msg = safe(first, this.deps);
    await this.respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, ...(msg.blocks.length > 0 ? { blocks: msg.blocks } : {}) });
  }

  async show(draft: SlackDraft): Promise<void> {
    const parts = fitMessages(draft);
    const budget = RESPONSE_URL_USES - this.uses;
    const shown = parts.length > budget ? parts.slice(0, budget) : parts;
    if (parts.length > budget) shown[shown.length - 1] = partsNotShown(shown[shown.length - 1]!, parts.length - budget + 1);
    for (const [i, m] of shown.entries()) {
      await this.send(m);
      if (i === 0) this.replace = false;
    }
  }
}

/** chat.postMessage / chat.update in a channel, or in a thread when `threadTs` is set. */
export class ChannelSurface implements Surface {
  private ts: string | undefined;
  /** The progress message this surface posted (not one it was given to update). */
  private progressTs: string | undefined;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly deps: SurfaceDeps,
    private readonly opts: { threadTs?: string; updateTs?: string; fileName?: string; asker?: string } = {},
  ) {
    this.ts = opts.updateTs;
  }

  /** The ts of the message this surface posted (the reply's first part), once it has posted one. */
  get postedTs(): string | undefined {
    return this.ts;
  }

  private async put(m: SlackMessage): Promise<void> {
    const msg = safe(m, this.deps);
    const body = { channel: this.channel, text: msg.text, ...(msg.blocks.length > 0 ? { blocks: msg.blocks } : {}) };
    if (this.ts) {
      await this.client.chat.update({ ...body, ts: this.ts });
      return;
    }
    const res = await this.client.chat.postMessage({ ...body, ...(this.opts.threadTs ? { thread_ts: this.opts.threadTs } : {}) });
    this.ts = res.ts;
  }

  private async reply(m: SlackMessage, threadTs: string): Promise<void> {
    const msg = safe(m, this.deps);
    await this.client.chat.postMessage({ channel: this.channel, thread_ts: threadTs, text: msg.text, ...(msg.blocks.length > 0 ? { blocks: msg.blocks } : {}) });
  }

  async progress(text: string): Promise<void> {
    const posting = this.ts === undefined;
    await this.put(plainMessage(text));
    if (posting) this.progressTs = this.ts;
  }

  /**
   * chat.postEphemeral to the asker, in the thread when there is one; public only without an asker.
   * A progress message this surface posted is deleted (chat.delete), so none is left behind.
   */
  async private(draft: SlackDraft): Promise<void> {
    const [first] = fitMessages(draft);
    if (!first) return;
    if (!this.opts.asker) return this.show(draft);
    const msg = safe(first, this.deps);
    await this.client.chat.postEphemeral({
      channel: this.channel, user: this.opts.asker, text: msg.text,
      ...(msg.blocks.length > 0 ? { blocks: msg.blocks } : {}), ...(this.opts.threadTs ? { thread_ts: this.opts.threadTs } : {}),
    });
    if (this.progressTs) {
      await this.client.chat.delete({ channel: this.channel, ts: this.progressTs });
      this.ts = this.progressTs = undefined;
    }
  }

  async show(draft: SlackDraft): Promise<void> {
    const [first, ...rest] = fitMessages(draft);
    if (!first) return;
    await this.put(first);
    const threadTs = this.opts.threadTs ?? this.ts;
    if (rest.length === 0 || !threadTs) return;
    if (rest.length <= MAX_THREAD_PARTS) {
      for (const m of rest) await this.reply(m, threadTs);
      return;
    }
    await this.attach(draft, threadTs, rest.length + 1);
  }

  /** The whole reply as a text file in the thread (files.uploadV2: getUploadURLExternal + completeUploadExternal). */
  private async attach(draft: SlackDraft, threadTs: string, parts: number): Promise<void> {
    const file = replyAsFile(draft, parts);
    await this.client.filesUploadV2({
      channel_id: this.channel,
      thread_ts: threadTs,
      filename: this.opts.fileName ?? 'mm2-doctor-reply.txt',
      title: file.title,
      content: this.deps.redactor.text(file.content),
      initial_comment: file.comment,
    });
  }
}
