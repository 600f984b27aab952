import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Network, NetworksChanged, RequestOf } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { memberKey, networkKey, type NetworkAction } from '../lib/networks';

export interface NetworkFailure {
  action: NetworkAction;
  code: ApiError['code'];
  message: string;
  details?: unknown;
}

export interface ConnectOptions {
  container: string;
  aliases?: string[];
  ipv4Address?: string;
}

function byName(a: Network, b: Network): number {
  return a.engineId.localeCompare(b.engineId) || a.name.localeCompare(b.name);
}

/**
 * Every engine's networks, kept current from `networks.changed`. Actions record their progress and
 * failure per item (a network, or one member of it), so each row shows its own state.
 */
export const useNetworksStore = defineStore('networks', () => {
  const networks = ref<Network[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const loadError = ref<ApiError | null>(null);
  const selectedKey = ref<string | null>(null);
  /** By network key, or by `memberKey` for a disconnect. */
  const pending = ref<Record<string, NetworkAction>>({});
  const errors = ref<Record<string, NetworkFailure>>({});
  let subscribed = false;

  const byKey = computed(() => new Map(networks.value.map((n) => [networkKey(n), n])));
  const sorted = computed(() => [...networks.value].sort(byName));
  /** Engine id → its networks by name, engines in a stable order. */
  const byEngine = computed(() => {
    const out = new Map<string, Network[]>();
    for (const n of sorted.value) {
      const list = out.get(n.engineId) ?? [];
      list.push(n);
      out.set(n.engineId, list);
    }
    return out;
  });
  const selected = computed(() => (selectedKey.value ? byKey.value.get(selectedKey.value) ?? null : null));

  function forEngine(engineId: string): Network[] {
    return byEngine.value.get(engineId) ?? [];
  }

  function upsert(network: Network): void {
    const key = networkKey(network);
    const index = networks.value.findIndex((n) => networkKey(n) === key);
    if (index < 0) networks.value.push(network);
    else networks.value.splice(index, 1, network);
  }

  function removeLocal(engineId: string, id: string): void {
    const key = networkKey({ engineId, id });
    networks.value = networks.value.filter((n) => networkKey(n) !== key);
    for (const k of Object.keys(pending.value)) if (k === key || k.startsWith(`${key}|`)) delete pending.value[k];
    for (const k of Object.keys(errors.value)) if (k === key || k.startsWith(`${key}|`)) delete errors.value[k];
    if (selectedKey.value === key) selectedKey.value = null;
  }

  /** Events carry the engine's truth, so they overwrite whatever is here. */
  function applyChange(change: NetworksChanged): void {
    switch (change.type) {
      case 'upsert':
        upsert({ ...change.network, engineId: change.engineId });
        break;
      case 'remove':
        removeLocal(change.engineId, change.id);
        break;
      case 'snapshot': {
        const others = networks.value.filter((n) => n.engineId !== change.engineId);
        networks.value = [...others, ...change.networks.map((n) => ({ ...n, engineId: change.engineId }))];
        if (selectedKey.value && !byKey.value.has(selectedKey.value)) selectedKey.value = null;
        break;
      }
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      networks.value = await api.invoke('networks.list', {});
      loadError.value = null;
    } catch (e) {
      loadError.value = ApiError.wrap(e);
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  /** Subscribes once, then loads; safe to call from every view that shows networks. */
  async function init(): Promise<void> {
    if (subscribed) return;
    subscribed = true;
    api.on('networks.changed', applyChange);
    api.onReconnect(() => void load());
    await load();
  }

  function select(key: string | null): void {
    selectedKey.value = key;
  }

  /** Selects a network by engine and name (the map links by name). */
  function selectByName(engineId: string, name: string): void {
    const found = networks.value.find((n) => n.engineId === engineId && n.name === name);
    selectedKey.value = found ? networkKey(found) : null;
  }

  /** Lists the new network at once; failures throw so the form can place them under its fields. */
  async function create(request: RequestOf<'networks.create'>): Promise<Network> {
    const created = await api.invoke('networks.create', request);
    upsert({ ...created, engineId: request.engineId });
    return created;
  }

  /** Runs one action for one item, recording it as pending and keeping its failure. */
  async function track(itemKey: string, action: NetworkAction, run: () => Promise<void>): Promise<boolean> {
    if (pending.value[itemKey]) return false;
    pending.value[itemKey] = action;
    delete errors.value[itemKey];
    try {
      await run();
      return true;
    } catch (e) {
      const error = ApiError.wrap(e);
      errors.value[itemKey] = { action, code: error.code, message: error.message, details: error.details };
      return false;
    } finally {
      delete pending.value[itemKey];
    }
  }

  /** The engine's answer is only `ok`; its event may lag, so the network is read back at once. */
  async function refresh(engineId: string, id: string): Promise<void> {
    try {
      upsert({ ...(await api.invoke('networks.inspect', { engineId, id })), engineId });
    } catch {
      // The event stream still brings the change; a failed read-back is not the action's failure.
    }
  }

  function remove(key: string): Promise<boolean> {
    const n = byKey.value.get(key);
    if (!n) return Promise.resolve(false);
    return track(key, 'remove', async () => {
      await api.invoke('networks.remove', { engineId: n.engineId, id: n.id });
      removeLocal(n.engineId, n.id);
    });
  }

  function connect(key: string, options: ConnectOptions): Promise<boolean> {
    const n = byKey.value.get(key);
    if (!n) return Promise.resolve(false);
    return track(key, 'connect', async () => {
      const request: RequestOf<'networks.connect'> = { engineId: n.engineId, network: n.name, container: options.container };
      if (options.aliases?.length) request.aliases = options.aliases;
      if (options.ipv4Address) request.ipv4Address = options.ipv4Address;
      await api.invoke('networks.connect', request);
      await refresh(n.engineId, n.id);
    });
  }

  function disconnect(key: string, containerId: string): Promise<boolean> {
    const n = byKey.value.get(key);
    if (!n) return Promise.resolve(false);
    return track(memberKey(key, containerId), 'disconnect', async () => {
      await api.invoke('networks.disconnect', { engineId: n.engineId, network: n.name, container: containerId });
      await refresh(n.engineId, n.id);
    });
  }

  function clearError(itemKey: string): void {
    delete errors.value[itemKey];
  }

  return {
    networks,
    loaded,
    loading,
    loadError,
    selectedKey,
    pending,
    errors,
    byKey,
    byEngine,
    selected,
    forEngine,
    applyChange,
    load,
    init,
    select,
    selectByName,
    create,
    remove,
    connect,
    disconnect,
    clearError,
  };
});
