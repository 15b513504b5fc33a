// The one Slack workspace the emulator models: team, app, bot user, tokens, channels, users and
// user groups. Ids follow Slack's shapes (T… team, A… app, U… user, B… bot, C… public channel,
// G… private channel, D… direct message, S… user group) as in https://api.slack.com/docs/conversations-api
// and https://api.slack.com/authentication/token-types (xoxb- bot token, xapp- app-level token).

export interface ChannelSeed {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** Users in the channel, the bot user included when the bot has joined. */
  members: string[];
}

export interface UserSeed {
  id: string;
  name: string;
  realName: string;
}

export interface WorkspaceSeed {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  botName: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
  /** The deprecated verification token Slack still puts in the `token` field of payloads. */
  verificationToken: string;
  users: UserSeed[];
  channels: ChannelSeed[];
  usergroups: { id: string; handle: string; users: string[] }[];
}

export interface Channel extends ChannelSeed {
  isIm: boolean;
  created: number;
}

const CREATED = 1_700_000_000;

/** A workspace with an ops channel and an alerts channel the bot is in, one it is not in, and a private one. */
export function defaultWorkspace(): WorkspaceSeed {
  const bot = 'U0BOTMM2D';
  const alice = 'U0ALICE01';
  const bob = 'U0BOB0001';
  return {
    teamId: 'T0MM2TEAM',
    teamDomain: 'mm2-lab',
    appId: 'A0MM2DOCT',
    botUserId: bot,
    botId: 'B0MM2DOCT',
    botName: 'mm2-doctor',
    botToken: 'xoxb-1111-2222-emulatorbottoken',
    appToken: 'xapp-1-A0MM2DOCT-3333-emulatorapptoken',
    signingSecret: 'emulator-signing-secret-0123456789ab',
    verificationToken: 'emulatorverificationtoken',
    users: [
      { id: alice, name: 'alice', realName: 'Alice Operator' },
      { id: bob, name: 'bob', realName: 'Bob Oncall' },
      { id: bot, name: 'mm2-doctor', realName: 'MM2 Doctor' },
    ],
    channels: [
      { id: 'C0MM2OPS1', name: 'mm2-ops', members: [alice, bob, bot] },
      { id: 'C0KALERTS', name: 'kafka-alerts', members: [alice, bot] },
      { id: 'C0RANDOM1', name: 'random', members: [alice, bob] },
      { id: 'G0SECRET1', name: 'secret-infra', isPrivate: true, members: [bob] },
    ],
    usergroups: [{ id: 'S0KAFKAOC', handle: 'kafka-oncall', users: [alice, bob] }],
  };
}

export class Workspace {
  readonly seed: WorkspaceSeed;
  private readonly channels = new Map<string, Channel>();

  constructor(seed: WorkspaceSeed) {
    this.seed = seed;
    for (const c of seed.channels) this.channels.set(c.id, { ...c, members: [...c.members], isIm: false, created: CREATED });
  }

  user(id: string): UserSeed | undefined {
    return this.seed.users.find((u) => u.id === id);
  }

  channelByName(name: string): Channel | undefined {
    return [...this.channels.values()].find((c) => c.name === name.replace(/^#/, ''));
  }

  /**
   * The conversation an id names. A user id opens (or reuses) the bot's DM with that user, as
   * chat.postMessage does when `channel` is a user id.
   */
  resolve(id: string): Channel | undefined {
    const known = this.channels.get(id);
    if (known) return known;
    const user = this.user(id);
    if (!user) return undefined;
    const dmId = `D${id.slice(1)}`;
    const dm: Channel = { id: dmId, name: user.name, isPrivate: true, isIm: true, created: CREATED, members: [id, this.seed.botUserId] };
    this.channels.set(dmId, dm);
    return dm;
  }

  /** Private channels the bot is not in are invisible to it: Slack answers `channel_not_found`. */
  visibleToBot(channel: Channel): boolean {
    return !channel.isPrivate || this.isMember(channel, this.seed.botUserId);
  }

  isMember(channel: Channel, userId: string): boolean {
    return channel.members.includes(userId);
  }
}
