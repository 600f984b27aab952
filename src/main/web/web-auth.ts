import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 characters: the generated token's length (24 random bytes in base64url, 192 bits). */
export const MIN_TOKEN_LENGTH = 32;

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Why a user-chosen token (CK_TOKEN) is refused, or null. Short tokens can be guessed by anything
 * that reaches the port; whitespace and non-ASCII cannot travel in `Authorization: Bearer`, so such
 * a token would never authenticate. The message never repeats the token.
 */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) {
    return `CK_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long (it has ${token.length}); unset it to get a random one.`;
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    return 'CK_TOKEN may only contain printable ASCII characters without spaces; unset it to get a random one.';
  }
  return null;
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1] : null;
}

/** Hosts the server answers to: loopback names only, which defeats DNS rebinding. */
export function allowedHosts(host: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) hosts.add(`${host.includes(':') ? `[${host}]` : host}:${port}`);
  return hosts;
}

/** A browser sends Origin on WebSocket upgrades and cross-site POSTs; it must be our own page. */
export function isSameOrigin(req: IncomingMessage, hosts: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (curl, tests): the token still guards it
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hosts.has(url.host);
  } catch {
    return false;
  }
}
