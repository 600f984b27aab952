/**
 * Requests that must not take the browser-mode server down. Each test runs its own server process
 * (an uncaught exception there would otherwise end the test worker) and checks, after the attack,
 * that the process is alive and still answers.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startChildServer, type ChildServer } from './support/child-server';
import { connectRaw, pause, rawExchange, sendThenReset, waitClosed } from './support/raw-client';

const TOKEN = 'crash-test-token-0123456789abcdef0123';

let child: ChildServer;
beforeEach(async () => {
  child = await startChildServer(TOKEN);
}, 30_000);
afterEach(async () => {
  await child.stop();
});

function post(port: number, channel: string, body = '{}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `/api/${channel}`, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The server process is alive and answers an authenticated API call. */
async function expectStillServing(): Promise<void> {
  await pause(100); // an uncaught exception from the attack lands asynchronously
  expect(child.stderr()).toBe('');
  expect(child.alive()).toBe(true);
  const r = await post(child.port, 'engines.list');
  expect(r.status).toBe(200);
}

function openEvents(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${child.port}/api/events?token=${TOKEN}`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const upgradeRequest = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

describe('WebSocket upgrades', { timeout: 20_000 }, () => {
  // Finding 1: the refusal is written to the raw socket, which had no 'error' listener; a client
  // that resets right after its request made that write fail with ECONNRESET, uncaught.
  it('a tokenless upgrade followed by a reset (RST) does not kill the server', async () => {
    const host = `127.0.0.1:${child.port}`;
    const requests = [
      upgradeRequest('/api/events').replace('127.0.0.1', host),
      upgradeRequest('/api/events?token=wrong').replace('127.0.0.1', host),
      upgradeRequest('/elsewhere').replace('127.0.0.1', host),
      upgradeRequest('/api/events'), // Host without the port: refused as misdirected
    ];
    for (let i = 0; i < 25; i++) await Promise.all(requests.map((r) => sendThenReset(child.port, r)));
    await expectStillServing();
  });

  it('an upgrade reset before the request is complete does not kill the server', async () => {
    for (let i = 0; i < 10; i++) await sendThenReset(child.port, upgradeRequest('/api/events').slice(0, 60));
    await expectStillServing();
  });
});

describe('a misbehaving WebSocket client loses only its own connection (finding 2)', { timeout: 20_000 }, () => {
  async function attack(send: (ws: WebSocket) => void): Promise<void> {
    const bad = await openEvents();
    const good = await openEvents();
    bad.on('error', () => undefined);
    const badClosed = new Promise<void>((r) => bad.once('close', () => r()));
    send(bad);
    await badClosed;
    await expectStillServing();
    expect(good.readyState).toBe(WebSocket.OPEN);
    const event = new Promise<unknown>((r) => good.once('message', (d: Buffer) => r(JSON.parse(d.toString()))));
    await post(child.port, 'test.emit', '{"command":"containers.refresh"}');
    expect(await event).toEqual({ event: 'ui.command', payload: { command: 'containers.refresh' } });
    good.terminate();
  }

  it('a 70 KiB message (over the 64 KiB limit)', async () => {
    await attack((ws) => ws.send('x'.repeat(70 * 1024)));
  });

  it('a text frame that is not valid UTF-8', async () => {
    await attack((ws) => ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), { binary: false }));
  });
});

describe('broken HTTP requests', { timeout: 20_000 }, () => {
  it('a socket reset in the middle of an authenticated body', async () => {
    const head =
      `POST /api/engines.list HTTP/1.1\r\nHost: 127.0.0.1:${child.port}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"`;
    for (let i = 0; i < 10; i++) await sendThenReset(child.port, head + 'x'.repeat(5000));
    await expectStillServing();
  });

  it('a header over the size limit → 431, the server keeps serving', async () => {
    const reply = await rawExchange(child.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${child.port}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    await expectStillServing();
  });

  it.each([
    ['a broken percent-encoding in the API path', 'POST /api/%E0%A4%A HTTP/1.1'],
    ['a broken percent-encoding in a page path', 'GET /%E0%A4%A HTTP/1.1'],
    ['a path-traversal request line', 'GET /../../../../etc/passwd HTTP/1.1'],
    ['an encoded traversal', 'GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1'],
    ['a relative request target', 'GET ../../etc/passwd HTTP/1.1'],
    ['an absolute-form target with a broken host', 'GET http://[bad/ HTTP/1.1'],
    ['an absolute-form API target with a broken host', 'POST http://[bad/api/x HTTP/1.1'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1'],
  ])('%s: an answer, never a crash or a file outside the folder', async (_label, line) => {
    const reply = await rawExchange(child.port, `${line}\r\nHost: 127.0.0.1:${child.port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(reply).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(reply).not.toContain('root:');
    await expectStillServing();
  });

  it('an upgrade with an absolute-form target and a broken host', async () => {
    const reply = await rawExchange(child.port, upgradeRequest('http://[bad/api/events').replace('127.0.0.1', `127.0.0.1:${child.port}`));
    expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
    await expectStillServing();
  });

  it('a half-sent request line then a reset', async () => {
    const socket = await connectRaw(child.port);
    const closed = waitClosed(socket, 2000);
    socket.write('GET /ass');
    await pause(50);
    socket.resetAndDestroy();
    await closed;
    await expectStillServing();
  });
});
