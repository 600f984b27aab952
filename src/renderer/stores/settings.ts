import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Settings, SettingsPatch } from '../../shared/contract';
import { api, ApiError } from '../api/client';

const MAX_SOCKETS = 32;

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<ApiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      settings.value = await api.invoke('settings.get', {});
      error.value = null;
    } catch (e) {
      error.value = ApiError.wrap(e);
    } finally {
      loading.value = false;
    }
  }

  async function saveSockets(engineSockets: string[]): Promise<boolean> {
    return save({ engineSockets });
  }

  async function save(patch: SettingsPatch): Promise<boolean> {
    saving.value = true;
    try {
      settings.value = await api.invoke('settings.update', patch);
      error.value = null;
      return true;
    } catch (e) {
      error.value = ApiError.wrap(e);
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** Checks what the user can fix before asking the server; the server still validates the path. */
  async function addSocket(input: string): Promise<boolean> {
    const socket = input.trim();
    const current = settings.value?.engineSockets ?? [];
    let problem: string | null = null;
    if (!socket) problem = 'Enter a socket path.';
    else if (!socket.startsWith('/') && !socket.startsWith('unix://')) problem = 'Use an absolute path (/run/user/1000/podman/podman.sock) or a unix:// URL.';
    else if (current.includes(socket)) problem = 'That socket is already in the list.';
    else if (current.length >= MAX_SOCKETS) problem = `At most ${MAX_SOCKETS} sockets can be added.`;
    if (problem) {
      error.value = new ApiError('INVALID_INPUT', problem);
      return false;
    }
    return saveSockets([...current, socket]);
  }

  async function removeSocket(socket: string): Promise<boolean> {
    const current = settings.value?.engineSockets ?? [];
    return saveSockets(current.filter((s) => s !== socket));
  }

  return { settings, loading, saving, error, load, save, addSocket, removeSocket };
});
