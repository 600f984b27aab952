import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ContainerAction } from '../lib/containers';

export interface ActionRequest {
  key: string;
  action: ContainerAction;
}

/**
 * UI intents that arrive from more than one place (a button, the application menu): both ask for
 * the same confirmation, so the request lives here rather than in one component.
 */
export const useUiStore = defineStore('ui', () => {
  const confirmRequest = ref<ActionRequest | null>(null);
  /** Set by the menu; the containers view (possibly mounted only later) focuses its search and clears it. */
  const focusSearchRequested = ref(false);

  function requestAction(key: string, action: ContainerAction): void {
    confirmRequest.value = { key, action };
  }

  function clearRequest(): void {
    confirmRequest.value = null;
  }

  function focusSearch(): void {
    focusSearchRequested.value = true;
  }

  return { confirmRequest, focusSearchRequested, requestAction, clearRequest, focusSearch };
});
