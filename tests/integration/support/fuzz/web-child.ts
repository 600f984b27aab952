/**
 * Browser mode as `npm run web` runs it — `node out/main/web.js` — in a child process, so that an
 * uncaught exception really ends a process the test can see end. The child gets a temp config
 * dir and HOME, a 40-character token, port 0, and the fuzz network guard preloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../../..');
const GUARD = resolve(import.meta.dirname, 'network-guard-preload.mjs');

/** The built server: out/main/web.js, or CK_FUZZ_WEB_JS (a build elsewhere, e.g. `electron-vite build --outDir`). */
export function webEntry(): string {
  return process.env.CK_FUZZ_WEB_JS ? resolve(process.env.CK_FUZZ_WEB_JS) : join(ROOT, 'out/main/web.js');
}

export interface WebChild {
  port: number;
  token: string;
  url: string;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  stdout(): string;
  alive(): boolean;
  /** How the child ended, once it has. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

export async function startWebChild(timeoutMs = 20_000): Promise<WebChild> {
  const entry = webEntry();
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'ck-fuzz-web-'));
  const token = randomBytes(30).toString('base64url'); // 40 characters
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    CK_PORT: '0',
    CK_TOKEN: token,
    CK_CONFIG_DIR: join(dir, 'config'),
    CK_HOST: '127.0.0.1',
    NODE_ENV: 'production',
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', GUARD, entry], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', (code, signal) => ((ended = { code, signal }), r())));

  const port = await new Promise<number>((resolvePort, reject) => {
    const failed = (e: Error) => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      reject(e);
    };
    const deadline = setTimeout(() => failed(new Error(`browser mode did not start within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    const poll = setInterval(() => {
      const m = /Open: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m || ended) {
        clearInterval(poll);
        clearTimeout(deadline);
        if (m) resolvePort(Number(m[1]));
        else failed(new Error(`browser mode exited at start (${JSON.stringify(ended)}):\n${out}\n${err}`));
      }
    }, 20);
  });

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}`,
    stderr: () => err,
    stdout: () => out,
    alive: () => ended === null,
    exit: () => ended,
    async stop() {
      if (ended === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
