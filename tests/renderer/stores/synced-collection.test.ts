import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../src/shared/contract';
import { setTransport } from '../../../src/renderer/api/client';
import { useSyncedCollection, type CollectionChange } from '../../../src/renderer/stores/synced-collection';
import { FakeTransport } from '../support/fake-transport';
import { PODMAN, engine } from '../support/fixtures';

let fake: FakeTransport;
beforeEach(() => {
  fake = new FakeTransport();
  fake.engines = [engine(), engine({ id: PODMAN, kind: 'podman', name: 'Podman 5' })];
  setTransport(fake);
});

/**
 * Engines by id, driven by a change the test hands in through `next`: the factory does not care
 * what the event means, only what `toChange` makes of it.
 */
function engineCollection(onRemove = vi.fn()) {
  let next: CollectionChange<Engine> = { type: 'replace', items: [] };
  const collection = useSyncedCollection({
    key: (e) => e.id,
    list: 'engines.list',
    changed: 'engines.changed',
    toChange: () => next,
    onRemove,
  });
  const push = (change: CollectionChange<Engine>) => {
    next = change;
    fake.push('engines.changed', { engines: [] });
  };
  return { collection, push, onRemove };
}

const ids = (items: Engine[]) => items.map((e) => e.id);

describe('synced collection', () => {
  it('loads from its list channel once, however often init is called', async () => {
    const { collection } = engineCollection();
    expect(collection.loaded.value).toBe(false);
    await Promise.all([collection.init(), collection.init()]);
    expect(ids(collection.items.value)).toEqual([engine().id, PODMAN]);
    expect(collection.byKey.value.get(PODMAN)?.name).toBe('Podman 5');
    expect(collection.loaded.value).toBe(true);
    expect(fake.callsTo('engines.list')).toHaveLength(1);
  });

  it('upserts by key, removes with its per-item cleanup, and drops a selection whose item left', async () => {
    const { collection, push, onRemove } = engineCollection();
    await collection.init();
    push({ type: 'upsert', item: engine({ id: PODMAN, name: 'Podman 5.1' }) });
    expect(collection.items.value).toHaveLength(2);
    expect(collection.byKey.value.get(PODMAN)?.name).toBe('Podman 5.1');

    collection.select(PODMAN);
    expect(collection.selected.value?.name).toBe('Podman 5.1');
    push({ type: 'remove', key: PODMAN });
    expect(ids(collection.items.value)).toEqual([engine().id]);
    expect(onRemove).toHaveBeenCalledWith(PODMAN);
    expect(collection.selectedKey.value).toBeNull();
  });

  it('a scoped replace swaps only the matching items; the selection goes only if its item did', async () => {
    const { collection, push } = engineCollection();
    await collection.init();
    collection.select(engine().id);
    push({ type: 'replace', items: [engine({ id: 'p2', kind: 'podman' })], scope: (e) => e.kind === 'podman' });
    expect(ids(collection.items.value)).toEqual([engine().id, 'p2']);
    expect(collection.selectedKey.value).toBe(engine().id);

    push({ type: 'replace', items: [], scope: (e) => e.kind === 'docker' });
    expect(ids(collection.items.value)).toEqual(['p2']);
    expect(collection.selectedKey.value).toBeNull();
  });

  it('a whole replace counts as loaded, even before the list answered', () => {
    const { collection } = engineCollection();
    collection.applyChange({ engines: [] });
    expect(collection.loaded.value).toBe(true);
  });

  it('keeps a load failure until a load succeeds, and refetches after a reconnect', async () => {
    const { collection } = engineCollection();
    fake.handle('engines.list', () => {
      throw new Error('server gone');
    });
    await collection.init();
    expect(collection.loadError.value?.message).toBe('server gone');
    expect(collection.loading.value).toBe(false);

    fake.handle('engines.list', () => fake.engines);
    fake.reconnect();
    await vi.waitFor(() => expect(collection.loadError.value).toBeNull());
    expect(collection.items.value).toHaveLength(2);
  });
});
