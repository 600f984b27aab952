import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setTransport } from '../../../src/renderer/api/client';
import { keyOf } from '../../../src/renderer/lib/containers';
import { useContainersStore } from '../../../src/renderer/stores/containers';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, PODMAN, container, network, port } from '../support/fixtures';

let fake: FakeTransport;

beforeEach(() => {
  fake = new FakeTransport();
  fake.containers = [
    container({ id: 'aaa111', name: 'web', ports: [port(8080, 80)] }),
    container({
      id: 'bbb222',
      name: 'db',
      image: 'postgres:16',
      state: 'exited',
      status: 'Exited (0) 1 hour ago',
      ports: [port(5432, 5432, { hostIp: '127.0.0.1' })],
      networks: [network('backend', '10.89.0.7')],
    }),
    container({ id: 'ccc333', name: 'cache', engineId: PODMAN, image: 'redis:7', ports: [port(null, 6379)] }),
  ];
  setTransport(fake);
  setActivePinia(createPinia());
});

const names = (store: ReturnType<typeof useContainersStore>) => store.filtered.map((c) => c.name);

describe('containers store: live changes', () => {
  it('loads the list on init and keeps it current from events', async () => {
    const store = useContainersStore();
    await store.init();
    expect(names(store)).toEqual(['cache', 'db', 'web']);

    fake.push('containers.changed', {
      type: 'upsert',
      engineId: DOCKER,
      container: container({ id: 'aaa111', name: 'web', state: 'exited' }),
    });
    expect(store.byKey.get(keyOf(DOCKER, 'aaa111'))?.state).toBe('exited');
    expect(store.containers).toHaveLength(3);

    fake.push('containers.changed', {
      type: 'upsert',
      engineId: DOCKER,
      container: container({ id: 'ddd444', name: 'api' }),
    });
    expect(names(store)).toEqual(['api', 'cache', 'db', 'web']);
  });

  it('an upsert with the same id on another engine is a different container', async () => {
    const store = useContainersStore();
    await store.init();
    fake.push('containers.changed', {
      type: 'upsert',
      engineId: PODMAN,
      container: container({ id: 'aaa111', name: 'web-podman', engineId: PODMAN }),
    });
    expect(store.containers).toHaveLength(4);
    expect(store.byKey.get(keyOf(DOCKER, 'aaa111'))?.name).toBe('web');
  });

  it('remove drops the container and its selection', async () => {
    const store = useContainersStore();
    await store.init();
    store.select(keyOf(DOCKER, 'bbb222'));
    fake.push('containers.changed', { type: 'remove', engineId: DOCKER, id: 'bbb222' });
    expect(names(store)).toEqual(['cache', 'web']);
    expect(store.selectedKey).toBeNull();
    expect(store.selected).toBeNull();
  });

  it('snapshot replaces every container of that engine and leaves the others alone', async () => {
    const store = useContainersStore();
    await store.init();
    fake.push('containers.changed', {
      type: 'snapshot',
      engineId: DOCKER,
      containers: [container({ id: 'eee555', name: 'fresh' })],
    });
    expect(names(store)).toEqual(['cache', 'fresh']);

    fake.push('containers.changed', { type: 'snapshot', engineId: PODMAN, containers: [] });
    expect(names(store)).toEqual(['fresh']);
  });

  it('refetches after the event stream reconnects', async () => {
    const store = useContainersStore();
    await store.init();
    fake.containers = [container({ id: 'fff666', name: 'after-outage' })];
    fake.reconnect();
    await new Promise((r) => setTimeout(r, 0));
    expect(names(store)).toEqual(['after-outage']);
    expect(fake.callsTo('containers.list')).toHaveLength(2);
  });
});

describe('containers store: filtering', () => {
  async function loaded() {
    const store = useContainersStore();
    await store.init();
    return store;
  }

  it.each([
    ['web', ['web']],
    ['POSTGRES', ['db']],
    ['bbb', ['db']],
    ['222', []], // ids match by prefix only
    ['5432', ['db']],
    ['80', ['web']],
    ['808', []], // port numbers match whole: "808" is not 8080
    ['6379/tcp', ['cache']],
    ['10.89', ['db']],
    ['127.0.0.1', ['db']],
    ['backend', ['db']],
    ['bridge web', ['web']], // every term must match
    ['nope', []],
  ])('search %j → %j', async (query, expected) => {
    const store = await loaded();
    store.search = query;
    expect(names(store)).toEqual(expected);
  });

  it('running only hides stopped containers and combines with search', async () => {
    const store = await loaded();
    store.runningOnly = true;
    expect(names(store)).toEqual(['cache', 'web']);
    store.search = 'db';
    expect(names(store)).toEqual([]);
    store.runningOnly = false;
    expect(names(store)).toEqual(['db']);
  });
});

describe('containers store: actions', () => {
  it('applies the snapshot an action returns, and records a failure with its message', async () => {
    const store = useContainersStore();
    await store.init();
    const key = keyOf(DOCKER, 'bbb222');

    expect(await store.runAction(key, 'start')).toBe(true);
    expect(fake.callsTo('containers.start')).toEqual([{ engineId: DOCKER, id: 'bbb222' }]);
    expect(store.byKey.get(key)?.state).toBe('running');

    fake.fail('containers.stop', { code: 'CONFLICT', message: 'container is busy' });
    expect(await store.runAction(key, 'stop')).toBe(false);
    expect(store.actionErrors[key]).toEqual({ action: 'stop', code: 'CONFLICT', message: 'container is busy' });
    expect(store.pending[key]).toBeUndefined();
  });

  it('remove passes force only when asked and drops the container', async () => {
    const store = useContainersStore();
    await store.init();
    await store.runAction(keyOf(DOCKER, 'aaa111'), 'remove', { force: true });
    expect(fake.callsTo('containers.remove')).toEqual([{ engineId: DOCKER, id: 'aaa111', force: true }]);
    expect(names(store)).toEqual(['cache', 'db']);
  });
});
