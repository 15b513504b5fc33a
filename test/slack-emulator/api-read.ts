// Read methods and identity: auth.test (https://api.slack.com/methods/auth.test), conversations.info,
// conversations.history (newest first), conversations.replies (parent first, `thread_not_found`),
// users.info (`user_not_found`), usergroups.users.list (`no_such_subteam`) and apps.connections.open
// (https://api.slack.com/methods/apps.connections.open; app-level token in the Authorization header).
import type { MethodRun } from './api-chat.ts';
import { apiMessage, botChannel, fail, isResult, ok } from './core.ts';

function limitOf(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export const readMethods: Record<string, MethodRun> = {
  'auth.test': (core) => {
    const s = core.workspace.seed;
    return ok({
      url: `https://${s.teamDomain}.slack.com/`, team: s.teamDomain, user: s.botName, team_id: s.teamId,
      user_id: s.botUserId, bot_id: s.botId, is_enterprise_install: false,
    });
  },

  'conversations.info': (core, args) => {
    const c = botChannel(core, args.channel, false);
    if (isResult(c)) return c;
    return ok({
      channel: {
        id: c.id, name: c.name, is_channel: !c.isPrivate && !c.isIm, is_group: false, is_im: c.isIm,
        is_private: Boolean(c.isPrivate), is_archived: false, is_member: core.workspace.isMember(c, core.workspace.seed.botUserId),
        created: c.created, num_members: c.members.length,
      },
    });
  },

  'conversations.history': (core, args) => {
    const c = botChannel(core, args.channel, true);
    if (isResult(c)) return c;
    const all = core.store.channelView(c.id).reverse();
    const limit = limitOf(args.limit, 100);
    return ok({ messages: all.slice(0, limit).map((m) => apiMessage(core, m)), has_more: all.length > limit });
  },

  'conversations.replies': (core, args) => {
    const c = botChannel(core, args.channel, true);
    if (isResult(c)) return c;
    const thread = typeof args.ts === 'string' ? core.store.thread(c.id, args.ts) : [];
    if (thread.length === 0) return fail('thread_not_found');
    const limit = limitOf(args.limit, 1000);
    return ok({ messages: thread.slice(0, limit).map((m) => apiMessage(core, m)), has_more: thread.length > limit });
  },

  'users.info': (core, args) => {
    const u = typeof args.user === 'string' ? core.workspace.user(args.user) : undefined;
    if (!u) return fail('user_not_found');
    const isBot = u.id === core.workspace.seed.botUserId;
    return ok({
      user: {
        id: u.id, team_id: core.workspace.seed.teamId, name: u.name, real_name: u.realName, deleted: false, is_bot: isBot,
        profile: { real_name: u.realName, display_name: u.name, ...(isBot ? { bot_id: core.workspace.seed.botId } : {}) },
      },
    });
  },

  'usergroups.users.list': (core, args) => {
    const group = core.workspace.seed.usergroups.find((g) => g.id === args.usergroup);
    return group ? ok({ users: [...group.users] }) : fail('no_such_subteam');
  },

  'apps.connections.open': (core) => ok({ url: core.openSocketUrl() }),
};
