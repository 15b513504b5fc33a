// The Web API front door (https://api.slack.com/web): token checks, rate limits, dispatch and a record
// of every call. Tokens come from `Authorization: Bearer …` or a `token` argument; none is `not_authed`,
// an unknown one `invalid_auth`, the wrong kind `not_allowed_token_type`. apps.connections.open wants the
// xapp- token in the header only (https://api.slack.com/methods/apps.connections.open). Over the
// per-channel message limit the answer is HTTP 429, `Retry-After: <s>`, `{ok:false,error:"ratelimited"}`
// (https://api.slack.com/apis/rate-limits). Unknown methods get `unknown_method`. A workflow step's
// `xwfp-` token (function_executed `bot_access_token`) acts as the bot while its step runs. With the
// app's manifest given, a method whose scope (./scopes.ts) the app was not granted answers
// `missing_scope` with `needed` and `provided`.
import type { IncomingMessage } from 'node:http';
import { chatMethods, type MethodRun } from './api-chat.ts';
import { fileMethods } from './api-files.ts';
import { reactionMethods } from './api-reactions.ts';
import { readMethods } from './api-read.ts';
import { fail, type ApiResult, type Core } from './core.ts';
import { functionMethods } from './api-functions.ts';
import { viewMethods } from './api-views.ts';
import { scopeFor } from './scopes.ts';
import { ChannelRateLimiter } from './rate-limit.ts';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  status: number;
  response: Record<string, unknown>;
  at: number;
}

const APP_TOKEN_METHODS = new Set(['apps.connections.open']);
const RATE_LIMITED = new Set(['chat.postMessage', 'chat.update']);
const METHODS: Record<string, MethodRun> = { ...chatMethods, ...readMethods, ...fileMethods, ...reactionMethods, ...viewMethods, ...functionMethods };

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** A failure Slack answers a method with, for the next `times` calls (an outage, a 5xx). */
export interface Fault {
  status?: number;
  error: string;
  times: number;
}

export class WebApi {
  readonly calls: ApiCall[] = [];
  private readonly limiter: ChannelRateLimiter | undefined;
  private readonly faults = new Map<string, Fault>();

  /** Makes the next `fault.times` calls of `method` fail (HTTP `status`, default 200, with `error`). */
  inject(method: string, fault: Fault): void {
    this.faults.set(method, { ...fault });
  }

  constructor(private readonly core: Core) {
    const { rateLimit } = core.options;
    this.limiter = rateLimit ? new ChannelRateLimiter(rateLimit) : undefined;
  }

  async handle(method: string, req: IncomingMessage, args: Record<string, unknown>): Promise<ApiResult> {
    const headerToken = bearer(req);
    const token = headerToken ?? (typeof args.token === 'string' ? args.token : undefined);
    const result = await this.dispatch(method, headerToken, token, args);
    this.calls.push({ method, args, token, status: result.status ?? 200, response: result.body, at: Date.now() });
    return result;
  }

  private async dispatch(method: string, headerToken: string | undefined, token: string | undefined, args: Record<string, unknown>): Promise<ApiResult> {
    const run = METHODS[method];
    if (!run) return fail('unknown_method');
    const fault = this.faults.get(method);
    if (fault && fault.times > 0) {
      fault.times -= 1;
      return { status: fault.status ?? 200, body: { ok: false, error: fault.error } };
    }
    const { botToken, appToken } = this.core.workspace.seed;
    const needsApp = APP_TOKEN_METHODS.has(method);
    const presented = needsApp ? headerToken : token;
    if (!presented) return fail('not_authed');
    const stepToken = [...this.core.steps.values()].some((s) => s.token === presented && s.status === 'running');
    if (presented !== botToken && presented !== appToken && !stepToken) return fail('invalid_auth');
    if ((presented === appToken) !== needsApp) return fail('not_allowed_token_type');
    // A private channel the bot is not in is invisible: that is channel_not_found, not a scope problem.
    const found = typeof args.channel === 'string' ? this.core.workspace.resolve(args.channel) : undefined;
    const channel = found && this.core.workspace.visibleToBot(found) ? found : undefined;
    const scope = needsApp ? null : scopeFor(method, channel);
    if (scope && !this.core.rules.hasScope(scope)) return fail('missing_scope', { needed: scope, provided: this.core.rules.providedScopes() });
    if (this.limiter && RATE_LIMITED.has(method) && typeof args.channel === 'string') {
      const taken = this.limiter.take(args.channel);
      if (!taken.ok) {
        return { status: 429, headers: { 'retry-after': String(taken.retryAfterSec) }, body: { ok: false, error: 'ratelimited' } };
      }
    }
    return run(this.core, args);
  }
}
