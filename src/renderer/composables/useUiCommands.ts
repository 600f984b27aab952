import { onUnmounted } from 'vue';
import { useRouter } from 'vue-router';
import type { UiCommand } from '../../shared/contract';
import { api } from '../api/client';
import { canRun, containerKey, type ContainerAction } from '../lib/containers';
import { useContainersStore } from '../stores/containers';
import { useEnginesStore } from '../stores/engines';
import { useUiStore } from '../stores/ui';
import { useOpenContainer } from './useOpenContainer';

const CONTAINER_COMMANDS: Partial<Record<UiCommand['command'], ContainerAction>> = {
  'container.start': 'start',
  'container.stop': 'stop',
  'container.restart': 'restart',
  'container.remove': 'remove',
};

/** Applies application-menu commands to what the user has selected, as the buttons would. */
export function useUiCommands(): void {
  const router = useRouter();
  const containers = useContainersStore();
  const engines = useEnginesStore();
  const ui = useUiStore();
  const openContainer = useOpenContainer();

  async function showContainers(): Promise<void> {
    if (router.currentRoute.value.path !== '/containers') await router.push('/containers');
  }

  async function handle({ command, target }: UiCommand): Promise<void> {
    const action = CONTAINER_COMMANDS[command];
    if (action) {
      const selected = containers.selected;
      // The menu cannot know the selection's state; ignore what the buttons would have disabled.
      if (!selected || containers.pending[containerKey(selected)] || !canRun(action, selected.state)) return;
      await showContainers();
      ui.requestAction(containerKey(selected), action);
      return;
    }
    switch (command) {
      case 'containers.refresh':
        void engines.load();
        void containers.load();
        break;
      case 'containers.focusSearch':
        await showContainers();
        ui.focusSearch();
        break;
      case 'containers.toggleRunningOnly':
        containers.runningOnly = !containers.runningOnly;
        break;
      case 'containers.new':
        if (router.currentRoute.value.path !== '/containers/new') await router.push('/containers/new');
        break;
      case 'container.troubleshoot': {
        const selected = containers.selected;
        await router.push({ path: '/troubleshoot', query: selected ? { engineId: selected.engineId, id: selected.id } : {} });
        break;
      }
      case 'view.firewall':
        if (router.currentRoute.value.path !== '/firewall') await router.push('/firewall');
        break;
      case 'container.open':
        // Sent by the tray and by a click on a desktop notification.
        if (target) await openContainer(target.engineId, target.id);
        break;
    }
  }

  const off = api.on('ui.command', (payload) => void handle(payload));
  onUnmounted(off);
}
