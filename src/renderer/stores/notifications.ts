import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PortConflictEvent } from '../../shared/contract';
import { api } from '../api/client';

export const TOAST_TIMEOUT_MS = 10_000;
export const MAX_TOASTS = 4;

export interface Toast {
  key: string;
  event: PortConflictEvent;
}

/**
 * In-app notification cards, fed by `ports.conflict`. In browser mode they are the only
 * notification; in Electron the desktop one shows too, which does no harm. Each conflict `key`
 * is shown once per session, as the main process intends.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  /** Newest first; never more than MAX_TOASTS. */
  const toasts = ref<Toast[]>([]);
  const seen = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let subscribed = false;

  function dismiss(key: string): void {
    const timer = timers.get(key);
    if (timer) clearTimeout(timer);
    timers.delete(key);
    toasts.value = toasts.value.filter((t) => t.key !== key);
  }

  /** Shows a conflict unless its key was shown before; returns whether it did. */
  function notify(event: PortConflictEvent): boolean {
    if (seen.has(event.key)) return false;
    seen.add(event.key);
    toasts.value = [{ key: event.key, event }, ...toasts.value];
    for (const old of toasts.value.slice(MAX_TOASTS)) dismiss(old.key);
    timers.set(
      event.key,
      setTimeout(() => dismiss(event.key), TOAST_TIMEOUT_MS),
    );
    return true;
  }

  function init(): void {
    if (subscribed) return;
    subscribed = true;
    api.on('ports.conflict', (event) => void notify(event));
  }

  return { toasts, notify, dismiss, init };
});
