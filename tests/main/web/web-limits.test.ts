/**
 * Body size, timeouts and connection caps of the browser-mode server. Timeouts are shortened
 * through `limits`; the assertions only say "cut eventually, within a generous bound, while others
 * are served", never how fast.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Envelope } from '../../../src/shared/contract';
import { startWebServer, type WebServer, type WebServerLimits } from '../../../src/main/web/web-server';
import { resolveLimits } from '../../../src/main/web/web-limits';
import { connectRaw, pause, waitClosed } from './support/raw-client';

const TOKEN = 'limits-test-token-0123456789abcdef012';
const MiB = 1024 * 1024;
/** Far above the shortened timeouts, far below Node's defaults (60 s headers, 300 s request). */
const BOUND = 5000;

let staticDir: string;
let server: WebServer;
/** The server to close after the test; unset for tests that start none. */
let running: WebServer | undefined;
let invoke: ReturnType<typeof vi.fn>;

async function start(limits: Partial<WebServerLimits> = {}): Promise<void> {
  server = running = await startWebServer({
    core: { invoke: invoke as never, onEvent: () => () => undefined },
    token: TOKEN,
    staticDir,
    limits,
  });
}

beforeEach(() => {
  staticDir = mkdtempSync(join(tmpdir(), 'ck-limits-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Container Kit</title>');
  invoke = vi.fn((channel: string) => Promise.resolve({ ok: true, data: { channel } }));
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  rmSync(staticDir, { recursive: true, force: true });
});

function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done).off('close', done);
      resolve();
    };
    req.on('drain', done).on('close', done);
  });
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * POSTs `chunks` (chunked unless `length` is given). Resolves with the answer even when the server
 * stops reading part-way; rejects only when no answer arrived (a reset instead of a response).
 */
function post(chunks: Buffer[], length?: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    if (length !== undefined) headers['content-length'] = String(length);
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/engines.list', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    void (async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        if (!req.write(c)) await drained(req);
      }
      req.end();
    })();
  });
}

describe('request bodies over the limit (finding 5)', { timeout: 3 * BOUND }, () => {
  beforeEach(() => start());

  function expectTooLarge(r: Reply): void {
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    const env = JSON.parse(r.body) as Envelope<unknown>;
    expect(env).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(env.ok === false && env.error.message).toContain('1 MiB');
    expect(invoke).not.toHaveBeenCalled();
  }

  it('a Content-Length over 1 MiB → 413 with the envelope, before the body is read', async () => {
    const body = Buffer.alloc(2 * MiB, 0x20);
    expectTooLarge(await post([body], body.length));
  });

  it('a Content-Length over the limit with no body sent at all → 413 (nothing is waited for)', async () => {
    const socket = await connectRaw(server.port);
    const closed = waitClosed(socket, BOUND);
    socket.write(`POST /api/engines.list HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: ${5 * MiB}\r\n\r\n`);
    const { closed: wasClosed, data } = await closed;
    expect(wasClosed).toBe(true);
    expect(data).toMatch(/^HTTP\/1\.1 413 /);
    expect(data).toContain('"INVALID_INPUT"');
  });

  it('a chunked body that passes 1 MiB while streaming → 413 with the envelope', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    expectTooLarge(await post(Array.from({ length: 40 }, () => chunk)));
  });

  it('a body just under the limit is still read', async () => {
    const body = Buffer.from(`{"pad":"${'x'.repeat(MiB - 20)}"}`);
    const r = await post([body], body.length);
    expect(r.status).toBe(200);
  });

  it('the server keeps serving after refusing a large body', async () => {
    await post([Buffer.alloc(3 * MiB, 0x20)], 3 * MiB);
    const r = await post([Buffer.from('{}')], 2);
    expect(r.status).toBe(200);
  });
});

