import { computed, ref, type Ref } from 'vue';
import type { ChannelName, EventName, EventOf, RequestOf, ResultOf } from '../../shared/contract';
import { api, ApiError } from '../api/client';

/** A channel that lists a whole collection and needs no request fields. */
export type ListChannel = {
  [C in ChannelName]: ResultOf<C> extends readonly unknown[] ? (Record<never, never> extends RequestOf<C> ? C : never) : never;
}[ChannelName];

export type ItemOf<C extends ListChannel> = ResultOf<C> extends readonly (infer T)[] ? T : never;

/**
 * What one pushed event means for the collection. A `replace` without `scope` is the whole
 * collection; with one, it replaces only the items the scope matches (one engine's share).
 */
export type CollectionChange<T> = { type: 'upsert'; item: T } | { type: 'remove'; key: string } | { type: 'replace'; items: T[]; scope?: (item: T) => boolean };

export interface SyncedCollectionOptions<C extends ListChannel, E extends EventName> {
  key: (item: ItemOf<C>) => string;
  list: C;
  changed: E;
  /** Reads an event as a change; events carry the engine's truth, so they overwrite local state. */
  toChange: (payload: EventOf<E>) => CollectionChange<ItemOf<C>>;
  /** Called when an item is removed, so the store can drop what it keeps per item (pending, errors). */
  onRemove?: (key: string) => void;
}

/**
 * A keyed list loaded once from its list channel and kept current by its change event, with a
 * selection that never points at an item that left. Meant to be called inside a Pinia setup store,
 * which then exposes the parts under its own names.
 */
export function useSyncedCollection<C extends ListChannel, E extends EventName>(options: SyncedCollectionOptions<C, E>) {
  type T = ItemOf<C>;
  const items = ref([]) as Ref<T[]>;
  const loaded = ref(false);
  const loading = ref(false);
  const loadError = ref<ApiError | null>(null);
  const selectedKey = ref<string | null>(null);
  let subscribed = false;

  const byKey = computed(() => new Map(items.value.map((item) => [options.key(item), item])));
  const selected = computed(() => (selectedKey.value ? (byKey.value.get(selectedKey.value) ?? null) : null));

  function select(key: string | null): void {
    selectedKey.value = key;
  }

  function upsert(item: T): void {
    const key = options.key(item);
    const index = items.value.findIndex((i) => options.key(i) === key);
    if (index < 0) items.value.push(item);
    else items.value.splice(index, 1, item);
  }

  function remove(key: string): void {
    items.value = items.value.filter((i) => options.key(i) !== key);
    options.onRemove?.(key);
    if (selectedKey.value === key) selectedKey.value = null;
  }

  function replace(next: T[], scope?: (item: T) => boolean): void {
    items.value = scope ? [...items.value.filter((i) => !scope(i)), ...next] : next;
    // Only the whole collection answers "has it loaded?"; one engine's share does not.
    if (!scope) loaded.value = true;
    if (selectedKey.value && !byKey.value.has(selectedKey.value)) selectedKey.value = null;
  }

  function applyChange(payload: EventOf<E>): void {
    const change = options.toChange(payload);
    switch (change.type) {
      case 'upsert':
        upsert(change.item);
        break;
      case 'remove':
        remove(change.key);
        break;
      case 'replace':
        replace(change.items, change.scope);
        break;
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = (await api.invoke(options.list, {} as RequestOf<C>)) as T[];
      loadError.value = null;
    } catch (e) {
      loadError.value = ApiError.wrap(e);
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  /** Subscribes once, then loads; a reconnect refetches, since events sent during the outage are lost. */
  async function init(): Promise<void> {
    if (subscribed) return;
    subscribed = true;
    api.on(options.changed, applyChange);
    api.onReconnect(() => void load());
    await load();
  }

  return { items, loaded, loading, loadError, byKey, selectedKey, selected, select, upsert, remove, applyChange, load, init };
}
