import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DiagnosticsAlert, PortConflictEvent } from '../../shared/contract';
import { api } from '../api/client';
import { placeText } from '../lib/port-holders';

export const TOAST_TIMEOUT_MS = 10_000;
export const MAX_TOASTS = 4;

export interface Toast {
  key: string;
  title: string;
  message: string;
  /** The container a click opens, when there is one. */
  engineId: string | null;
  containerId: string | null;
}

function conflictToast(e: PortConflictEvent): Toast {
  const who = e.containerName ? ` for ${e.containerName.replace(/^\//, '')}` : '';
  return { key: e.key, title: `Port ${placeText(e)} is taken${who}`, message: e.message, engineId: e.engineId, containerId: e.containerId };
}

function alertToast(a: DiagnosticsAlert): Toast {
  return {
    key: `start-check:${a.engineId}#${a.containerId}#${a.checkId}`,
    title: `${a.containerName.replace(/^\//, '')} started, but its port is not reachable`,
    message: a.summary,
    engineId: a.engineId,
    containerId: a.containerId,
  };
}

/**
 * In-app notification cards, fed by `ports.conflict` and by the quick check after a start
 * (`diagnostics.alert`). In browser mode they are the only
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

  function show(toast: Toast): boolean {
    if (seen.has(toast.key)) return false;
    seen.add(toast.key);
    toasts.value = [toast, ...toasts.value];
    for (const old of toasts.value.slice(MAX_TOASTS)) dismiss(old.key);
    timers.set(
      toast.key,
      setTimeout(() => dismiss(toast.key), TOAST_TIMEOUT_MS),
    );
    return true;
  }

  /** Shows a conflict unless its key was shown before; returns whether it did. */
  const notify = (event: PortConflictEvent): boolean => show(conflictToast(event));
  /** Shows a failed quick check after a start, once per container and cause. */
  const notifyAlert = (alert: DiagnosticsAlert): boolean => show(alertToast(alert));

  function init(): void {
    if (subscribed) return;
    subscribed = true;
    api.on('ports.conflict', (event) => void notify(event));
    api.on('diagnostics.alert', (alert) => void notifyAlert(alert));
  }

  return { toasts, notify, notifyAlert, dismiss, init };
});
