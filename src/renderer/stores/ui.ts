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
  /** Bumped to ask the containers view to focus its search box. */
  const focusSearchSeq = ref(0);

  function requestAction(key: string, action: ContainerAction): void {
    confirmRequest.value = { key, action };
  }

  function clearRequest(): void {
    confirmRequest.value = null;
  }

  function focusSearch(): void {
    focusSearchSeq.value++;
  }

  return { confirmRequest, focusSearchSeq, requestAction, clearRequest, focusSearch };
});
