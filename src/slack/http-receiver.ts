/**
 * HTTP mode's receiver: Bolt's HTTPReceiver (signature check, url_verification, ssl_check, the
 * 3-second ack), plus the half of Slack's replay rule Bolt leaves out. Slack: "The request timestamp
 * is more than five minutes from local time. It could be a replay attack, so let's ignore it."
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack); Slack's Python SDK checks
 * `abs(now - timestamp) > 300` (slack_sdk/signature). Bolt 5.1 only refuses timestamps older than
 * that (receivers/verify-request.js), so a correctly signed request dated a year ahead would be
 * accepted and could be replayed for a year. The timestamp is a header, so it is checked before Bolt
 * reads the body; the answer is Bolt's own for a failed check: 401 with no body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions, type Logger } from '@slack/bolt';

/** Slack's replay window, both ways. */
export const MAX_SKEW_SECONDS = 5 * 60;

/** An HTTPReceiver that also refuses requests timestamped more than five minutes ahead. */
export function createHttpReceiver(opts: HTTPReceiverOptions & { logger: Logger }, now: () => number = Date.now): HTTPReceiver {
  const receiver = new HTTPReceiver(opts);
  const listener = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = Number(Array.isArray(header) ? header[0] : header);
    if (header !== undefined && Number.isFinite(ts) && Math.abs(now() / 1000 - ts) > MAX_SKEW_SECONDS) {
      opts.logger.warn(`refused a request to ${req.url ?? '/'} signed ${Math.round(ts - now() / 1000)} s from this host's clock (Slack allows ${MAX_SKEW_SECONDS} s either way): a replay, or a wrong clock here`);
      req.resume();
      res.writeHead(401).end();
      return;
    }
    listener(req, res);
  };
  return receiver;
}
