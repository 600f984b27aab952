import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FirewallStatus } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import type { Slot } from './dns';

/** The host firewall and how far each published port reaches; read on demand (it may shell out). */
export const useFirewallStore = defineStore('firewall', () => {
  const status = ref<Slot<FirewallStatus>>({ pending: false, data: null, error: null });
  let seq = 0;

  async function refresh(engineId?: string): Promise<FirewallStatus | null> {
    const mine = ++seq;
    status.value = { ...status.value, pending: true, error: null };
    try {
      const data = await api.invoke('firewall.status', engineId ? { engineId } : {});
      if (mine === seq) status.value = { pending: false, data, error: null };
      return data;
    } catch (e) {
      // Keep the previous answer on screen next to the error: it is still the best we know.
      if (mine === seq) status.value = { pending: false, data: status.value.data, error: ApiError.wrap(e) };
      return null;
    }
  }

  /** Reads the status once; later visits show it and refresh only on request. */
  async function ensure(): Promise<void> {
    if (!status.value.data && !status.value.pending) await refresh();
  }

  return { status, refresh, ensure };
});
