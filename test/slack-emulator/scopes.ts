// The bot scope each Web API method needs, from the method pages at
// https://docs.slack.dev/reference/methods/<method> ("Required scopes"). Written down here on the
// emulator's side, apart from the product's own table (src/slack/scopes.ts), so a wrong product table
// is caught: a method called without its scope answers
// `{ok:false, error:"missing_scope", needed:"…", provided:"…"}` as Slack does.
// Conversation methods need the scope of the conversation's kind: channels:* for public channels,
// groups:* for private ones, im:* for direct messages (conversations.info, conversations.history,
// conversations.replies pages).
import type { Channel } from './workspace.ts';

type Kind = 'public' | 'private' | 'im';

const BY_KIND: Record<string, Record<Kind, string>> = {
  'conversations.info': { public: 'channels:read', private: 'groups:read', im: 'im:read' },
  'conversations.history': { public: 'channels:history', private: 'groups:history', im: 'im:history' },
  'conversations.replies': { public: 'channels:history', private: 'groups:history', im: 'im:history' },
};

const FIXED: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.getPermalink': null,
  'users.info': 'users:read',
  'usergroups.users.list': 'usergroups:read',
  'reactions.add': 'reactions:write',
  'reactions.remove': 'reactions:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'views.publish': null,
  'functions.completeSuccess': null,
  'functions.completeError': null,
  'apps.connections.open': null,
};

const kindOf = (c: Channel): Kind => (c.isIm ? 'im' : c.isPrivate ? 'private' : 'public');

/** The scope `method` needs (for a conversation method, in `channel`); null: none. */
export function scopeFor(method: string, channel: Channel | undefined): string | null {
  const byKind = BY_KIND[method];
  if (byKind) return channel ? byKind[kindOf(channel)] : null;
  return FIXED[method] ?? null;
}
