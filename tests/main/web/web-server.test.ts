import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Envelope, EventName } from '../../../src/shared/contract';
import type { EventListener } from '../../../src/main/core/app-core';
import { startWebServer, type WebServer } from '../../../src/main/web/web-server';

const TOKEN = 'test-token-0123456789abcdef';
const INDEX = '<!doctype html><html><head><title>Container Kit</title></head><body><div id="app"></div></body></html>';
const APP_JS = 'console.log("container kit");';

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch, so a test can send any Host or Origin header and a raw path. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (r: Response) => JSON.parse(r.body) as Envelope<unknown>;

let staticDir: string;
let server: WebServer;
let invoke: ReturnType<typeof vi.fn>;
let listeners: Set<EventListener>;
let unsubscribed: number;

const emit = (event: EventName, payload: unknown) => {
  for (const l of listeners) l(event, payload);
};

beforeEach(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'ck-static-'));
  writeFileSync(join(staticDir, 'index.html'), INDEX);
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), APP_JS);
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  listeners = new Set();
  unsubscribed = 0;
  invoke = vi.fn((channel: string) => Promise.resolve({ ok: true, data: { answeredBy: 'core', channel } }));
  server = await startWebServer({
    core: {
      invoke: invoke as unknown as (channel: string, payload: unknown) => Promise<Envelope<unknown>>,
      onEvent(listener) {
        listeners.add(listener);
        return () => {
          unsubscribed++;
          listeners.delete(listener);
        };
      },
    },
    token: TOKEN,
    staticDir,
    port: 0,
  });
});

afterEach(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('the server', () => {
  it('binds 127.0.0.1 on a free port by default', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.openUrl).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('close() stops listening and unsubscribes from the core', async () => {
    const port = server.port;
    await server.close();
    expect(unsubscribed).toBe(1);
    await expect(send(port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    server = await startWebServer({ core: { invoke: invoke as never, onEvent: () => () => undefined }, token: TOKEN, staticDir }); // for afterEach
  });
});

describe('POST /api/<channel>', () => {
  it('without a token → 401 UNAUTHORIZED, core not called', async () => {
    const r = await send(server.port, { method: 'POST', path: '/api/engines.list', body: '{}' });
    expect(r.status).toBe(401);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong token', `Bearer wrong-token-0123456789abcde`],
    ['the token with one character changed', `Bearer ${TOKEN.slice(0, -1)}X`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 8)}`],
    ['the token with extra characters', `Bearer ${TOKEN}x`],
    ['a Basic header', `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}`],
    ['the bare token', TOKEN],
  ])('with %s → 401', async (_label, authorization) => {
    const r = await send(server.port, { method: 'POST', path: '/api/engines.list', headers: { authorization }, body: '{}' });
    expect(r.status).toBe(401);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('the token in the query string is not enough for the API', async () => {
    const r = await send(server.port, { method: 'POST', path: `/api/engines.list?token=${TOKEN}`, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('with the bearer token → 200 and the core envelope; the core got the channel and parsed body', async () => {
    const body = { engineId: 'unix:///var/run/docker.sock', runningOnly: true };
    const r = await send(server.port, { method: 'POST', path: '/api/containers.list', headers: auth, body: JSON.stringify(body) });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(json(r)).toEqual({ ok: true, data: { answeredBy: 'core', channel: 'containers.list' } });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith('containers.list', body);
  });

  it('passes an error envelope from the core through with 200', async () => {
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_FOUND', message: 'No such container web' } });
    const r = await send(server.port, { method: 'POST', path: '/api/containers.start', headers: auth, body: '{"engineId":"e","id":"web"}' });
    expect(r.status).toBe(200);
    expect(json(r)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such container web' } });
  });

  it('an empty body is {}', async () => {
    const r = await send(server.port, { method: 'POST', path: '/api/engines.list', headers: auth });
    expect(r.status).toBe(200);
    expect(invoke).toHaveBeenCalledWith('engines.list', {});
  });

  it('hands the channel name over decoded; the router decides whether it exists', async () => {
    await send(server.port, { method: 'POST', path: '/api/no%20such.channel', headers: auth, body: '{}' });
    expect(invoke).toHaveBeenCalledWith('no such.channel', {});
  });

  it.each(['{not json', '{"a":', 'undefined', "{'a':1}"])('malformed JSON %j → 400 INVALID_INPUT', async (body) => {
    const r = await send(server.port, { method: 'POST', path: '/api/engines.list', headers: auth, body });
    expect(r.status).toBe(400);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it.each(['GET', 'PUT', 'DELETE'])('%s /api/x → 405', async (method) => {
    const r = await send(server.port, { method, path: '/api/x', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(405);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it.each(['http://evil.test', 'https://127.0.0.1', 'http://127.0.0.1:1', 'null', 'file://'])('a foreign Origin %s → 403', async (origin) => {
    const r = await send(server.port, { method: 'POST', path: '/api/engines.list', headers: { ...auth, origin }, body: '{}' });
    expect(r.status).toBe(403);
    expect(json(r).ok).toBe(false);
    expect(invoke).not.toHaveBeenCalled();
  });

  it.each(['127.0.0.1', 'localhost'])('our own Origin (%s) is accepted', async (name) => {
    const r = await send(server.port, {
      method: 'POST',
      path: '/api/engines.list',
      headers: { ...auth, origin: `http://${name}:${server.port}` },
      body: '{}',
    });
    expect(r.status).toBe(200);
  });
});

