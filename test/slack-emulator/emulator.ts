// The emulator itself: one loopback HTTP server carrying the Web API (/api/<method>), response_urls
// (/response/<id>), file upload URLs (/upload/<id>) and the Socket Mode WebSocket (/link/), plus the
// query helpers tests use to assert what users of the workspace see. See index.ts for usage.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receiveUpload } from './api-files.ts';
import { AppRules, type ManifestLike } from './app-config.ts';
import { DEFAULT_OPTIONS, type Core, type EmulatorOptions, type HomeView, type StepExecution, type UploadedFile } from './core.ts';
import { HttpMode } from './http-mode.ts';
import { parseArgs, readBody, sendJson } from './http-util.ts';
import type { ContentLimits } from './message-content.ts';
import { ResponseUrls, type ResponseUrl } from './response-url.ts';
import { SocketModeApi, subscriptionOf } from './socket-api.ts';
import { SocketModeServer } from './socket-mode.ts';
import { MessageStore, type EphemeralMessage, type StoredMessage } from './store.ts';
import { WebApi, type ApiCall } from './web-api.ts';
import { defaultWorkspace, Workspace, type WorkspaceSeed } from './workspace.ts';

export interface StartOptions extends Partial<Omit<EmulatorOptions, 'content'>> {
  content?: Partial<ContentLimits>;
  workspace?: Partial<WorkspaceSeed>;
  /** The app's manifest (parsed manifest.yml): Slack then holds the app to it (./app-config.ts). */
  manifest?: ManifestLike;
}

type Probe<T> = () => T | undefined | null | false;

const POLL_MS = 20;

export class SlackEmulator {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Give this to WebClient / Bolt as `slackApiUrl`. */
  readonly apiUrl: string;
  readonly seed: WorkspaceSeed;
  readonly socket: SocketModeApi;
  private readonly urls: ResponseUrls;

  private constructor(
    private readonly server: Server,
    private readonly core: Core,
    private readonly webApi: WebApi,
    private readonly socketServer: SocketModeServer,
  ) {
    this.url = core.baseUrl;
    this.apiUrl = `${core.baseUrl}/api/`;
    this.seed = core.workspace.seed;
    this.urls = new ResponseUrls(core);
    this.socket = new SocketModeApi(core, socketServer, this.urls);
  }

