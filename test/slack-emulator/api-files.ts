// The external upload flow behind @slack/web-api's files.uploadV2
// (https://api.slack.com/messaging/files#uploading_files): files.getUploadURLExternal returns an
// upload_url and file_id, the client POSTs the bytes there (multipart, field `body`, as the SDK sends
// them), then files.completeUploadExternal shares the files to `channel_id` (optionally in `thread_ts`,
// with `initial_comment`), which posts one message carrying them. A file never completed stays private.
import type { IncomingMessage } from 'node:http';
import type { MethodRun } from './api-chat.ts';
import { botChannel, fail, isResult, ok, type Core } from './core.ts';
import { checkContent } from './message-content.ts';

const getUploadURLExternal: MethodRun = (core, args) => {
  const length = Number(args.length);
  if (typeof args.filename !== 'string' || args.filename === '') return fail('invalid_arguments');
  if (!Number.isInteger(length) || length < 0) return fail('invalid_arguments');
  const id = core.newId('F');
  core.files.set(id, { id, name: args.filename, title: args.filename, content: Buffer.alloc(0), length, uploaded: false });
  return ok({ upload_url: `${core.baseUrl}/upload/${id}`, file_id: id });
};

function parseFileList(raw: unknown): { id: string; title?: string }[] | undefined {
  try {
    const list: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (!Array.isArray(list)) return undefined;
    return list.filter((f): f is { id: string; title?: string } => typeof f === 'object' && f !== null && typeof f.id === 'string');
  } catch {
    return undefined;
  }
}

const completeUploadExternal: MethodRun = (core, args) => {
  const list = parseFileList(args.files);
  if (!list || list.length === 0) return fail('invalid_arguments');
  const files = list.map((f) => core.files.get(f.id));
  if (files.some((f) => !f?.uploaded)) return fail('file_not_found');
  const shared = files.filter((f) => f !== undefined);
  list.forEach((f, i) => {
    if (f.title && shared[i]) shared[i].title = f.title;
  });
  if (args.channel_id !== undefined) {
    const channel = botChannel(core, args.channel_id, true);
    if (isResult(channel)) return channel;
    const comment = typeof args.initial_comment === 'string' ? args.initial_comment : '';
    const content = args.blocks === undefined ? undefined : checkContent({ text: comment, blocks: args.blocks }, core.options.content);
    if (content && !content.ok) return { body: content.body };
    const threadTs = typeof args.thread_ts === 'string' ? core.store.find(channel.id, args.thread_ts) : undefined;
    const message = core.store.add({
      channel: channel.id,
      text: comment,
      blocks: content?.blocks,
      user: core.workspace.seed.botUserId,
      bot_id: core.workspace.seed.botId,
      files: shared,
      ...(threadTs ? { thread_ts: threadTs.thread_ts ?? threadTs.ts } : {}),
      via: 'files',
    });
    for (const f of shared) Object.assign(f, { channel: channel.id, messageTs: message.ts });
  }
  return ok({ files: shared.map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.content.length })) });
};

export const fileMethods: Record<string, MethodRun> = {
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
};

/** The upload_url endpoint: stores the bytes (multipart field or raw body) and answers "OK - <bytes>". */
export async function receiveUpload(core: Core, fileId: string, req: IncomingMessage, raw: Buffer): Promise<{ status: number; text: string }> {
  const file = core.files.get(fileId);
  if (!file) return { status: 404, text: 'file_not_found' };
  const type = req.headers['content-type'] ?? '';
  let content = raw;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    const part = [...form.values()][0];
    content = part instanceof Blob ? Buffer.from(await part.arrayBuffer()) : Buffer.from(String(part ?? ''));
  }
  file.content = content;
  file.uploaded = true;
  return { status: 200, text: `OK - ${content.length}` };
}
