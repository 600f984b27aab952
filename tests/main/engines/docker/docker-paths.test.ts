import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../../../src/main/engines/docker/docker-engine';
import { startFakeEngine, type FakeEngine } from './support/fake-engine';

/**
 * A fake engine answering 404 to everything but network connect/disconnect, which is all these
 * tests need: what matters is the path the engine was asked for.
 */
describe('every id reaches the Docker API as one encoded path segment', () => {
  let fake: FakeEngine;
  let engine: DockerEngine;
  let seen: string[];

  beforeAll(async () => {
    fake = await startFakeEngine((req, res) => {
      if (/\/(connect|disconnect)$/.test(req.url ?? '')) {
        res.writeHead(200).end();
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no such object' }));
    });
    ({ engine, seen } = fake);
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('a network name cannot turn a connect into another call (front/disconnect?)', async () => {
    await engine.connectNetwork('front/disconnect?', 'web', { aliases: [] });
    expect(seen).toEqual(['POST /networks/front%2Fdisconnect%3F/connect']);
  });

  it('encodes the network of a disconnect, an inspect and a remove', async () => {
    await engine.disconnectNetwork('a#b', 'web', false);
    await engine.inspectNetwork('x/../y').catch(() => undefined);
    await engine.removeNetwork('n?force=1').catch(() => undefined);
    expect(seen).toEqual(['POST /networks/a%23b/disconnect', 'GET /networks/x%2F..%2Fy', 'DELETE /networks/n%3Fforce%3D1']);
  });

  it('encodes container ids in every container call', async () => {
    const id = '../images/x?all=1';
    const enc = '..%2Fimages%2Fx%3Fall%3D1';
    await engine.inspectContainer(id).catch(() => undefined);
    await engine.startContainer(id).catch(() => undefined);
    await engine.stopContainer(id, 1).catch(() => undefined);
    await engine.restartContainer(id).catch(() => undefined);
    await engine.removeContainer(id).catch(() => undefined);
    await engine.exec(id, ['true'], { timeoutMs: 1000 }).catch(() => undefined);
    expect(seen).toEqual([
      `GET /containers/${enc}/json`,
      `POST /containers/${enc}/start`,
      `POST /containers/${enc}/stop?t=1`,
      `POST /containers/${enc}/restart`,
      `DELETE /containers/${enc}?force=false&v=false`,
      `POST /containers/${enc}/exec`,
    ]);
  });

  it('a name beyond Latin-1 is sent encoded, and the engine says it does not know it (NOT_FOUND, not a refused request)', async () => {
    await expect(engine.inspectContainer('web\u{1F600}')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(seen).toEqual(['GET /containers/web%F0%9F%98%80/json']);
  });

  it('the stats stream of a container is opened on its encoded path', async () => {
    const ended = new Promise<Error | null>((resolve) => engine.networkStats('a/b', { onStats: () => undefined, onEnd: resolve }));
    await ended;
    expect(seen).toEqual(['GET /containers/a%2Fb/stats?stream=true']);
  });
});
