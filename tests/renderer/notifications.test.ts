// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/renderer/App.vue';
import { keyOf } from '../../src/renderer/lib/containers';
import { useContainersStore } from '../../src/renderer/stores/containers';
import { MAX_TOASTS, TOAST_TIMEOUT_MS } from '../../src/renderer/stores/notifications';
import { FakeTransport } from './support/fake-transport';
import { DOCKER, container, engine } from './support/fixtures';
import { mountWith } from './support/mount';
import { conflictEvent, untilRoute } from './support/ports';

let unmount: (() => void) | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  unmount?.();
  unmount = null;
  vi.useRealTimers();
});

async function mountApp(path = '/settings') {
  const fake = new FakeTransport();
  fake.engines = [engine()];
  fake.containers = [container({ id: 'a1', name: 'web' }), container({ id: 'b2', name: 'db', state: 'exited' })];
  const mounted = await mountWith(App, fake, path);
  await flushPromises();
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

describe('port conflict notifications', () => {
  it('shows a card once per key; clicking it opens the container', async () => {
    const { wrapper, fake, router } = await mountApp();
    const toasts = () => wrapper.findAll('[data-testid="toast"]');

    fake.push('ports.conflict', conflictEvent());
    fake.push('ports.conflict', conflictEvent({ message: 'the same conflict, again' }));
    await flushPromises();
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0].attributes('data-key')).toBe('docker#a1#8080/tcp');
    expect(toasts()[0].text()).toContain('held by pid 1234 (node server.js)');

    fake.push('ports.conflict', conflictEvent({ key: 'docker#b2#5432/tcp', containerId: 'b2', containerName: 'db', hostPort: 5432 }));
    await flushPromises();
    expect(toasts().map((t) => t.attributes('data-key'))).toEqual(['docker#b2#5432/tcp', 'docker#a1#8080/tcp']);

    await wrapper.find('[data-testid="toast"][data-key="docker#a1#8080/tcp"] [data-testid="toast-open"]').trigger('click');
    await untilRoute(router, '/containers');
    expect(useContainersStore().selectedKey).toBe(keyOf(DOCKER, 'a1'));
    expect(wrapper.find('[data-testid="detail-panel"]').attributes('data-name')).toBe('web');
    expect(toasts().map((t) => t.attributes('data-key'))).toEqual(['docker#b2#5432/tcp']);
  });

  it('hides cards after ten seconds, shows at most four, and dismisses on ×', async () => {
    const { wrapper, fake } = await mountApp();
    const toasts = () => wrapper.findAll('[data-testid="toast"]');
    for (let i = 1; i <= 5; i++) fake.push('ports.conflict', conflictEvent({ key: `k${i}`, hostPort: 8000 + i }));
    await flushPromises();
    expect(toasts().map((t) => t.attributes('data-key'))).toEqual(['k5', 'k4', 'k3', 'k2']);
    expect(toasts()).toHaveLength(MAX_TOASTS);

    await toasts()[0].find('[data-testid="toast-dismiss"]').trigger('click');
    expect(toasts().map((t) => t.attributes('data-key'))).toEqual(['k4', 'k3', 'k2']);

    await vi.advanceTimersByTimeAsync(TOAST_TIMEOUT_MS);
    expect(toasts()).toHaveLength(0);
  });

  it('a card without a container has nothing to open', async () => {
    const { wrapper, fake } = await mountApp();
    fake.push('ports.conflict', conflictEvent({ key: 'host', engineId: null, containerId: null, containerName: null }));
    await flushPromises();
    expect(wrapper.find('[data-testid="toast"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="toast-open"]').exists()).toBe(false);
  });
});

describe('quick check alerts', () => {
  it('shows a failed check after a start once, and opens the container on click', async () => {
    const { wrapper, fake, router } = await mountApp();
    const alert = {
      engineId: DOCKER,
      containerId: 'a1',
      containerName: 'web',
      checkId: 'listener-not-loopback-only',
      summary: '80/tcp listens only on 127.0.0.1 inside the container',
      fixes: ['httpd -p 0.0.0.0:80'],
    };
    fake.push('diagnostics.alert', alert);
    fake.push('diagnostics.alert', alert);
    await flushPromises();
    const toasts = wrapper.findAll('[data-testid="toast"]');
    expect(toasts).toHaveLength(1);
    expect(toasts[0].text()).toContain('web started, but its port is not reachable');
    expect(toasts[0].text()).toContain('listens only on 127.0.0.1');
    await toasts[0].find('[data-testid="toast-open"]').trigger('click');
    await untilRoute(router, '/containers');
    expect(useContainersStore().selectedKey).toBe(keyOf(DOCKER, 'a1'));
  });
});

describe('ui.command from the tray and desktop notifications', () => {
  it('container.open selects the target; containers.new opens the form', async () => {
    const { wrapper, fake, router } = await mountApp();
    fake.push('ui.command', { command: 'container.open', target: { engineId: DOCKER, id: 'db' } });
    await untilRoute(router, '/containers');
    expect(useContainersStore().selectedKey).toBe(keyOf(DOCKER, 'b2')); // found by name

    fake.push('ui.command', { command: 'containers.new' });
    await untilRoute(router, '/containers/new');
    expect(wrapper.find('[data-testid="new-container-form"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="nav-new-container"]').classes()).toContain('active');
    expect(wrapper.find('[data-testid="nav-containers"]').classes()).not.toContain('active');
  });
});
