import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Container, ContainersChanged, RequestOf, ResultOf } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { containerKey, displayName, isUp, keyOf, type ContainerAction } from '../lib/containers';
import { matchesSearch } from '../lib/search';

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
  const containers = ref<Container[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const loadError = ref<ApiError | null>(null);
  const search = ref('');
  const runningOnly = ref(false);
  const selectedKey = ref<string | null>(null);
  const pending = ref<Record<string, ContainerAction>>({});
  const actionErrors = ref<Record<string, ActionFailure>>({});
  let subscribed = false;

  const byKey = computed(() => new Map(containers.value.map((c) => [containerKey(c), c])));
  const sorted = computed(() => [...containers.value].sort(byName));
  const filtered = computed(() =>
    sorted.value.filter((c) => (!runningOnly.value || isUp(c.state)) && matchesSearch(c, search.value)),
  );
  const selected = computed(() => (selectedKey.value ? byKey.value.get(selectedKey.value) ?? null : null));

  function upsert(container: Container): void {
    const key = containerKey(container);
    const index = containers.value.findIndex((c) => containerKey(c) === key);
    if (index < 0) containers.value.push(container);
    else containers.value.splice(index, 1, container);
  }

  function removeLocal(engineId: string, id: string): void {
    const key = keyOf(engineId, id);
    containers.value = containers.value.filter((c) => containerKey(c) !== key);
    delete pending.value[key];
    delete actionErrors.value[key];
    if (selectedKey.value === key) selectedKey.value = null;
  }

  /** Applies one pushed change; events carry the engine's truth, so they overwrite local state. */
  function applyChange(change: ContainersChanged): void {
    switch (change.type) {
      case 'upsert':
        // Trust the event's engineId: it is what identifies the container in the store.
        upsert({ ...change.container, engineId: change.engineId });
        break;
      case 'remove':
        removeLocal(change.engineId, change.id);
        break;
      case 'snapshot': {
        const others = containers.value.filter((c) => c.engineId !== change.engineId);
        containers.value = [...others, ...change.containers.map((c) => ({ ...c, engineId: change.engineId }))];
        if (selectedKey.value && !byKey.value.has(selectedKey.value)) selectedKey.value = null;
        break;
      }
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      containers.value = await api.invoke('containers.list', {});
      loadError.value = null;
    } catch (e) {
      loadError.value = ApiError.wrap(e);
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  /** Subscribes once to live changes, then loads; the list stays current from events afterwards. */
  async function init(): Promise<void> {
    if (subscribed) return;
    subscribed = true;
    api.on('containers.changed', applyChange);
    api.onReconnect(() => void load());
    await load();
  }

  function select(key: string | null): void {
    selectedKey.value = key;
  }

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
        removeLocal(ref.engineId, ref.id);
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
    const mine = containers.value.filter((c) => c.engineId === engineId);
    const found =
      mine.find((c) => c.id === id) ??
      mine.find((c) => displayName(c) === id.replace(/^\//, '')) ??
      (id.length >= 12 ? mine.find((c) => c.id.startsWith(id) || id.startsWith(c.id)) : undefined);
    return found ? containerKey(found) : keyOf(engineId, id);
  }

  return {
    containers,
    loaded,
    loading,
    loadError,
    search,
    runningOnly,
    selectedKey,
    pending,
    actionErrors,
    byKey,
    filtered,
    selected,
    applyChange,
    load,
    init,
    select,
    runAction,
    clearActionError,
    create,
    resolveKey,
  };
});
