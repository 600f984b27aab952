import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../../../../src/main/engines/docker/docker-engine';

export interface FakeEngine {
  /** A real DockerEngine pointed at the fake's unix socket. */
  engine: DockerEngine;
  /** The request line (`METHOD /path`) of every call, in order. */
  seen: string[];
  close(): Promise<void>;
}

/** An engine API on a unix socket that records every request line and answers with `answer`. */
export async function startFakeEngine(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'ck-fake-engine-'));
  const socketPath = join(dir, 'engine.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const engine = new DockerEngine({ endpoint: `unix://${socketPath}` });
  return {
    engine,
    seen,
    async close() {
      engine.dispose();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
