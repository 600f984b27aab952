import Docker from 'dockerode';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The two real engines `scripts/test-env.sh` provides; integration tests run against both. */
export const TEST_ENGINES = [
  { kind: 'docker' as const, endpoint: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock', service: 'docker' },
  { kind: 'podman' as const, endpoint: 'unix:///run/podman/podman.sock', socketPath: '/run/podman/podman.sock', service: 'podman' },
];
export type TestEngine = (typeof TEST_ENGINES)[number];

export const TEST_IMAGE = 'localhost/ck-test:latest';
/** Every object a test creates carries this label, so a crashed run's leftovers can be swept. */
export const TEST_LABEL = 'io.container-kit.test';

export function dockerClient(engine: TestEngine): Docker {
  return new Docker({ socketPath: engine.socketPath });
}

export function uniqueName(prefix: string): string {
  return `ck-it-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

const ENV_SCRIPT = resolve(import.meta.dirname, '../../../scripts/test-env.sh');

/** Starts or stops an engine daemon through the same script `npm test` provisions with. */
export function engineDaemon(action: 'start' | 'stop', engine: TestEngine): void {
  execFileSync('bash', [ENV_SCRIPT, `${action}-${engine.service}`], { stdio: 'inherit' });
}

/** The restart test only restarts a daemon that the test setup itself started. */
export function startedByTestSetup(engine: TestEngine): boolean {
  return existsSync(`/run/container-kit-test/${engine.service === 'docker' ? 'dockerd' : 'podman'}.pid`);
}

/** A host port free right now on 127.0.0.1 (the kernel picks it). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
