/**
 * The `slack:` and `access:` sections of the mm2-doctor config (config sections, listed for the
 * loader by src/config-sections.ts), with their defaults.
 *
 * ```yaml
 * slack:
 *   mode: socket                 # socket | http; default: socket when the app token is set, else http
 *   botToken: { env: SLACK_BOT_TOKEN }            # xoxb-…  (these three are the defaults)
 *   appToken: { env: SLACK_APP_TOKEN }            # xapp-…, Socket Mode
 *   signingSecret: { env: SLACK_SIGNING_SECRET }  # HTTP mode request signatures
 *   apiUrl: https://slack.com/api/   # Web API base URL: GovSlack (https://slack-gov.com/api/), test rigs
 *   socketConnections: 1         # Socket Mode connections to keep open (Slack allows 10 per app, replicas included)
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
import { z } from 'zod';
import { configSection } from '../config/section.ts';
import { secretRefSchema } from '../config/secret-ref.ts';
import { nonEmptyString, strictMap } from '../config/zod-yaml.ts';

const port = z.int().min(0).max(65535);

/** Schema of `slack:`; absent keys take their defaults ({@link SLACK_DEFAULTS}). */
export const slackSchema = strictMap({
  mode: z.enum(['socket', 'http']).describe('Slack connection mode').optional(),
  botToken: secretRefSchema.default({ env: 'SLACK_BOT_TOKEN' }),
  appToken: secretRefSchema.default({ env: 'SLACK_APP_TOKEN' }),
  signingSecret: secretRefSchema.default({ env: 'SLACK_SIGNING_SECRET' }),
  /** Unset: @slack/web-api's default, https://slack.com/api/. */
  apiUrl: z.url({ protocol: /^https?$/ }).describe('an http(s) URL such as https://slack-gov.com/api/').optional(),
  socketConnections: z.int().min(1).max(5).describe('1 to 5 (Slack allows 10 connections per app; each refresh opens one more for a moment)').default(1),
  port: port.default(3000),
  /** `false`: no health server. */
  healthPort: z.union([z.literal(false), port]).describe('a port number or false').default(8080),
  stateDir: nonEmptyString.default('.mm2-doctor'),
  watchIntervalSeconds: z.int().min(10).max(3600).default(60),
  shutdownTimeoutSeconds: z.int().min(0).max(600).default(25),
});

/** The `slack:` section with defaults applied. */
export type SlackConfig = z.output<typeof slackSchema>;

/** Defaults of every `slack:` key. */
export const SLACK_DEFAULTS: SlackConfig = slackSchema.parse({});

/** `slack:`: tokens, mode, ports, state dir. */
export const slackSection = configSection({ key: 'slack', schema: slackSchema });

function ids(prefix: string, what: string, where: string) {
  const re = new RegExp(`^[${prefix}][A-Z0-9]{2,}$`);
  return z.array(z.string().regex(re).describe(`${what} ids (${prefix.split('').join('…, ')}…); ${where}`));
}

const ruleSchema = strictMap({
  channels: ids('CGD', 'channel', 'names change, ids do not: channel details → About → Channel ID').optional(),
  users: ids('UW', 'user', 'profile → ⋮ → Copy member ID').optional(),
  usergroups: ids('S', 'user group', 'the S… id of the group').optional(),
  mirrors: z.array(nonEmptyString).optional(),
  clusters: z.array(nonEmptyString).optional(),
  commands: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/).describe('command names')).optional(),
}).refine((rule) => Object.keys(rule).length > 0, 'an empty rule would allow everyone; list channels, users, usergroups, mirrors, clusters or commands');

/** Schema of `access:`. */
export const accessSchema = strictMap({ rules: z.array(ruleSchema) });

/** The `access:` section. */
export type AccessConfig = z.output<typeof accessSchema>;

/** `access:`: who may ask about which mirror, where. */
export const accessSection = configSection({ key: 'access', schema: accessSchema });

/** A loaded config as the chat adapters see it: the two sections they read; clusters and mirrors hold secret references to redact. */
export interface BotConfig {
  slack?: Partial<SlackConfig> | undefined;
  access?: AccessConfig | undefined;
  /** `monitor.reuseSeconds`: watches reuse a diagnosis this young (src/monitor/reuse.ts). */
  monitor?: { reuseSeconds: number } | undefined;
  clusters?: unknown;
  mirrors?: unknown;
}

/** The `slack:` section with defaults, from a loaded config that may lack it. */
export function slackConfigOf(config: BotConfig): SlackConfig {
  return { ...SLACK_DEFAULTS, ...config.slack };
}