  static async start(options: StartOptions = {}): Promise<SlackEmulator> {
    const { content, workspace, manifest, ...rest } = options;
    const store = new MessageStore();
    let counter = 0;
    const core: Core = {
      options: { ...DEFAULT_OPTIONS, ...rest, content: { ...DEFAULT_OPTIONS.content, ...content } },
      rules: new AppRules(manifest),
      workspace: new Workspace({ ...defaultWorkspace(), ...workspace }),
      store,
      files: new Map(),
      homes: new Map(),
      steps: new Map(),
      deliverEvent: (subscription, event) => {
        if (core.rules.subscribes(subscription) && subscriptionOf(event) === subscription) self.emu?.socket.event(event);
      },
      baseUrl: '',
      newId: (prefix) => `${prefix}0${(++counter).toString(36).toUpperCase().padStart(8, '0')}`,
      openSocketUrl: () => socketServer.openUrl(),
    };
    // The emulator exists only after the server listens; events go out through its socket API.
    const self: { emu?: SlackEmulator } = {};
    const socketServer = new SocketModeServer(core, () => store.emit('change'));
    const webApi = new WebApi(core);
    const server = createServer();
    server.on('upgrade', (req, sock, head) => socketServer.handleUpgrade(req, sock, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    core.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const emu = new SlackEmulator(server, core, webApi, socketServer);
    self.emu = emu;
    server.on('request', (req, res) => {
      emu.route(req, res).catch((error: unknown) => sendJson(res, 500, { ok: false, error: 'internal_error', detail: String(error) }));
    });
    return emu;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    const [, area, id = ''] = path.split('/');
    if (area === 'api') {
      let args: Record<string, unknown>;
      try {
        args = parseArgs(req, raw);
      } catch {
        return sendJson(res, 200, { ok: false, error: 'invalid_json' });
      }
      const result = await this.webApi.handle(id, req, args);
      return sendJson(res, result.status ?? 200, result.body, result.headers);
    }
    if (area === 'response' && req.method === 'POST') {
      const result = this.urls.handle(id, raw);
      return sendJson(res, result.status ?? 200, result.body);
    }
    if (area === 'upload' && req.method === 'POST') {
      const { status, text } = await receiveUpload(this.core, id, req, raw);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
      return;
    }
    res.writeHead(404).end();
  }

  /** Slack calling an app in HTTP mode at `requestUrl` (e.g. http://127.0.0.1:<port>/slack/events). */
  http(requestUrl: string): HttpMode {
    this.core.rules.requireRequestPath(new URL(requestUrl).pathname);
    return new HttpMode(this.core, this.urls, requestUrl);
  }

  /** What the user sees in the app's Home tab: the view last published for them, if any. */
  home(user: string): HomeView | undefined {
    const id = this.core.workspace.user(user)?.id ?? this.userId(user);
    return this.core.homes.get(id);
  }

  /** Workflow step executions, oldest first. */
  steps(): StepExecution[] {
    return [...this.core.steps.values()];
  }

  /** The bot's direct message with a user (id or name), as that user sees it. */
  dm(user: string): StoredMessage[] {
    const id = this.core.workspace.user(user)?.id ?? this.userId(user);
    const dm = this.core.workspace.resolve(id);
    return dm ? this.core.store.channelView(dm.id) : [];
  }

  get botToken(): string {
    return this.seed.botToken;
  }

  get appToken(): string {
    return this.seed.appToken;
  }

  get signingSecret(): string {
    return this.seed.signingSecret;
  }

  get botUserId(): string {
    return this.seed.botUserId;
  }

  /** A channel's id from its name ("mm2-ops" or "#mm2-ops"). */
  channelId(name: string): string {
    const channel = this.core.workspace.channelByName(name);
    if (!channel) throw new Error(`emulator: no channel named ${name}`);
    return channel.id;
  }

  /** A user's id from their name ("alice"). */
  userId(name: string): string {
    const user = this.seed.users.find((u) => u.name === name);
    if (!user) throw new Error(`emulator: no user named ${name}`);
    return user.id;
  }

  private channel(idOrName: string): string {
    return this.core.workspace.resolve(idOrName)?.id ?? this.channelId(idOrName);
  }

  /** The channel as its members see it: top-level messages and broadcast replies, oldest first. */
  messages(channel: string): StoredMessage[] {
    return this.core.store.channelView(this.channel(channel));
  }

  /** A thread's parent and replies, oldest first. */
  thread(channel: string, ts: string): StoredMessage[] {
    return this.core.store.thread(this.channel(channel), ts);
  }

  /** Ephemeral messages only `user` (id or name) sees, oldest first. */
  ephemeral(user: string): EphemeralMessage[] {
    const id = this.core.workspace.user(user)?.id ?? this.userId(user);
    return this.core.store.ephemeralFor(id);
  }

  /** A person posts in a channel (or thread), e.g. to set up a thread the bot is asked about. */
  postAsUser(channel: string, user: string, text: string, threadTs?: string): StoredMessage {
    const userId = this.core.workspace.user(user)?.id ?? this.userId(user);
    return this.core.store.add({ channel: this.channel(channel), user: userId, text, ...(threadTs ? { thread_ts: threadTs } : {}), via: 'user' });
  }

  files(): UploadedFile[] {
    return [...this.core.files.values()];
  }

  /** The next `times` calls of `method` fail with `error` (HTTP `status`, default 200): Slack having trouble. */
  failNext(method: string, error: string, times = 1, status?: number): void {
    this.webApi.inject(method, { error, times, ...(status !== undefined ? { status } : {}) });
  }

  /** Web API calls received, optionally only those to one method. */
  calls(method?: string): ApiCall[] {
    return this.webApi.calls.filter((c) => method === undefined || c.method === method);
  }

  responseUrls(): ResponseUrl[] {
    return this.urls.all();
  }

  /**
   * Resolves with the probe's first truthy value, re-checked after every change in the workspace and
   * every POLL_MS (for probes on state outside it, such as a handler's own variables).
   */
  waitFor<T>(probe: Probe<T>, timeoutMs = 2000): Promise<T> {
    const { store } = this.core;
    return new Promise((resolve, reject) => {
      let lastError: unknown;
      const check = (): void => {
        try {
          const value = probe();
          if (value !== undefined && value !== null && value !== false) finish(() => resolve(value));
        } catch (error) {
          lastError = error;
        }
      };
      const timer = setTimeout(() => {
        const why = lastError ? ` (last probe error: ${String(lastError)})` : '';
        finish(() => reject(new Error(`emulator.waitFor: nothing matched within ${timeoutMs} ms${why}`)));
      }, timeoutMs);
      const poll = setInterval(check, POLL_MS);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        clearInterval(poll);
        store.off('change', check);
        settle();
      };
      store.on('change', check);
      check();
    });
  }

  async stop(): Promise<void> {
    this.socketServer.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
