import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src/main/web/web-server';
import { connectRaw } from './support/raw-client';

let dir: string;
let server: WebServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ck-static-leak-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'big.js'), Buffer.alloc(32 * 1024 * 1024, 0x20));
  server = await startWebServer({
    core: { invoke: () => Promise.resolve({ ok: true, data: null }), onEvent: () => () => undefined },
    token: 'static-files-test-token-0123456789abcdef',
    staticDir: dir,
  });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const openFiles = () => readdirSync('/proc/self/fd').length;

it.runIf(process.platform === 'linux')('a client that leaves mid-download does not leave the file open', async () => {
  const before = openFiles();
  for (let i = 0; i < 10; i++) {
    const socket = await connectRaw(server.port);
    socket.on('error', () => undefined);
    socket.write(`GET /big.js HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    await new Promise((r) => socket.once('data', r));
    socket.resetAndDestroy();
  }
  // The ten sockets themselves close too; what must not stay is one open file per download.
  await expect.poll(openFiles, { timeout: 3000 }).toBeLessThanOrEqual(before + 2);
});
