// What members of the workspace see: channel messages with their threads, edits applied in place,
// deletions (a thread parent with replies leaves a "This message was deleted." tombstone, as in
// https://api.slack.com/events/message/message_deleted), ephemeral messages visible to one user
// (https://api.slack.com/methods/chat.postEphemeral) and uploaded files. Timestamps are Slack `ts`
// strings ("seconds.micros"), unique and increasing, as https://api.slack.com/messaging/retrieving describes.
import { EventEmitter } from 'node:events';

/** How a message reached the store; lets tests tell a response_url reply from a chat.postMessage. */
export type Via = 'chat.postMessage' | 'chat.postEphemeral' | 'response_url' | 'ack' | 'files' | 'user' | 'slack';

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  content: Buffer;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  /** The author: a human user id, or the bot user id for the app's messages. */
  user: string;
  bot_id?: string;
  subtype?: string;
  reply_broadcast?: boolean;
  files?: StoredFile[];
  /** Emoji name → users who reacted, in order. */
  reactions?: Record<string, string[]>;
  edited?: { user: string; ts: string };
  /** Earlier versions, oldest first, so tests can assert an edit happened. */
  history: { text: string; blocks?: unknown[] }[];
  via: Via;
}

export interface EphemeralMessage {
  channel: string;
  /** The only user who sees it. */
  user: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  edited?: { user: string; ts: string };
  history: { text: string; blocks?: unknown[] }[];
  via: Via;
}

export type NewMessage = Omit<StoredMessage, 'ts' | 'history'>;
export type NewEphemeral = Omit<EphemeralMessage, 'ts' | 'history'>;

export class MessageStore extends EventEmitter {
  // Every pending emu.waitFor listens for changes; load tests keep dozens pending at once.
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  private readonly byChannel = new Map<string, StoredMessage[]>();
  private readonly ephemerals: EphemeralMessage[] = [];
  private lastMicros = 0;

  nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, Date.now() * 1000);
    const s = Math.floor(this.lastMicros / 1_000_000);
    return `${s}.${String(this.lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  /** Stores a message; a `thread_ts` naming a reply is moved to that reply's parent, as Slack does. */
  add(message: NewMessage): StoredMessage {
    const stored: StoredMessage = { ...message, ts: this.nextTs(), history: [] };
    if (stored.thread_ts) stored.thread_ts = this.find(stored.channel, stored.thread_ts)?.thread_ts ?? stored.thread_ts;
    const list = this.byChannel.get(stored.channel) ?? [];
    list.push(stored);
    this.byChannel.set(stored.channel, list);
    this.changed();
    return stored;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Replaces text and blocks in place; `editor` marks it "(edited)" as chat.update does. */
  edit(message: StoredMessage | EphemeralMessage, next: { text: string; blocks?: unknown[] }, editor?: string): void {
    message.history.push({ text: message.text, blocks: message.blocks });
    message.text = next.text;
    message.blocks = next.blocks;
    if (editor) message.edited = { user: editor, ts: this.nextTs() };
    this.changed();
  }

  /** Adds or removes one user's reaction; false when there was nothing to change. */
  react(message: StoredMessage, name: string, user: string, on: boolean): boolean {
    const users = message.reactions?.[name] ?? [];
    if (users.includes(user) === on) return false;
    const next = on ? [...users, user] : users.filter((u) => u !== user);
    const { [name]: _old, ...others } = message.reactions ?? {};
    message.reactions = next.length > 0 ? { ...others, [name]: next } : others;
    this.changed();
    return true;
  }

  remove(message: StoredMessage): void {
    const list = this.byChannel.get(message.channel) ?? [];
    const hasReplies = list.some((m) => m.thread_ts === message.ts && m.ts !== message.ts);
    if (hasReplies) {
      Object.assign(message, { text: 'This message was deleted.', blocks: undefined, subtype: 'tombstone', files: undefined });
    } else {
      list.splice(list.indexOf(message), 1);
    }
    this.changed();
  }

  addEphemeral(message: NewEphemeral): EphemeralMessage {
    const stored: EphemeralMessage = { ...message, ts: this.nextTs(), history: [] };
    this.ephemerals.push(stored);
    this.changed();
    return stored;
  }

  findEphemeral(channel: string, ts: string): EphemeralMessage | undefined {
    return this.ephemerals.find((m) => m.channel === channel && m.ts === ts);
  }

  removeEphemeral(message: EphemeralMessage): void {
    this.ephemerals.splice(this.ephemerals.indexOf(message), 1);
    this.changed();
  }

  /** The channel as members see it: top-level messages and broadcast thread replies, oldest first. */
  channelView(channel: string): StoredMessage[] {
    return (this.byChannel.get(channel) ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast);
  }

  /** A thread: its parent, then the replies, oldest first; empty when `ts` is unknown. */
  thread(channel: string, ts: string): StoredMessage[] {
    const list = this.byChannel.get(channel) ?? [];
    const root = list.find((m) => m.ts === ts);
    if (!root) return [];
    const parentTs = root.thread_ts ?? root.ts;
    return list.filter((m) => m.ts === parentTs || m.thread_ts === parentTs);
  }

  ephemeralFor(user: string): EphemeralMessage[] {
    return this.ephemerals.filter((m) => m.user === user);
  }

  private changed(): void {
    this.emit('change');
  }
}
