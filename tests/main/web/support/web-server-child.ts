/**
 * Runs the browser-mode server in its own process, for the test that checks a request cannot take
 * the process down (an uncaught exception would end the test worker itself). Prints `{"port":N}`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebServer } from '../../../../src/main/web/web-server';

const dir = mkdtempSync(join(tmpdir(), 'ck-web-child-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Container Kit</title>');
const server = await startWebServer({
  core: {
    invoke: async (channel) => ({ ok: true, data: { channel } }),
    onEvent: () => () => undefined,
  },
  token: process.env.CK_TEST_TOKEN ?? 'child-token',
  staticDir: dir,
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
