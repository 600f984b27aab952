import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail, type Envelope } from '../../shared/contract';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
});

/** How long a refused body is still read (and dropped) so the client gets to read our answer. */
const LINGER_MS = 1000;

function jsonHead(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    ...extra,
  };
}

export function sendJson(res: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  // The client may have reset the connection while its request was being handled.
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(envelope);
  res.writeHead(status, jsonHead(body));
  res.end(body);
}

/**
 * 413, then close. Ending the response makes Node close the socket at once; a client still sending
 * its body would then get a reset and never read the 413. So the answer is written in full first,
 * and the response ended (closing the connection) only when the body is over or after LINGER_MS,
 * while the rest of the body is read and dropped.
 */
export function sendTooLarge(req: IncomingMessage, res: ServerResponse, message: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(fail({ code: 'INVALID_INPUT', message }));
  res.writeHead(413, jsonHead(body, { connection: 'close' }));
  res.write(body);
  const finish = (): void => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(finish, LINGER_MS);
  timer.unref();
  if (req.complete) return finish();
  req.once('end', finish);
  req.once('close', finish);
  req.resume();
}
