import type { ServerOptions } from 'node:http';

/**
 * What one client may cost the browser-mode server. Node's own defaults (60 s for headers, 300 s
 * for a request, no connection cap) let a single local process hold sockets for minutes.
 */
export interface WebServerLimits {
  /** Time to receive a request's headers; a client that never finishes them is cut (408). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included; a trickled body is cut (408). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Open TCP connections, WebSockets included; further connections are closed at once. */
  maxConnections: number;
  /** Open event WebSockets; further upgrades get 503. */
  maxWebSockets: number;
  /** Largest API request body; larger ones get 413. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<WebServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  maxWebSockets: 32,
  maxBodyBytes: 1024 * 1024,
});

export function resolveLimits(given: Partial<WebServerLimits> = {}): WebServerLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`limits.${name} must be a positive integer, got ${value}`);
  }
  // Node refuses a headers timeout longer than the request timeout; a caller who shortens only the
  // request timeout means "the whole request", headers included.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/** Options for `createServer`; `maxConnections` is a property of the server, set after. */
export function httpServerOptions(limits: WebServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two request timeouts on a timer, every 30 s by default, so a 10 s timeout
    // would really be up to 40 s; checking at a fraction of the shorter one keeps the cut close.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}
