// # Slack emulator
//
// A loopback server (127.0.0.1, free port) speaking Slack's wire protocols as documented, so the real
// Bolt / @slack/web-api / @slack/socket-mode clients can be driven offline (the harness recommended in
// /work/shared/reference/slack.md §4.5). It models one workspace (workspace.ts: team, app, bot user with
// an xoxb- token, an xapp- app-level token, a signing secret, #mm2-ops and #kafka-alerts with the bot,
// #random without it, a private channel, users alice and bob, user group kafka-oncall) and records what
// its members see. Web API methods: auth.test, chat.postMessage/postEphemeral/update/delete,
// conversations.info/history/replies, users.info, usergroups.users.list, reactions.add/remove,
// files.getUploadURLExternal + upload URL + files.completeUploadExternal (files.uploadV2), apps.connections.open,
// chat.getPermalink, views.publish (App Home), functions.completeSuccess/completeError (workflow steps).
// Given the app's manifest (`SlackEmulator.start({ manifest })`, app-config.ts) it holds the app to it as
// Slack does: scopes (`missing_scope`), event subscriptions, slash commands, Home and Messages tabs,
// workflow steps and their parameters, HTTP request URLs.
//
//   const emu = await SlackEmulator.start({ ackTimeoutMs: 250, rateLimit: { perSecond: 1, burst: 1 } });
//   emu.apiUrl                        // http://127.0.0.1:<port>/api/  → slackApiUrl
//   emu.botToken / emu.appToken / emu.signingSecret / emu.botUserId / emu.seed
//   emu.channelId('mm2-ops'), emu.userId('alice')
//   emu.messages(channel)             // channel view: top-level + broadcast replies, edits applied
//   emu.thread(channel, ts)           // parent + replies
//   emu.ephemeral(user)               // what only that user sees (postEphemeral, response_url, acks, Slack notices)
//   emu.files(), emu.calls(method?), emu.responseUrls()
//   emu.failNext(method, error, times?, status?)   // Slack having trouble: the next calls fail
//   emu.postAsUser(channel, user, text, threadTs?)
//   await emu.waitFor(() => emu.messages(ch).find(m => …), timeoutMs)
//   // channel/user default to #mm2-ops and alice; the bot is whoever answers
//   emu.socket.slashCommand({ command, text, channel?, user? }) / .appMention({ text, thread_ts? })
//             .event(innerEvent) / .blockAction({ message_ts, action_id })   → { envelope_id, response_url, delivery }
//   emu.socket.directMessage({ user, text }) / .openHome(user) / .homeAction({ user, action_id, value? })
//             .runStep({ callback_id, inputs })   → the DM channel / app_home_opened / a Home click / function_executed
//   emu.home(user), emu.dm(user), emu.steps()   // the App Home last published, the DM, step executions
//   emu.socket.disconnect('refresh_requested' | 'warning' | 'link_disabled', connectionId?), .drop(), .freeze()
//   emu.socket.connections / .connectionIds / .accepted / .rejected / .acks / .deliveries
//   emu.http(botRequestUrl).slashCommand(…, { signature: 'bad' | 'stale' | 'future' | 'missing', skewSeconds? }) → { status, body }
//             .appMention(…) / .event(…) / .urlVerification(challenge) / .blockAction(…)
//   await emu.stop()
//
// ## Pointing Bolt at it
//
// Socket Mode. Bolt 5.1's App copies `clientOptions` into `installerOptions.clientOptions`, which its
// SocketModeReceiver hands to the SocketModeClient, so one option reaches both the bot's Web API calls
// and apps.connections.open (App.js `this.installerOptions = { clientOptions: this.clientOptions, ...installerOptions }`;
// SocketModeReceiver.js `clientOptions: installerOptions.clientOptions`; proven by socket-mode.test.ts):
//
//   new App({ token: emu.botToken, appToken: emu.appToken, socketMode: true, clientOptions: { slackApiUrl: emu.apiUrl } })
//
// Passing your own `installerOptions` with a `clientOptions` key replaces that copy. A receiver built by
// hand needs the URL itself, and is the way to shorten reconnect delays (the client waits
// clientPingTimeout × failures, 5 s by default):
//
//   const receiver = new SocketModeReceiver({ appToken: emu.appToken, clientPingTimeout: 300,
//     installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } } });
//   new App({ token: emu.botToken, receiver, clientOptions: { slackApiUrl: emu.apiUrl } })
//
// HTTP mode. Start the app on a free port and let the emulator call it:
//
//   const app = new App({ token: emu.botToken, signingSecret: emu.signingSecret, clientOptions: { slackApiUrl: emu.apiUrl } });
//   const server = (await app.start(0)) as Server;
//   const slack = emu.http(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
//
// Behaviour choices where Slack's documentation is silent are written down where they are made:
// response-url.ts (use limit, status codes), message-content.ts (msg_too_long, cumulative text cap),
// api-chat.ts (unknown thread_ts), socket-mode.ts (retries, too_many_websockets, disconnect grace).
export { SlackEmulator, type StartOptions } from './emulator.ts';
export type { HttpReply, SendOptions, SignatureMode } from './http-mode.ts';
export type { SentEnvelope } from './socket-api.ts';
export type { EphemeralMessage, StoredMessage } from './store.ts';
