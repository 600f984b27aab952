import { homedir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../core/app-core';
import { generateToken, tokenProblem } from './web-auth';
import { startWebServer } from './web-server';

/** `npm run web`: the app's services and renderer, served to a browser on loopback. */
async function main(): Promise<void> {
  const token = process.env.CK_TOKEN || generateToken();
  const problem = tokenProblem(token);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const host = process.env.CK_HOST ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    console.warn(`WARNING: CK_HOST=${host} exposes Container Kit beyond this machine; anyone with the token controls your containers.`);
  }
  const port = process.env.CK_PORT ? Number(process.env.CK_PORT) : 4780;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CK_PORT must be a port number, got ${process.env.CK_PORT}`);
  const configDir = process.env.CK_CONFIG_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'container-kit');
  const core = createAppCore({ settingsFile: join(configDir, 'settings.json') });
  await core.start();
  const server = await startWebServer({
    core,
    token,
    staticDir: join(import.meta.dirname, '../renderer'),
    host,
    port,
  });
  console.log(`Container Kit is running in browser mode.\nOpen: ${server.openUrl}`);
  const shutdown = async (): Promise<void> => {
    await server.close();
    await core.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
