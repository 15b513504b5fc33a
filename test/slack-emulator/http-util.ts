// Small node:http helpers for the emulator's endpoints. Slack's Web API takes
// application/x-www-form-urlencoded or application/json bodies (https://api.slack.com/web#posting_json)
// and query-string arguments; errors are HTTP 200 `{ok:false}` except rate limits (429).
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Query-string and body arguments merged; form values stay strings, JSON values keep their types. */
export function parseArgs(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  const type = req.headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  if (type.startsWith('application/json') && text.trim() !== '') {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null) Object.assign(args, json);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(text)));
  }
  return args;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
