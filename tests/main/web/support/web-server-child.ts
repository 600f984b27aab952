/**
 * Runs the browser-mode server in its own process, for the tests that check a request cannot take
 * the process down (an uncaught exception would end the test worker itself). Prints `{"port":N}`.
 *
 * `CK_TEST_LIMITS` (JSON) is passed through as the server's `limits`, so a test can shorten the
 * timeouts. The channel `test.emit` makes the fake core emit an event to every subscriber, so a
 * test can check that surviving WebSocket clients still receive events.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventListener } from '../../../../src/main/core/app-core';
import { startWebServer } from '../../../../src/main/web/web-server';

const dir = mkdtempSync(join(tmpdir(), 'ck-web-child-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Container Kit</title>');
const listeners = new Set<EventListener>();
const server = await startWebServer({
  core: {
    invoke: (channel, payload) => {
      if (channel === 'test.emit') for (const l of listeners) l('ui.command', payload);
      return Promise.resolve({ ok: true, data: { channel } });
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  },
  token: process.env.CK_TEST_TOKEN ?? 'child-token',
  staticDir: dir,
  ...(process.env.CK_TEST_LIMITS ? { limits: JSON.parse(process.env.CK_TEST_LIMITS) as object } : {}),
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
