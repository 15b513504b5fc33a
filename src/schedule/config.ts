/**
 * The `digests:` and `alerts:` sections of the bot config (entries of `sections` in
 * src/config/schema.ts). A cron expression or time zone that node-cron or Intl would reject is a
 * config error at its own line and column, never a bot that starts and silently posts nothing.
 *
 * ```yaml
 * digests:
 *   - name: morning                 # /mm2 digest now morning; also the key of its shared state
 *     channel: C0MM2OPS1            # channel id (channel details → About → Channel ID)
 *     cron: "0 8 * * 1-5"           # node-cron: 5 fields, or 6 with seconds first
 *     timezone: Europe/Berlin       # IANA name; default UTC
 *     mirrors: ["*"]                # mirror names or source aliases; default every mirror
 *     mode: always                  # always | on-change (post only when something changed)
 * alerts:
 *   intervalSeconds: 60             # how often each routed mirror is diagnosed
 *   renotifyMinutes: 240            # reminder in the alert's thread while it stays open; 0 = never
 *   threshold: warning              # open an incident at this verdict or worse: warning | unknown | critical
 *   routes:                         # first route naming a mirror wins; unrouted mirrors are not checked
 *     - mirrors: ["svl->confluent"]
 *       channel: C0KALERTS
 * ```
 */
import { validateDetailed } from 'node-cron';
import type { Verdict } from '../model/finding.ts';
import { INVALID, integer, list, object, oneOf, refine, required, string, withDefault, type Schema } from '../config/schema-kit.ts';
import { suggestionSuffix } from '../config/suggest.ts';

/** `always` posts every time; `on-change` only when a verdict, root cause, finding or connector state changed. */
export type DigestMode = 'always' | 'on-change';

/** One scheduled digest as written; `mirrors` are resolved to canonical names by the loader. */
export interface DigestConfig {
  name: string;
  channel: string;
  cron: string;
  timezone: string;
  mirrors: string[];
  mode: DigestMode;
}

/** Which verdicts open an incident. */
export type AlertThreshold = Exclude<Verdict, 'ok'>;

/** One `alerts.routes[]` entry. */
export interface AlertRoute {
  mirrors: string[];
  channel: string;
}

/** The `alerts:` section; `channels` is filled by the loader: canonical mirror name → channel. */
export interface AlertsConfig {
  intervalSeconds: number;
  renotifyMinutes: number;
  threshold: AlertThreshold;
  routes: AlertRoute[];
  channels: Record<string, string>;
}

const channel = string({ pattern: /^[CGD][A-Z0-9]{2,}$/, expected: 'a channel id (C…, G… or D…; channel details → About → Channel ID)' });
const mirrorList = list(string({ nonEmpty: true }), { nonEmpty: true });

/** A node-cron expression; the message names the field node-cron rejects. */
export const cronSchema: Schema<string> = refine(string({ nonEmpty: true }), (v, node, path, ctx) => {
  const r = validateDetailed(v.trim());
  if (r.valid) return v.trim();
  const why = r.errors.map((e) => (e.field === 'expression' ? e.message : `${e.field}: ${e.message}`)).join('; ');
  return ctx.error(node, path, `invalid cron expression '${v}': ${why} (5 fields "min hour day month weekday", or 6 with seconds first)`);
}, 'a cron expression');

/** True when Intl (and so node-cron) knows the time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as Europe/Berlin or UTC. */
export const timezoneSchema: Schema<string> = refine(string({ nonEmpty: true }), (v, node, path, ctx) => {
  if (isTimeZone(v)) return v;
  return ctx.error(node, path, `unknown time zone '${v}'${suggestionSuffix(v, Intl.supportedValuesOf('timeZone'))}; expected an IANA name such as Europe/Berlin or UTC`);
}, 'an IANA time zone');

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const digestSchema = object({
  name: required(string({ pattern: NAME, expected: 'a digest name (lower-case letters, digits, - and _)' })),
  channel: required(channel),
  cron: required(cronSchema),
  timezone: withDefault(timezoneSchema, 'UTC'),
  mirrors: withDefault(mirrorList, ['*']),
  mode: withDefault(oneOf(['always', 'on-change'] as const, 'digest mode'), 'always'),
}) as Schema<DigestConfig>;

/** Schema of `digests:`; names must be unique. */
export const digestsSchema: Schema<DigestConfig[]> = refine(list(digestSchema), (v, _node, path, ctx) => {
  const seen = new Set<string>();
  let duplicate = false;
  for (const d of v) {
    if (seen.has(d.name)) {
      const at = [...(ctx.originOf(d)?.path ?? path), 'name'];
      ctx.error(ctx.nodeAt(at), at, `digest name '${d.name}' is used twice`);
      duplicate = true;
    }
    seen.add(d.name);
  }
  return duplicate ? INVALID : v;
});

/** Schema of `alerts:`. */
export const alertsSchema: Schema<AlertsConfig> = refine(
  object({
    intervalSeconds: withDefault(integer({ min: 5, max: 86_400 }), 60),
    renotifyMinutes: withDefault(integer({ min: 0, max: 10_080 }), 240),
    threshold: withDefault(oneOf(['warning', 'unknown', 'critical'] as const, 'alert threshold'), 'warning'),
    routes: required(list(object({ mirrors: withDefault(mirrorList, ['*']), channel: required(channel) }), { nonEmpty: true })),
  }),
  (v): AlertsConfig => ({ ...(v as Omit<AlertsConfig, 'channels'>), channels: {} }),
);
