/**
 * The bot scopes each Web API method the app calls needs (https://api.slack.com/methods), so the
 * manifest can be checked against the code: test/slack/manifest.test.ts finds every method called
 * in src/slack and requires it here, and requires manifest.yml's scopes to be exactly these plus
 * the scopes of the registered command and event.
 */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  // A progress message left behind when the answer went only to the asker.
  'chat.delete': ['chat:write'],
  // Denials in threads, only to the asker.
  'chat.postEphemeral': ['chat:write'],
  // Public and private channels; the app is mentioned only where it is a member.
  'conversations.replies': ['channels:history', 'groups:history'],
  'usergroups.users.list': ['usergroups:read'],
  // Start-up check of digest and alert channels (is_member), public and private.
  'conversations.info': ['channels:read', 'groups:read'],
  // files.uploadV2 = files.getUploadURLExternal + files.completeUploadExternal.
  filesUploadV2: ['files:write'],
  // The workflow step's link to its full answer; no scope (https://docs.slack.dev/reference/methods/chat.getPermalink).
  'chat.getPermalink': [],
  // The App Home; no scope, but the app's Home tab must be on (manifest features.app_home.home_tab_enabled).
  'views.publish': [],
};

/**
 * The subscription (manifest `settings.event_subscriptions.bot_events`) each event the app listens
 * to needs: `message` only in direct messages (`message.im`, https://docs.slack.dev/reference/events/message.im).
 */
export const EVENT_SUBSCRIPTIONS: Record<string, string> = { app_mention: 'app_mention', message: 'message.im', app_home_opened: 'app_home_opened' };

/** Scopes that come with what the app listens to (each event page's "Required scopes"). */
export const LISTENER_SCOPES: Record<string, readonly string[]> = { command: ['commands'], app_mention: ['app_mentions:read'], 'message.im': ['im:history'] };
