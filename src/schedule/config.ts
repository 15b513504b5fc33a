/**
 * The `digests:` and `alerts:` sections of the bot config (config sections, listed for the loader
 * by src/config-sections.ts). A cron expression or time zone that node-cron or Intl would reject
 * is a config error at its own line and column, never a bot that starts and silently posts
 * nothing; a mirror name that names no configured mirror is one too.
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
import { z } from 'zod';
import type { Path } from '../config/document.ts';
import { resolveMirror } from '../config/resolve-mirror.ts';
import type { MirrorConfig } from '../config/schema.ts';
import { configSection, type CrossCheckContext, type SectionValues } from '../config/section.ts';
import { suggestionSuffix } from '../config/suggest.ts';
import { nonEmptyString, strictMap } from '../config/zod-yaml.ts';
import type { Verdict } from '../model/finding.ts';

const channel = z.string().regex(/^[CGD][A-Z0-9]{2,}$/).describe('a channel id (C…, G… or D…; channel details → About → Channel ID)');
const mirrorList = z.array(nonEmptyString).min(1);

/** A node-cron expression; the message names the field node-cron rejects. */
export const cronSchema = nonEmptyString.describe('a cron expression').transform((v, ctx) => {
  const r = validateDetailed(v.trim());
  if (!r.valid) {
    const why = r.errors.map((e) => (e.field === 'expression' ? e.message : `${e.field}: ${e.message}`)).join('; ');
    ctx.addIssue({ code: 'custom', message: `invalid cron expression '${v}': ${why} (5 fields "min hour day month weekday", or 6 with seconds first)` });
  }
  return v.trim();
});

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
export const timezoneSchema = nonEmptyString.describe('an IANA time zone').superRefine((v, ctx) => {
  if (!isTimeZone(v)) ctx.addIssue({ code: 'custom', message: `unknown time zone '${v}'${suggestionSuffix(v, Intl.supportedValuesOf('timeZone'))}; expected an IANA name such as Europe/Berlin or UTC` });
});

const digestSchema = strictMap({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).describe('a digest name (lower-case letters, digits, - and _)'),
  channel,
  cron: cronSchema,
  timezone: timezoneSchema.default('UTC'),
  mirrors: mirrorList.default(['*']),
  mode: z.enum(['always', 'on-change']).describe('digest mode').default('always'),
});

/** One scheduled digest as written; `mirrors` are resolved to canonical names by the cross-check. */
export type DigestConfig = z.output<typeof digestSchema>;
/** `always` posts every time; `on-change` only when a verdict, root cause, finding or connector state changed. */
export type DigestMode = DigestConfig['mode'];

/** Schema of `digests:`; names must be unique. */
export const digestsSchema = z.array(digestSchema).superRefine((digests, ctx) => {
  const seen = new Set<string>();
  digests.forEach((d, i) => {
    if (seen.has(d.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `digest name '${d.name}' is used twice` });
    seen.add(d.name);
  });
});

/** Canonical names for a `mirrors:` list (`*` = every mirror), reporting names that resolve to none. */
function resolveNames(names: readonly string[], mirrors: readonly MirrorConfig[], path: Path, ctx: CrossCheckContext): string[] {
  const out: string[] = [];
  names.forEach((n, i) => {
    if (n === '*') {
      out.push(...mirrors.map((m) => m.id));
      return;
    }
    const r = resolveMirror({ mirrors: [...mirrors] }, n);
    if (r.ok) out.push(r.mirror.id);
    else ctx.error([...path, i], r.message);
  });
  return [...new Set(out)];
}

// Mirrors with errors of their own are missing from the config; naming them again would be a second error.
const mirrorsComplete = (ctx: CrossCheckContext) => !ctx.hasErrorsUnder(['mirrors']);

/** `digests:`: scheduled channel digests; their mirrors resolved to canonical names. */
export const digestsSection = configSection({
  key: 'digests',
  schema: digestsSchema,
  crossCheck: (digests, ctx): DigestConfig[] =>
    mirrorsComplete(ctx) ? digests.map((d, i) => ({ ...d, mirrors: resolveNames(d.mirrors, ctx.config.mirrors, ['digests', i, 'mirrors'], ctx) })) : digests,
});

/** Which verdicts open an incident. */
export type AlertThreshold = Exclude<Verdict, 'ok'>;
const THRESHOLDS = ['warning', 'unknown', 'critical'] as const satisfies readonly AlertThreshold[];

const routeSchema = strictMap({ mirrors: mirrorList.default(['*']), channel });
/** One `alerts.routes[]` entry. */
export type AlertRoute = z.output<typeof routeSchema>;

/** Schema of `alerts:` as written. */
export const alertsSchema = strictMap({
  intervalSeconds: z.int().min(5).max(86_400).default(60),
  renotifyMinutes: z.int().min(0).max(10_080).default(240),
  threshold: z.enum(THRESHOLDS).describe('alert threshold').default('warning'),
  routes: z.array(routeSchema).min(1),
});

/** The `alerts:` section; `channels` maps each routed mirror (canonical name) to its channel. */
export type AlertsConfig = z.output<typeof alertsSchema> & { channels: Record<string, string> };

/** `alerts:`: where a mirror's worsening verdict is announced; the first route naming a mirror wins. */
export const alertsSection = configSection({
  key: 'alerts',
  schema: alertsSchema,
  crossCheck: (alerts, ctx): AlertsConfig => {
    const channels: Record<string, string> = {};
    if (mirrorsComplete(ctx)) {
      alerts.routes.forEach((r, i) => {
        for (const id of resolveNames(r.mirrors, ctx.config.mirrors, ['alerts', 'routes', i, 'mirrors'], ctx)) channels[id] ??= r.channel;
      });
    }
    return { ...alerts, channels };
  },
});

/** The part of a loaded config that holds `digests:` and `alerts:`. */
export type ScheduleSections = SectionValues<[typeof digestsSection, typeof alertsSection]>;
