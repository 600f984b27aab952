import { defineStore } from 'pinia';
import { computed } from 'vue';
import { useSyncedCollection } from './synced-collection';

export const useEnginesStore = defineStore('engines', () => {
  const collection = useSyncedCollection({
    key: (e) => e.id,
    list: 'engines.list',
    changed: 'engines.changed',
    // Each event lists every engine: it replaces the whole collection.
    toChange: ({ engines }) => ({ type: 'replace', items: engines }),
  });
  const { items: engines, byKey: byId } = collection;

  const available = computed(() => engines.value.filter((e) => e.status === 'available'));
  /** Every engine known has answered "unavailable": nothing is merely still connecting. */
  const allUnavailable = computed(() => engines.value.length > 0 && engines.value.every((e) => e.status === 'unavailable'));

  function engineName(id: string): string {
    return byId.value.get(id)?.name || id;
  }

  return {
    engines,
    loaded: collection.loaded,
    loading: collection.loading,
    error: collection.loadError,
    byId,
    available,
    allUnavailable,
    load: collection.load,
    init: collection.init,
    engineName,
  };
});