describe('Host header (DNS rebinding)', () => {
  it.each(['evil.test:PORT', 'evil.test', '127.0.0.1:1', '127.0.0.1.evil.test:PORT', 'localhost.:PORT'])(
    'Host %s → 421 on the API and on static files',
    async (host) => {
      const hostHeader = host.replace('PORT', String(server.port));
      const api = await send(server.port, { method: 'POST', path: '/api/engines.list', headers: { ...auth, host: hostHeader }, body: '{}' });
      expect(api.status).toBe(421);
      const page = await send(server.port, { path: '/', headers: { host: hostHeader } });
      expect(page.status).toBe(421);
      expect(page.body).not.toContain('Container Kit');
      expect(invoke).not.toHaveBeenCalled();
    },
  );

  it.each(['127.0.0.1', 'localhost', '[::1]'])('Host %s:<port> is accepted', async (name) => {
    const r = await send(server.port, { path: '/', headers: { host: `${name}:${server.port}` } });
    expect(r.status).toBe(200);
  });
});

describe('static files', () => {
  it('serves index.html with the CSP and security headers', async () => {
    const r = await send(server.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = r.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('serves assets with their type, long-cached', async () => {
    const js = await send(server.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.body).toBe(APP_JS);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-security-policy']).toBeDefined();
    const css = await send(server.port, { path: '/assets/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for app routes and missing files', async () => {
    for (const path of ['/containers', '/containers/web?x=1', '/assets/missing.js', '/assets']) {
      const r = await send(server.port, { path });
      expect(r.status).toBe(200);
      expect(r.body).toBe(INDEX);
    }
  });

  it.each([
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    '/....//....//etc/passwd',
    '/etc/passwd%00.js',
    '/%E0%A4%A',
  ])('never escapes the folder: %s', async (path) => {
    const r = await send(server.port, { path });
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.body).not.toContain('root:');
  });

  it('a file next to the static folder is not reachable', async () => {
    const sibling = `${staticDir}-secret`;
    writeFileSync(sibling, 'SECRET');
    try {
      const name = sibling.split('/').pop()!;
      const r = await send(server.port, { path: `/../${name}` });
      expect(r.body).not.toContain('SECRET');
      const encoded = await send(server.port, { path: `/%2e%2e/${name}` });
      expect(encoded.body).not.toContain('SECRET');
    } finally {
      rmSync(sibling, { force: true });
    }
  });

  it('refuses POST to a page', async () => {
    const r = await send(server.port, { method: 'POST', path: '/index.html', body: 'x' });
    expect(r.status).toBe(405);
  });
});

describe('WebSocket /api/events', () => {
  const sockets: WebSocket[] = [];
  afterEach(() => {
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  function open(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    sockets.push(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    });
  }

  async function refusal(path: string, headers: Record<string, string> = {}): Promise<number> {
    try {
      await open(path, headers);
    } catch (e) {
      return (e as { status?: number }).status ?? -1;
    }
    throw new Error('expected the upgrade to be refused');
  }

  function nextMessage(ws: WebSocket): Promise<unknown> {
    return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
  }

  it('with the token, receives every event the core emits as {event, payload}', async () => {
    const ws = await open(`/api/events?token=${TOKEN}`);
    const first = nextMessage(ws);
    emit('engines.changed', { engines: [] });
    expect(await first).toEqual({ event: 'engines.changed', payload: { engines: [] } });
    const second = nextMessage(ws);
    emit('containers.changed', { type: 'remove', engineId: 'e', id: 'abc' });
    expect(await second).toEqual({ event: 'containers.changed', payload: { type: 'remove', engineId: 'e', id: 'abc' } });
  });

  it('every connected client gets the event', async () => {
    const a = await open(`/api/events?token=${TOKEN}`);
    const b = await open(`/api/events?token=${TOKEN}`, { origin: `http://localhost:${server.port}` });
    const got = Promise.all([nextMessage(a), nextMessage(b)]);
    emit('ui.command', { command: 'containers.refresh' });
    expect(await got).toEqual([
      { event: 'ui.command', payload: { command: 'containers.refresh' } },
      { event: 'ui.command', payload: { command: 'containers.refresh' } },
    ]);
  });

  it('without a token → 401', async () => {
    expect(await refusal('/api/events')).toBe(401);
  });

  it('with a wrong token → 401', async () => {
    expect(await refusal('/api/events?token=nope')).toBe(401);
    expect(await refusal(`/api/events?token=${TOKEN}x`)).toBe(401);
  });

  it('a bearer header instead of the query token is still 401 (browsers cannot set it)', async () => {
    expect(await refusal('/api/events', { authorization: `Bearer ${TOKEN}` })).toBe(401);
  });

  it('from a foreign Origin → 403, even with the token', async () => {
    expect(await refusal(`/api/events?token=${TOKEN}`, { origin: 'http://evil.test' })).toBe(403);
  });

  it('to another path → 404', async () => {
    expect(await refusal(`/api/other?token=${TOKEN}`)).toBe(404);
    expect(await refusal(`/?token=${TOKEN}`)).toBe(404);
  });

  it('with a foreign Host → 421', async () => {
    expect(await refusal(`/api/events?token=${TOKEN}`, { host: `evil.test:${server.port}` })).toBe(421);
  });

  it('close() disconnects the clients', async () => {
    const ws = await open(`/api/events?token=${TOKEN}`);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await server.close();
    expect(await closed).toBe(1006); // terminated: the server does not wait for a closing handshake
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    server = await startWebServer({ core: { invoke: invoke as never, onEvent: () => () => undefined }, token: TOKEN, staticDir }); // for afterEach
  });
});

describe('a malformed request path (separate process, since the failure is an uncaught exception)', () => {
  const CHILD = fileURLToPath(new URL('./support/web-server-child.ts', import.meta.url));
  let child: ChildProcess;
  let port: number;
  let stderr = '';

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: { ...process.env, CK_TEST_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr += String(d)));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const line = out.split('\n')[0];
        if (out.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before listening: ${stderr}`)));
    });
  }, 30_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });

  it('the child server answers normal requests', async () => {
    const r = await send(port, { method: 'POST', path: '/api/engines.list', headers: auth, body: '{}' });
    expect(r.status).toBe(200);
    expect(json(r)).toEqual({ ok: true, data: { channel: 'engines.list' } });
  });

  // BUG (src/main/web/web-server.ts, the request handler): `decodeURIComponent(url.pathname.slice(5))`
  // is evaluated as an argument *before* handleApi(...).catch(...) exists, so `POST /api/%E0%A4%A`
  // throws URIError synchronously in the 'request' listener: an uncaught exception that ends the
  // whole process, with no token needed. Expected: a 4xx answer and a server that keeps running.
  it('an unauthenticated /api/ path with broken %-encoding gets a 4xx and does not kill the server', async () => {
    const r = await send(port, { method: 'POST', path: '/api/%E0%A4%A', body: '{}' });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const after = await send(port, { method: 'POST', path: '/api/engines.list', headers: auth, body: '{}' });
    expect(after.status).toBe(200);
    expect(child.exitCode).toBeNull();
  });
});
