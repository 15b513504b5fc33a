// Slack's message-posting limit: "roughly one message per second per channel", short bursts allowed
// (https://api.slack.com/apis/rate-limits#special; slack.md §3.4). Modelled as a token bucket per key;
// when empty the caller answers HTTP 429 with `Retry-After` in whole seconds, as Slack does.

export interface RateLimitOptions {
  /** Messages per second refilled per channel. */
  perSecond: number;
  /** Messages a channel may take at once before 429s start. */
  burst: number;
}

export class ChannelRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one token for `key`; returns the Retry-After seconds when there is none. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSec: number } {
    const { perSecond, burst } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }
}
