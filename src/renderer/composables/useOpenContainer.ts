import { useRouter } from 'vue-router';
import { useContainersStore } from '../stores/containers';

/**
 * Shows one container: the containers view with it selected. Used by notification cards, the
 * tray and desktop notifications (`ui.command` container.open) and the create form.
 */
export function useOpenContainer(): (engineId: string, id: string) => Promise<void> {
  const router = useRouter();
  const containers = useContainersStore();
  return async (engineId, id) => {
    if (router.currentRoute.value.path !== '/containers') await router.push('/containers');
    containers.select(containers.resolveKey(engineId, id));
  };
}