describe('timeouts (finding 7)', { timeout: 3 * BOUND }, () => {
  it('a client that never finishes its headers is cut; others are served meanwhile', async () => {
    await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const slow = await connectRaw(server.port);
    const closed = waitClosed(slow, BOUND);
    slow.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
    const r = await post([Buffer.from('{}')], 2);
    expect(r.status).toBe(200);
    expect((await closed).closed).toBe(true);
  });

  it('a body trickled byte by byte is cut by the request timeout', async () => {
    await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const slow = await connectRaw(server.port);
    const closed = waitClosed(slow, BOUND);
    slow.write(`POST /api/engines.list HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 1000\r\n\r\n`);
    const trickle = setInterval(() => slow.writable && slow.write(' '), 50);
    try {
      expect((await closed).closed).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('an idle keep-alive connection is closed', async () => {
    await start({ keepAliveTimeoutMs: 300 });
    const socket = await connectRaw(server.port);
    const closed = waitClosed(socket, BOUND);
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    const { closed: wasClosed, data } = await closed;
    expect(data).toMatch(/^HTTP\/1\.1 200 /);
    expect(wasClosed).toBe(true);
  });

  it('an open WebSocket is not cut by the request timeout', async () => {
    await start({ headersTimeoutMs: 200, requestTimeoutMs: 300 });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await pause(1200);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.terminate();
  });

  it('the defaults are bounded: headers ≈ 10 s, request ≈ 30 s, keep-alive 5 s, 256 connections', async () => {
    await start();
    expect(server.limits).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 256,
      maxWebSockets: 32,
    });
  });
});

describe('resolveLimits', () => {
  it('keeps the headers timeout within the request timeout (Node refuses otherwise)', () => {
    expect(resolveLimits({ requestTimeoutMs: 400 })).toMatchObject({ headersTimeoutMs: 400, requestTimeoutMs: 400 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s', (value) => {
    expect(() => resolveLimits({ maxConnections: value })).toThrow(/maxConnections/);
  });
});

describe('connection caps (finding 7)', { timeout: 3 * BOUND }, () => {
  it('connections over maxConnections are closed; the server serves again once one leaves', async () => {
    await start({ maxConnections: 3 });
    const held = await Promise.all([0, 1, 2].map(() => connectRaw(server.port)));
    for (const s of held) s.on('error', () => undefined);
    await pause(50);
    const extra = await connectRaw(server.port).catch(() => null);
    if (extra) expect((await waitClosed(extra, BOUND)).closed).toBe(true);
    held[0].destroy();
    await pause(100);
    const r = await post([Buffer.from('{}')], 2);
    expect(r.status).toBe(200);
    for (const s of held) s.destroy();
  });

  it('WebSockets over maxWebSockets are refused with 503; a place frees up when one closes', async () => {
    await start({ maxWebSockets: 2 });
    const url = `ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`;
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      });
    const a = await open();
    const b = await open();
    await expect(open()).rejects.toMatchObject({ status: 503 });
    const closed = new Promise((r) => a.once('close', r));
    a.close();
    await closed;
    await pause(50);
    const c = await open();
    expect(c.readyState).toBe(WebSocket.OPEN);
    b.terminate();
    c.terminate();
  });
});

describe('a WebSocket client that stops reading', { timeout: 3 * BOUND }, () => {
  it('is dropped once far behind; the others keep receiving', async () => {
    const listeners = new Set<(event: 'ui.command', payload: unknown) => void>();
    server = running = await startWebServer({
      core: { invoke: invoke as never, onEvent: (l) => (listeners.add(l), () => listeners.delete(l)) },
      token: TOKEN,
      staticDir,
    });
    const emit = (payload: unknown) => listeners.forEach((l) => l('ui.command', payload));
    const stalled = await connectRaw(server.port);
    stalled.write(
      `GET /api/events?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
    );
    await new Promise((r) => stalled.once('data', r));
    stalled.pause(); // reads nothing more: the kernel buffers fill, then the server's
    const good = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`);
    await new Promise((resolve, reject) => good.once('open', resolve).once('error', reject));
    let received = 0;
    good.on('message', () => received++);

    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400; i++) {
      emit({ i, big });
      if (i % 20 === 0) await pause(5); // let the good client drain
    }
    const closed = waitClosed(stalled, BOUND);
    stalled.resume();
    expect((await closed).closed).toBe(true);
    await expect.poll(() => received, { timeout: BOUND }).toBe(400);
    expect(good.readyState).toBe(WebSocket.OPEN);
    good.terminate();
  });
});
