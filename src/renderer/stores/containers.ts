import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Container, ContainersChanged, RequestOf, ResultOf } from '../../shared/contract';
import { findContainerByRef } from '../../shared/host-address';
import { api, ApiError } from '../api/client';
import { containerKey, displayName, isUp, keyOf, type ContainerAction } from '../lib/containers';
import { matchesSearch } from '../lib/search';
import { useSyncedCollection, type CollectionChange } from './synced-collection';

export interface ActionFailure {
  action: ContainerAction;
  code: ApiError['code'];
  message: string;
}

export interface ActionOptions {
  force?: boolean;
}

function byName(a: Container, b: Container): number {
  return displayName(a).localeCompare(displayName(b)) || a.engineId.localeCompare(b.engineId);
}

export const useContainersStore = defineStore('containers', () => {
  const pending = ref<Record<string, ContainerAction>>({});
  const actionErrors = ref<Record<string, ActionFailure>>({});
  const collection = useSyncedCollection({
    key: containerKey,
    list: 'containers.list',
    changed: 'containers.changed',
    // Trust the event's engineId: it is what identifies the container in the store.
    toChange: (change: ContainersChanged): CollectionChange<Container> => {
      switch (change.type) {
        case 'upsert':
          return { type: 'upsert', item: { ...change.container, engineId: change.engineId } };
        case 'remove':
          return { type: 'remove', key: keyOf(change.engineId, change.id) };
        case 'snapshot':
          return {
            type: 'replace',
            items: change.containers.map((c) => ({ ...c, engineId: change.engineId })),
            scope: (c) => c.engineId === change.engineId,
          };
      }
    },
    onRemove: (key) => {
      delete pending.value[key];
      delete actionErrors.value[key];
    },
  });
  const { items: containers, byKey, upsert } = collection;
  const search = ref('');
  const runningOnly = ref(false);

  const sorted = computed(() => [...containers.value].sort(byName));
  const filtered = computed(() => sorted.value.filter((c) => (!runningOnly.value || isUp(c.state)) && matchesSearch(c, search.value)));

  /** Runs an action, applying the engine's answer at once instead of waiting for the event. */
  async function runAction(key: string, action: ContainerAction, options: ActionOptions = {}): Promise<boolean> {
    const container = byKey.value.get(key);
    if (!container || pending.value[key]) return false;
    const ref = { engineId: container.engineId, id: container.id };
    pending.value[key] = action;
    delete actionErrors.value[key];
    try {
      if (action === 'remove') {
        await api.invoke('containers.remove', options.force ? { ...ref, force: true } : ref);
        collection.remove(key);
      } else {
        upsert(await api.invoke(`containers.${action}`, ref));
      }
      return true;
    } catch (e) {
      const error = ApiError.wrap(e);
      actionErrors.value[key] = { action, code: error.code, message: error.message };
      return false;
    } finally {
      delete pending.value[key];
    }
  }

  function clearActionError(key: string): void {
    delete actionErrors.value[key];
  }

  /** Creates (and maybe starts) a container and lists it at once; failures throw an ApiError. */
  async function create(request: RequestOf<'containers.create'>): Promise<ResultOf<'containers.create'>> {
    const result = await api.invoke('containers.create', request);
    upsert({ ...result.container, engineId: request.engineId });
    return result;
  }

  /** The store key of a container named by a notification or the tray: its id, a long id prefix, or its name. */
  function resolveKey(engineId: string, id: string): string {
    const mine = containers.value.filter((c) => c.engineId === engineId).map((c) => ({ id: c.id, name: displayName(c), c }));
    const found = findContainerByRef(mine, id)?.c;
    return found ? containerKey(found) : keyOf(engineId, id);
  }

  return {
    containers,
    loaded: collection.loaded,
    loading: collection.loading,
    loadError: collection.loadError,
    search,
    runningOnly,
    selectedKey: collection.selectedKey,
    pending,
    actionErrors,
    byKey,
    filtered,
    selected: collection.selected,
    applyChange: collection.applyChange,
    load: collection.load,
    init: collection.init,
    select: collection.select,
    runAction,
    clearActionError,
    create,
    resolveKey,
  };
});
