/**
 * Starts support/web-server-child.ts in its own Node process. A crash there shows up as an exit
 * code and a stack on stderr instead of ending the test worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./web-server-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ChildServer {
  port: number;
  process: ChildProcess;
  /** Everything the child wrote to stderr so far (an uncaught exception's stack lands here). */
  stderr(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startChildServer(token: string, limits?: Record<string, number>): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, CK_TEST_TOKEN: token, CK_TEST_LIMITS: limits ? JSON.stringify(limits) : '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before listening: ${stderr}`)));
  });
  return {
    port,
    process: child,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
