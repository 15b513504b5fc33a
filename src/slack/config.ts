/**
 * The `slack:` and `access:` sections of the mm2-doctor config, as schema-kit entries of
 * `sections` (src/config/schema.ts), with their defaults.
 *
 * ```yaml
 * slack:
 *   mode: socket                 # socket | http; default: socket when the app token is set, else http
 *   botToken: { env: SLACK_BOT_TOKEN }            # xoxb-…  (these three are the defaults)
 *   appToken: { env: SLACK_APP_TOKEN }            # xapp-…, Socket Mode
 *   signingSecret: { env: SLACK_SIGNING_SECRET }  # HTTP mode request signatures
 *   port: 3000                   # HTTP mode: where Slack's requests arrive (/slack/events)
 *   healthPort: 8080             # /healthz and /readyz for Kubernetes probes; false turns them off
 *   stateDir: /var/lib/mm2-doctor   # watches survive restarts here (watches.json)
 *   watchIntervalSeconds: 60     # how often a watch re-diagnoses
 *   shutdownTimeoutSeconds: 25   # replies in flight may finish this long after SIGTERM
 * access:                        # absent: everyone in every conversation the bot is in may ask
 *   rules:                       # a request is allowed when one rule matches it entirely
 *     - channels: [C0MM2OPS1]    # ids, not names (channel details → About → Channel ID)
 *       usergroups: [S0KAFKAOC]  # or users: [U0ALICE01]
 *       mirrors: ["svl->confluent"]   # or clusters: [svl]; omitted: every mirror
 *       commands: [diagnose, status]  # omitted: every command
 * ```
 */
import type { AccessRule } from '../runtime/access.ts';
import type { SecretRef } from '../config/secrets.ts';
import { secretRefSchema } from '../config/schema.ts';
import { byShape, integer, list, object, oneOf, optional, refine, required, string, withDefault, type Schema } from '../config/schema-kit.ts';

/** The `slack:` section with defaults applied. */
export interface SlackConfig {
  mode?: 'socket' | 'http';
  botToken: SecretRef;
  appToken: SecretRef;
  signingSecret: SecretRef;
  port: number;
  /** `false`: no health server. */
  healthPort: number | false;
  stateDir: string;
  watchIntervalSeconds: number;
  shutdownTimeoutSeconds: number;
}

/** The `access:` section. */
export interface AccessConfig {
  rules: AccessRule[];
}

/** Defaults of every `slack:` key. */
export const SLACK_DEFAULTS: SlackConfig = {
  botToken: { env: 'SLACK_BOT_TOKEN' },
  appToken: { env: 'SLACK_APP_TOKEN' },
  signingSecret: { env: 'SLACK_SIGNING_SECRET' },
  port: 3000,
  healthPort: 8080,
  stateDir: '.mm2-doctor',
  watchIntervalSeconds: 60,
  shutdownTimeoutSeconds: 25,
};

const port = integer({ min: 0, max: 65535 });
const healthPort: Schema<number | false> = byShape('a port number or false', {
  scalar: {
    expected: 'a port number or false',
    parse: (node, path, ctx) => (node && 'value' in node && node.value === false ? false : port.parse(node, path, ctx)),
  },
});

function buildSlackSchema(): Schema<SlackConfig> {
  return object({
    mode: optional(oneOf(['socket', 'http'] as const, 'Slack connection mode')),
    botToken: withDefault(secretRefSchema, SLACK_DEFAULTS.botToken),
    appToken: withDefault(secretRefSchema, SLACK_DEFAULTS.appToken),
    signingSecret: withDefault(secretRefSchema, SLACK_DEFAULTS.signingSecret),
    port: withDefault(port, SLACK_DEFAULTS.port),
    healthPort: withDefault(healthPort, SLACK_DEFAULTS.healthPort),
    stateDir: withDefault(string({ nonEmpty: true }), SLACK_DEFAULTS.stateDir),
    watchIntervalSeconds: withDefault(integer({ min: 10, max: 3600 }), SLACK_DEFAULTS.watchIntervalSeconds),
    shutdownTimeoutSeconds: withDefault(integer({ min: 0, max: 600 }), SLACK_DEFAULTS.shutdownTimeoutSeconds),
  }) as Schema<SlackConfig>;
}

let built: Schema<SlackConfig> | undefined;

/**
 * Schema of `slack:`; absent keys take {@link SLACK_DEFAULTS}. Built on first use: src/config/schema.ts
 * lists it in `sections` and this file uses that module's `secretRefSchema`, an import cycle that
 * module evaluation order must not matter for.
 */
export const slackSchema: Schema<SlackConfig> = {
  expected: 'a map',
  parse: (node, path, ctx) => (built ??= buildSlackSchema()).parse(node, path, ctx),
};

function ids(prefix: string, what: string, where: string): Schema<string[]> {
  const re = new RegExp(`^[${prefix}][A-Z0-9]{2,}$`);
  return list(string({ pattern: re, expected: `${what} ids (${prefix.split('').join('…, ')}…); ${where}` }));
}

const ruleSchema: Schema<AccessRule> = refine(
  object({
    channels: optional(ids('CGD', 'channel', 'names change, ids do not: channel details → About → Channel ID')),
    users: optional(ids('UW', 'user', 'profile → ⋮ → Copy member ID')),
    usergroups: optional(ids('S', 'user group', 'the S… id of the group')),
    mirrors: optional(list(string({ nonEmpty: true }))),
    clusters: optional(list(string({ nonEmpty: true }))),
    commands: optional(list(string({ pattern: /^[a-z][a-z0-9-]*$/, expected: 'command names' }))),
  }),
  (v, node, path, ctx) => (Object.keys(v).length === 0 ? ctx.error(node, path, 'an empty rule would allow everyone; list channels, users, usergroups, mirrors, clusters or commands') : (v as AccessRule)),
);

/** Schema of `access:`. */
export const accessSchema: Schema<AccessConfig> = object({ rules: required(list(ruleSchema)) }) as Schema<AccessConfig>;

/** A loaded config as the chat adapters see it: the two sections they read; clusters and mirrors hold secret references to redact. */
export interface BotConfig {
  slack?: Partial<SlackConfig> | undefined;
  access?: AccessConfig | undefined;
  clusters?: unknown;
  mirrors?: unknown;
}

/** The `slack:` section with defaults, from a loaded config that may lack it. */
export function slackConfigOf(config: BotConfig): SlackConfig {
  return { ...SLACK_DEFAULTS, ...config.slack };
}
