// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../../src/renderer/api/client';
import { memberKey, networkKey } from '../../../src/renderer/lib/networks';
import { useNetworksStore } from '../../../src/renderer/stores/networks';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, PODMAN, container, member, userNetwork } from '../support/fixtures';

let fake: FakeTransport;
beforeEach(() => {
  fake = new FakeTransport();
  fake.networks = [
    userNetwork('bridge', { id: 'b0', isDefault: true }),
    userNetwork('backend', { id: 'n1', containers: [member('api', '10.10.0.5')] }),
    userNetwork('podman', { engineId: PODMAN, id: 'p0', isDefault: true }),
  ];
  fake.containers = [container({ id: 'api-id', name: 'api' }), container({ id: 'web-id', name: 'web' })];
  setTransport(fake);
  setActivePinia(createPinia());
});

const names = (s: ReturnType<typeof useNetworksStore>, engine = DOCKER) => s.forEngine(engine).map((n) => n.name);

describe('networks store', () => {
  it('lists per engine and applies upsert, remove and snapshot events', async () => {
    const store = useNetworksStore();
    await store.init();
    expect(names(store)).toEqual(['backend', 'bridge']);
    expect(names(store, PODMAN)).toEqual(['podman']);

    fake.push('networks.changed', { type: 'upsert', engineId: DOCKER, network: userNetwork('frontend', { id: 'n2' }) });
    expect(names(store)).toEqual(['backend', 'bridge', 'frontend']);
    fake.push('networks.changed', { type: 'upsert', engineId: DOCKER, network: userNetwork('backend', { id: 'n1', internal: true }) });
    expect(store.byKey.get(networkKey({ engineId: DOCKER, id: 'n1' }))?.internal).toBe(true);
    expect(names(store)).toHaveLength(3);

    store.select(networkKey({ engineId: DOCKER, id: 'n2' }));
    fake.push('networks.changed', { type: 'remove', engineId: DOCKER, id: 'n2' });
    expect(names(store)).toEqual(['backend', 'bridge']);
    expect(store.selectedKey).toBeNull();

    fake.push('networks.changed', { type: 'snapshot', engineId: PODMAN, networks: [] });
    expect(names(store, PODMAN)).toEqual([]);
    expect(names(store)).toEqual(['backend', 'bridge']); // other engines untouched
  });

  it('refetches after the event stream comes back', async () => {
    const store = useNetworksStore();
    await store.init();
    fake.networks = [...fake.networks, userNetwork('late', { id: 'n9' })];
    fake.reconnect();
    await new Promise((r) => setTimeout(r, 0));
    expect(names(store)).toContain('late');
  });

  it('keeps a failed remove per network with the server’s words, and clears it on the next try', async () => {
    const store = useNetworksStore();
    await store.init();
    const key = networkKey({ engineId: DOCKER, id: 'n1' });
    const running = store.remove(key);
    expect(store.pending[key]).toBe('remove');
    expect(await running).toBe(false);
    expect(store.pending[key]).toBeUndefined();
    expect(store.errors[key]).toMatchObject({ action: 'remove', code: 'CONFLICT', message: expect.stringContaining('in use by api') });
    expect(names(store)).toContain('backend');

    fake.networks = fake.networks.map((n) => (n.id === 'n1' ? { ...n, containers: [] } : n));
    expect(await store.remove(key)).toBe(true);
    expect(store.errors[key]).toBeUndefined();
    expect(names(store)).toEqual(['bridge']);
  });

  it('connects and disconnects, reading the network back, and records UNSUPPORTED per member', async () => {
    const store = useNetworksStore();
    await store.init();
    const key = networkKey({ engineId: DOCKER, id: 'n1' });
    expect(await store.connect(key, { container: 'web-id', aliases: ['www'], ipv4Address: '10.10.0.9' })).toBe(true);
    expect(fake.callsTo('networks.connect')).toEqual([
      { engineId: DOCKER, network: 'backend', container: 'web-id', aliases: ['www'], ipv4Address: '10.10.0.9' },
    ]);
    expect(store.byKey.get(key)?.containers.map((m) => [m.containerName, m.ipv4Address, m.aliases])).toEqual([
      ['api', '10.10.0.5', []],
      ['web', '10.10.0.9', ['www']],
    ]);

    fake.fail('networks.disconnect', { code: 'UNSUPPORTED', message: 'Apple container cannot disconnect a container from a network.' });
    expect(await store.disconnect(key, 'web-id')).toBe(false);
    expect(store.errors[memberKey(key, 'web-id')]).toMatchObject({ action: 'disconnect', code: 'UNSUPPORTED' });
  });

  it('creates a network and lists it at once; failures are thrown for the form', async () => {
    const store = useNetworksStore();
    await store.init();
    const created = await store.create({ engineId: DOCKER, name: 'made', subnet: '10.20.0.0/24' });
    expect(created.name).toBe('made');
    expect(names(store)).toContain('made');

    fake.fail('networks.create', { code: 'CONFLICT', message: '10.20.0.0/24 overlaps made' });
    await expect(store.create({ engineId: DOCKER, name: 'again', subnet: '10.20.0.0/24' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
