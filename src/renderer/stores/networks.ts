import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Network, NetworksChanged, RequestOf } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { memberKey, networkKey, type NetworkAction } from '../lib/networks';
import { useSyncedCollection, type CollectionChange } from './synced-collection';

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
  /** By network key, or by `memberKey` for a disconnect. */
  const pending = ref<Record<string, NetworkAction>>({});
  const errors = ref<Record<string, NetworkFailure>>({});
  const collection = useSyncedCollection({
    key: networkKey,
    list: 'networks.list',
    changed: 'networks.changed',
    toChange: (change: NetworksChanged): CollectionChange<Network> => {
      switch (change.type) {
        case 'upsert':
          return { type: 'upsert', item: { ...change.network, engineId: change.engineId } };
        case 'remove':
          return { type: 'remove', key: networkKey({ engineId: change.engineId, id: change.id }) };
        case 'snapshot':
          return {
            type: 'replace',
            items: change.networks.map((n) => ({ ...n, engineId: change.engineId })),
            scope: (n) => n.engineId === change.engineId,
          };
      }
    },
    // A network's records and those of its members go with it.
    onRemove: (key) => {
      const ours = (k: string) => k === key || k.startsWith(`${key}|`);
      for (const k of Object.keys(pending.value)) if (ours(k)) delete pending.value[k];
      for (const k of Object.keys(errors.value)) if (ours(k)) delete errors.value[k];
    },
  });
  const { items: networks, byKey, selectedKey, upsert } = collection;

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

  function forEngine(engineId: string): Network[] {
    return byEngine.value.get(engineId) ?? [];
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
      collection.remove(key);
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
    loaded: collection.loaded,
    loading: collection.loading,
    loadError: collection.loadError,
    selectedKey,
    pending,
    errors,
    byKey,
    byEngine,
    selected: collection.selected,
    forEngine,
    applyChange: collection.applyChange,
    load: collection.load,
    init: collection.init,
    select: collection.select,
    selectByName,
    create,
    remove,
    connect,
    disconnect,
    clearError,
  };
});
