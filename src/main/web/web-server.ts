import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail, type Envelope } from '../../shared/contract';
import type { AppCore } from '../core/app-core';
import { allowedHosts, bearerToken, isSameOrigin, tokensEqual } from './web-auth';
import { serveStatic } from './static-files';

export interface WebServerOptions {
  core: Pick<AppCore, 'invoke' | 'onEvent'>;
  token: string;
  /** Directory of the built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface WebServer {
  url: string;
  /** The URL a user opens: it carries the token, which the page then moves out of the address bar. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Browser mode: the same services as the desktop app, over HTTP (`POST /api/<channel>`) and a
 * WebSocket (`/api/events`). Loopback only by default; every API call needs the token.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  let hosts = new Set<string>();

  const handleApi = async (req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> => {
    if (!tokensEqual(bearerToken(req), options.token)) {
      return sendJson(res, 401, fail({ code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL that `npm run web` printed.' }));
    }
    if (!isSameOrigin(req, hosts)) return sendJson(res, 403, fail({ code: 'UNAUTHORIZED', message: 'Requests from other origins are refused.' }));
    if (req.method !== 'POST') return sendJson(res, 405, fail({ code: 'INVALID_INPUT', message: 'Use POST with a JSON body.' }));
    let payload: unknown;
    try {
      const text = await readBody(req);
      payload = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return sendJson(res, 400, fail({ code: 'INVALID_INPUT', message: 'The request body is not valid JSON (or is over 1 MiB).' }));
    }
    sendJson(res, 200, await options.core.invoke(channel, payload));
  };

  const server = createServer((req, res) => {
    if (!hosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      return void res.end('Unknown host');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  const unsubscribe = options.core.onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hosts.has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (url.pathname !== '/api/events') return refuse(404, 'Not Found');
    if (!isSameOrigin(req, hosts)) return refuse(403, 'Forbidden');
    if (!tokensEqual(url.searchParams.get('token'), options.token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      let alive = true;
      ws.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, 30_000);
      ws.on('close', () => {
        clearInterval(ping);
        clients.delete(ws);
      });
      ws.on('message', () => undefined); // the channel is one-way: requests go over HTTP
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const display = host.includes(':') ? `[${host}]` : host;
  const base = `http://${display}:${port}`;

  return {
    url: base,
    openUrl: `${base}/?token=${encodeURIComponent(options.token)}`,
    port,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
