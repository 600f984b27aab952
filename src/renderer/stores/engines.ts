import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Engine } from '../../shared/contract';
import { api, ApiError } from '../api/client';

export const useEnginesStore = defineStore('engines', () => {
  const engines = ref<Engine[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  let subscribed = false;

  const byId = computed(() => new Map(engines.value.map((e) => [e.id, e])));
  const available = computed(() => engines.value.filter((e) => e.status === 'available'));
  /** Every engine known has answered "unavailable": nothing is merely still connecting. */
  const allUnavailable = computed(
    () => engines.value.length > 0 && engines.value.every((e) => e.status === 'unavailable'),
  );

  async function load(): Promise<void> {
    loading.value = true;
    try {
      engines.value = await api.invoke('engines.list', {});
      error.value = null;
    } catch (e) {
      error.value = ApiError.wrap(e);
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  /** Subscribes once to live changes, then loads; safe to call from every view that needs engines. */
  async function init(): Promise<void> {
    if (subscribed) return;
    subscribed = true;
    api.on('engines.changed', ({ engines: next }) => {
      engines.value = next;
      loaded.value = true;
    });
    api.onReconnect(() => void load());
    await load();
  }

  function engineName(id: string): string {
    return byId.value.get(id)?.name || id;
  }

  return { engines, loaded, loading, error, byId, available, allUnavailable, load, init, engineName };
});
