import dns from 'node:dns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DockerEngine } from '../../../../src/main/engines/docker/docker-engine';
import { isAppError } from '../../../../src/shared/errors';
import { startFakeEngine, type FakeEngine } from './support/fake-engine';

/**
 * Docker's and Podman's routers answer a path with "." or ".." with a 301 to the cleaned path.
 * Followed, the Location became a URL whose host was a path word: a DNS lookup of "json" and an
 * uncaught request error that ended the process. A fake engine that redirects everything shows
 * that a redirect now ends as an engine error on the call that met it, with no lookup at all.
 */
describe('an engine redirect is an error, never followed', () => {
  let fake: FakeEngine;
  let engine: DockerEngine;
  let seen: string[];

  beforeAll(async () => {
    fake = await startFakeEngine((_req, res) => res.writeHead(301, { location: '/json' }).end());
    ({ engine, seen } = fake);
  });
  afterAll(() => fake?.close());

  it('inspect, start and remove fail with an app error after one request each, and look nothing up', async () => {
    // Should the fix regress, the lookup is refused here instead of reaching the host's resolver.
    const lookup = vi.spyOn(dns, 'lookup').mockImplementation((_host: string, _options: unknown, callback?: (err: Error) => void) => {
      const done = typeof _options === 'function' ? (_options as (err: Error) => void) : callback;
      done?.(Object.assign(new Error('lookup refused by the test'), { code: 'ENOTFOUND' }));
    });
    const uncaught = vi.fn();
    process.on('uncaughtException', uncaught);
    try {
      for (const call of [() => engine.inspectContainer('web'), () => engine.startContainer('web'), () => engine.removeContainer('web', true)]) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(isAppError(error)).toBe(true);
      }
      expect(seen).toHaveLength(3);
      expect(lookup).not.toHaveBeenCalled();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).not.toHaveBeenCalled();
    } finally {
      process.off('uncaughtException', uncaught);
      lookup.mockRestore();
    }
  });

  it('refuses "." and ".." before asking the engine', async () => {
    seen.length = 0;
    for (const ref of ['.', '..']) await expect(engine.inspectContainer(ref)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(seen).toEqual([]);
  });
});
