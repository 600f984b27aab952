import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, ContainersChanged } from '../../src/shared/contract';
import { TEST_ENGINES } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore } from './support/test-core';

// The bound: a change made outside the app reaches it within 2 s.
const PUSH_BOUND_MS = 2000;

describe.each(TEST_ENGINES)('live changes on a real $kind engine', (engine) => {
  const objects = new TestObjects(engine);
  let app: TestCore;
  const ref = (id: string) => ({ engineId: engine.endpoint, id });

  beforeAll(async () => {
    app = new TestCore([engine]);
    await app.start();
    await app.waitForEngine(engine.endpoint, 'available', 10_000);
  });
  afterEach(() => objects.cleanup());
  afterAll(() => app?.dispose());

  const stateOf = (id: string, state: Container['state']) => (c: ContainersChanged) =>
    c.type === 'upsert' && c.container.id === id && c.container.state === state;

  it('pushes the new snapshot when the engine starts, stops and removes a container', async () => {
    const { id } = await objects.container({ start: false });
    await app.waitForChange((c) => c.type === 'upsert' && c.container.id === id, PUSH_BOUND_MS, 0, 'create');

    let since = Date.now();
    await objects.docker.getContainer(id).start();
    const started = await app.waitForChange(stateOf(id, 'running'), PUSH_BOUND_MS, since, 'running after an outside start');
    expect((started.payload as { container: Container }).container.startedAt).not.toBeNull();

    since = Date.now();
    await objects.docker.getContainer(id).stop({ t: 0 });
    await app.waitForChange(stateOf(id, 'exited'), PUSH_BOUND_MS, since, 'exited after an outside stop');

    since = Date.now();
    await objects.docker.getContainer(id).remove({ force: true });
    await app.waitForChange((c) => c.type === 'remove' && c.id === id, PUSH_BOUND_MS, since, 'remove after an outside rm');
    const list = await app.call<Container[]>('containers.list', {});
    expect(list.some((c) => c.id === id)).toBe(false);
  });

  it('starts, stops, restarts and removes through the contract, returning fresh snapshots', async () => {
    const { id, name } = await objects.container({ start: false });
    await app.waitForChange((c) => c.type === 'upsert' && c.container.id === id, PUSH_BOUND_MS, 0, 'create');

    const started = await app.call<Container>('containers.start', ref(name));
    expect(started).toMatchObject({ id, state: 'running' });
    // Starting what already runs is not an error (the CLI agrees).
    expect(await app.call<Container>('containers.start', ref(id))).toMatchObject({ state: 'running' });

    const restarted = await app.call<Container>('containers.restart', { ...ref(id), timeoutSeconds: 0 });
    expect(restarted.state).toBe('running');
    expect(Date.parse(restarted.startedAt!)).toBeGreaterThanOrEqual(Date.parse(started.startedAt!));

    const stopped = await app.call<Container>('containers.stop', { ...ref(id), timeoutSeconds: 0 });
    expect(stopped.state).toBe('exited');
    const listed = (await app.call<Container[]>('containers.list', {})).find((c) => c.id === id);
    expect(listed?.state).toBe('exited');

    expect(await app.call('containers.remove', ref(id))).toEqual({ ok: true });
    expect((await app.call<Container[]>('containers.list', {})).some((c) => c.id === id)).toBe(false);
  });

  it('refuses to remove a running container without force, with the engine reason', async () => {
    const { id } = await objects.container();
    const res = await app.core.invoke('containers.remove', ref(id));
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(['CONFLICT', 'ENGINE_ERROR']).toContain(res.error.code);
      expect(res.error.message.toLowerCase()).toMatch(/running|stop/);
    }
    expect(await app.call('containers.remove', { ...ref(id), force: true })).toEqual({ ok: true });
  });
});
