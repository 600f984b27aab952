import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail } from '../../shared/contract';
import type { AppCore } from '../core/app-core';
import { createEventSockets } from './event-sockets';
import { SECURITY_HEADERS, sendJson, sendTooLarge } from './http-replies';
import { guardSocket, refuseUpgrade } from './raw-socket';
import { BodyTooLargeError, readBody } from './request-body';
import { serveStatic } from './static-files';
import { allowedHosts, bearerToken, isSameOrigin, tokensEqual } from './web-auth';
import { httpServerOptions, resolveLimits, type WebServerLimits } from './web-limits';

export type { WebServerLimits } from './web-limits';

export interface WebServerOptions {
  core: Pick<AppCore, 'invoke' | 'onEvent'>;
  token: string;
  /** Directory of the built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Timeouts and caps; the defaults suit a desktop user, tests shorten them. */
  limits?: Partial<WebServerLimits>;
}

export interface WebServer {
  url: string;
  /** The URL a user opens: it carries the token, which the page then moves out of the address bar. */
  openUrl: string;
  port: number;
  limits: Readonly<WebServerLimits>;
  close(): Promise<void>;
}

/** The request target as a URL, or null: an absolute-form target (`GET http://[x/`) can be invalid. */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/**
 * Browser mode: the same services as the desktop app, over HTTP (`POST /api/<channel>`) and a
 * WebSocket (`/api/events`). Loopback only by default; every API call needs the token.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const limits = resolveLimits(options.limits);
  let hosts = new Set<string>();

  const handleApi = async (req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> => {
    if (!tokensEqual(bearerToken(req), options.token)) {
      return sendJson(res, 401, fail({ code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL that `npm run web` printed.' }));
    }
    if (!isSameOrigin(req, hosts)) return sendJson(res, 403, fail({ code: 'UNAUTHORIZED', message: 'Requests from other origins are refused.' }));
    if (req.method !== 'POST') return sendJson(res, 405, fail({ code: 'INVALID_INPUT', message: 'Use POST with a JSON body.' }));
    let text: string;
    try {
      text = await readBody(req, limits.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return sendTooLarge(req, res, e.message);
      return; // the client went away mid-body: nobody to answer
    }
    let payload: unknown;
    try {
      payload = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return sendJson(res, 400, fail({ code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' }));
    }
    sendJson(res, 200, await options.core.invoke(channel, payload));
  };

  const server = createServer(httpServerOptions(limits), (req, res) => {
    if (!hosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      return void res.end('Unknown host');
    }
    const url = parseTarget(req.url);
    if (!url) return sendJson(res, 400, fail({ code: 'INVALID_INPUT', message: 'The request target is not a valid URL.' }));
    if (url.pathname.startsWith('/api/')) {
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return sendJson(res, 400, fail({ code: 'INVALID_INPUT', message: 'The channel name in the URL is not valid percent-encoding.' }));
      }
      return void handleApi(req, res, channel).catch(() => sendJson(res, 500, fail({ code: 'INTERNAL', message: 'Request failed' })));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS);
      return void res.end();
    }
    serveStatic(options.staticDir, url.pathname, res, SECURITY_HEADERS);
  });
  server.maxConnections = limits.maxConnections;

  const events = createEventSockets(options.core.onEvent, limits.maxWebSockets);

  server.on('upgrade', (req, socket, head) => {
    guardSocket(socket); // first: the client may already have reset the connection
    const url = parseTarget(req.url);
    if (!hosts.has(req.headers.host ?? '')) return refuseUpgrade(socket, 421, 'Misdirected Request');
    if (url?.pathname !== '/api/events') return refuseUpgrade(socket, 404, 'Not Found');
    if (!isSameOrigin(req, hosts)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokensEqual(url.searchParams.get('token'), options.token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    events.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, errors come from accept() (EMFILE when out of file descriptors): the server
  // keeps listening and the next connection may succeed, so they must not end the process.
  server.on('error', (err) => console.error(`Browser mode: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const display = host.includes(':') ? `[${host}]` : host;
  const base = `http://${display}:${port}`;

  return {
    url: base,
    openUrl: `${base}/?token=${encodeURIComponent(options.token)}`,
    port,
    limits,
    async close() {
      events.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
