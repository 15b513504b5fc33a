// views.publish (https://docs.slack.dev/reference/methods/views.publish): a user's App Home. `user_id`
// must name a user (else `invalid_arguments` with "invalid `user_id`"), `view` is a JSON string of
// type "home" (https://docs.slack.dev/reference/views/home-tab-views: "Max of 100 blocks",
// private_metadata ≤ 3000, callback_id ≤ 255), a view over 250 kB is `view_too_large`, a `hash` that
// is not the current one `hash_conflict`, and a home view while the app's Home tab is off `not_enabled`
// (errors as listed on the method page). Blocks are validated as in messages, with the Home tab's
// 100-block limit, and ids unique across the whole view (as within a message).
import { randomBytes } from 'node:crypto';
import type { MethodRun } from './api-chat.ts';
import { validateBlocks } from './block-kit.ts';
import { fail, ok } from './core.ts';

const MAX_VIEW_BYTES = 250_000;

function invalid(message: string, pointer: string): ReturnType<MethodRun> {
  return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message} [json-pointer:${pointer}]`] } });
}

const publish: MethodRun = (core, args) => {
  const user = typeof args.user_id === 'string' ? core.workspace.user(args.user_id) : undefined;
  if (!user) return fail('invalid_arguments', { response_metadata: { messages: ['invalid `user_id`'] } });
  const raw = args.view;
  if (typeof raw === 'string' && Buffer.byteLength(raw) > MAX_VIEW_BYTES) return fail('view_too_large');
  let view: unknown;
  try {
    view = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return invalid('must provide an object', '/view');
  }
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return invalid('must provide an object', '/view');
  const v = view as Record<string, unknown>;
  if (v.type !== 'home') return invalid('must be home', '/view/type');
  if (!core.rules.homeTab) return fail('not_enabled');
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3000) return invalid('must be less than 3001 characters', '/view/private_metadata');
  if (typeof v.callback_id === 'string' && v.callback_id.length > 255) return invalid('must be less than 256 characters', '/view/callback_id');
  const blocks = v.blocks;
  if (!Array.isArray(blocks)) return invalid('must provide an array', '/view/blocks');
  if (blocks.length > 100) return invalid('no more than 100 items allowed', '/view/blocks');
  // One pass over the whole view: an action_id or block_id used twice anywhere in it is rejected.
  const issues = validateBlocks(blocks, { maxBlocks: 100 }).map((x) => ({ ...x, pointer: x.pointer.replace(/^\/blocks/, '/view/blocks') }));
  if (issues.length > 0) return fail('invalid_arguments', { response_metadata: { messages: issues.map((x) => `[ERROR] ${x.message} [json-pointer:${x.pointer}]`) } });

  const current = core.homes.get(user.id);
  if (typeof args.hash === 'string' && args.hash !== '' && current && args.hash !== current.hash) return fail('hash_conflict');
  const hash = `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  const id = current?.id ?? core.newId('V');
  core.homes.set(user.id, { user: user.id, id, hash, view: v, history: current ? [...current.history, current.view] : [] });
  core.store.emit('change');
  const { seed } = core.workspace;
  return ok({ view: { id, team_id: seed.teamId, type: 'home', blocks, private_metadata: v.private_metadata ?? '', callback_id: v.callback_id ?? '', hash, app_id: seed.appId, bot_id: seed.botId, root_view_id: id } });
};

export const viewMethods: Record<string, MethodRun> = { 'views.publish': publish };
